/**
 * Read replicas against a real streaming replica: a primary and a `pg_basebackup -R` copy
 * of it, both started by this file (test/support/replica-pair.ts). Where a statement ran is
 * observed with `pg_is_in_recovery()` (true on the replica only), and, for model reads,
 * with replay paused on the replica: a row inserted since is on the primary only.
 */
import diagnosticsChannel from 'node:diagnostics_channel'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { column, createEngine, Gino, QueryError, sql, TRACING_CHANNELS, UnsupportedError, type Engine, type QueryTraceContext } from '../../src/index.js'
import { PassThrough } from 'node:stream'
import { resolveGinoConfig } from '../../src/integration/config.js'
import { GinoIntegration } from '../../src/integration/integration.js'
import { isReadOnlyNode } from '../../src/routing/read-only-node.js'
import { isReadOnlyText } from '../../src/routing/read-only-text.js'
import { Replica, ReplicaSet } from '../../src/routing/replica-set.js'
import { freePort } from '../support/listeners.js'
import { replicaPairMissing, startReplicaPair, type ReplicaPair } from '../support/replica-pair.js'

const missing = replicaPairMissing()
if (missing !== undefined) {
  if (process.env.CI) throw new Error(`CI=true and the replica suite cannot run: ${missing}.`)
  console.warn(`\n!!! replicas.test.ts is SKIPPED: ${missing}.\n`)
}

const warnings: string[] = []
const logger = { info: () => undefined, warn: (line: string) => void warnings.push(line) }

// Routing does not depend on prepared statements: the core `test` script's second pass over
// test/engine (GINO_TEST_PREPARE=false) does not start the two clusters again.
const secondPass = process.env.GINO_TEST_PREPARE === 'false'

describe.skipIf(missing !== undefined || secondPass)('read replicas', () => {
  let pair: ReplicaPair
  /** A plain engine on the replica, to pause and resume its replay. */
  let replicaAdmin: Engine
  const db = new Gino()
  class Item extends db.model('replica_items', {
    id: column.serial().primaryKey(),
    name: column.text().notNull(),
  }) {}
  const inRecovery = () => db.kysely.selectNoFrom((eb) => eb.fn<boolean>('pg_is_in_recovery').as('r'))

  /** Waits until `check` holds, up to 15 s. */
  async function until(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 15_000
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out waiting')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  /** Runs `fn` with the replica not replaying the primary's changes. */
  async function withReplayPaused<T>(fn: () => Promise<T>): Promise<T> {
    await replicaAdmin.status('SELECT pg_wal_replay_pause()', [], { bind: 'primary' })
    try {
      return await fn()
    } finally {
      await replicaAdmin.status('SELECT pg_wal_replay_resume()', [], { bind: 'primary' })
    }
  }

  beforeAll(async () => {
    pair = await startReplicaPair()
    replicaAdmin = await createEngine(pair.replicaUrl, { max: 1 })
    await db.setBind(pair.primaryUrl, { replicas: [pair.replicaUrl], replicaRetryMs: 200, logger, max: 4 })
    await db.createAll()
    // The table exists on the replica once it has replayed the CREATE.
    await until(async () => (await replicaAdmin.scalar("SELECT to_regclass('replica_items') IS NOT NULL")) === true)
  })

  afterAll(async () => {
    await db.popBind()?.close()
    await replicaAdmin?.close()
    await pair?.close()
  })

  it('sends reads outside a transaction to the replica and writes to the primary', async () => {
    expect(await db.scalar(inRecovery())).toBe(true)
    expect((await db.kysely.selectNoFrom((eb) => eb.fn<boolean>('pg_is_in_recovery').as('r')).executeTakeFirst())?.r).toBe(true)
    expect(await db.scalar('SELECT pg_is_in_recovery()')).toBe(true) // plainly read-only SQL text
    // A write runs on the primary (the replica would refuse it), and a model read of a
    // replayed row comes from the replica.
    const item = await Item.create({ name: 'a' })
    await until(async () => (await Item.get(item.id)) !== null)
    const seen: QueryTraceContext[] = []
    const handlers = { asyncEnd: (context: QueryTraceContext) => void seen.push(context) }
    const channel = diagnosticsChannel.tracingChannel<object, QueryTraceContext>(TRACING_CHANNELS.query)
    channel.subscribe(handlers as never)
    try {
      expect((await Item.get(item.id))?.name).toBe('a')
      await Item.create({ name: 'b' })
    } finally {
      channel.unsubscribe(handlers as never)
    }
    const replicaPort = new URL(pair.replicaUrl).port
    expect(seen.map((event) => [event.sql.split(' ')[0]!.toLowerCase(), event.role])).toEqual([
      ['select', 'replica'],
      ['insert', 'primary'],
    ])
    expect(seen[0]!.server).toBe(`127.0.0.1:${replicaPort}`)
  })

  it('keeps on the primary what it cannot know only reads, unless marked', async () => {
    await db.status("CREATE OR REPLACE FUNCTION replica_probe() RETURNS boolean LANGUAGE sql AS 'SELECT pg_is_in_recovery()'")
    await until(async () => (await replicaAdmin.scalar("SELECT to_regproc('replica_probe') IS NOT NULL")) === true)
    const probe = db.kysely.selectNoFrom((eb) => eb.fn<boolean>('replica_probe').as('r'))
    expect(await db.scalar(probe)).toBe(false)
    expect(await db.scalar('SELECT replica_probe()')).toBe(false)
    expect(await db.scalar('SELECT replica_probe()', [], { bind: 'replica' })).toBe(true)
    expect(await db.scalar(inRecovery(), { bind: 'primary' })).toBe(false)
    expect(await db.primary(() => db.scalar(inRecovery()))).toBe(false)
    // FOR UPDATE locks: the primary.
    const items = db.kysely as unknown as Kysely<{ replica_items: { id: number } }>
    expect(await db.scalar(items.selectFrom('replica_items').select((eb) => eb.fn<boolean>('pg_is_in_recovery').as('r')).limit(1).forUpdate())).toBe(false)
    // An engine told that the function only reads sends it to the replica.
    const marked = await createEngine(pair.primaryUrl, { replicas: [pair.replicaUrl], readOnlyFunctions: ['replica_probe'], max: 2 })
    try {
      expect(await marked.scalar('SELECT replica_probe()')).toBe(true)
      expect(db.stats().map((entry) => entry.role)).toEqual(['primary', 'replica'])
      expect(marked.replicas.map((replica) => replica.url)).toEqual([pair.replicaUrl])
    } finally {
      await marked.close()
    }
  })

  it('reads your writes: a scope that wrote reads from the primary; a transaction is on the primary', async () => {
    await withReplayPaused(async () => {
      await db.acquire({ lazy: true }, async () => {
        expect(await db.scalar(inRecovery())).toBe(true)
        const item = await Item.create({ name: 'mine' })
        expect(await db.scalar(inRecovery())).toBe(false)
        expect((await Item.get(item.id))?.name).toBe('mine')
      })
      // Outside the scope the replica (paused) has not seen it.
      const other = await Item.create({ name: 'theirs' })
      expect(await Item.get(other.id)).toBeNull()
      expect(await db.primary(() => Item.get(other.id))).not.toBeNull()
      expect(await Item.get(other.id, { bind: 'primary' })).not.toBeNull()
      expect(await Item.first(undefined, { bind: 'primary' })).not.toBeNull()
      await db.transaction(async () => {
        expect(await db.scalar(inRecovery())).toBe(false)
        expect(await Item.get(other.id)).not.toBeNull()
      })
    })
  })

  it('keeps a schema scope on its own connection: a replica has not its search_path', async () => {
    await db.status('CREATE SCHEMA IF NOT EXISTS replica_tenant')
    await db.status('CREATE TABLE IF NOT EXISTS replica_tenant.replica_items (id serial PRIMARY KEY, name text NOT NULL)')
    await db.status("INSERT INTO replica_tenant.replica_items (name) VALUES ('tenant row')")
    await db.withSchema('replica_tenant', async () => {
      expect(await db.scalar(inRecovery())).toBe(false)
      expect((await Item.all()).map((item) => item.name)).toEqual(['tenant row'])
    })
  })

  it('reads your writes in a framework request: DB_REPLICA_DSNS, then the primary once the request wrote', async () => {
    const web = new Gino()
    class WebItem extends web.model('replica_items', { id: column.serial().primaryKey(), name: column.text().notNull() }) {}
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }
    const integration = new GinoIntegration(web, {
      env: { DB_DSN: pair.primaryUrl, DB_REPLICA_DSNS: pair.replicaUrl, DB_POOL_MIN_SIZE: '0', DB_POOL_MAX_SIZE: '2' },
      logger: quiet,
    })
    await integration.start()
    try {
      await withReplayPaused(async () => {
        const request = async <T>(handler: () => Promise<T>): Promise<T> => {
          const response = new PassThrough()
          const { run } = await integration.admit({ request: {}, url: '/', response })
          try {
            return await run(handler)
          } finally {
            response.end()
            response.resume()
          }
        }
        const written = await request(async () => {
          expect(await web.scalar('SELECT pg_is_in_recovery()')).toBe(true)
          const item = await WebItem.create({ name: 'posted' })
          expect(await web.scalar('SELECT pg_is_in_recovery()')).toBe(false)
          expect((await WebItem.get(item.id))?.name).toBe('posted')
          return item.id
        })
        // The next request has not written: its read goes to the (paused) replica.
        expect(await request(() => WebItem.get(written))).toBeNull()
      })
    } finally {
      await integration.stop()
    }
  })

  it('falls back to the primary while the replica is down, and uses it again once it is back', async () => {
    warnings.length = 0
    await pair.stopReplica()
    try {
      // No error reaches the caller: the read is retried on the primary.
      expect(await db.scalar(inRecovery())).toBe(false)
      expect(await Item.first()).not.toBeNull()
      expect(warnings.some((line) => line.includes('is unreachable'))).toBe(true)
      // A SQL error is reported as it is.
      await expect(db.all(db.kysely.selectFrom('no_such_table' as never).selectAll())).rejects.toBeInstanceOf(QueryError)
    } finally {
      await pair.startReplica()
    }
    await until(async () => (await db.scalar(inRecovery())) === true)
  })

  it('gives no reads to a replica that lags more than maxReplicaLagMs', async () => {
    const engine = await createEngine(pair.primaryUrl, {
      replicas: [pair.replicaUrl],
      maxReplicaLagMs: 100,
      replicaLagCheckMs: 50,
      max: 2,
      logger,
    })
    const recovery = 'SELECT pg_is_in_recovery()'
    try {
      expect(await engine.scalar(recovery)).toBe(true)
      await withReplayPaused(async () => {
        await engine.status("INSERT INTO replica_items (name) VALUES ('lag')")
        await until(async () => (await engine.scalar(recovery)) === false)
      })
      await until(async () => (await engine.scalar(recovery)) === true)
    } finally {
      await engine.close()
    }
  })

  it('starts with a replica that is down, its reads on the primary, with a warning', async () => {
    warnings.length = 0
    const nowhere = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`
    const engine = await createEngine(pair.primaryUrl, { replicas: [nowhere, pair.replicaUrl], max: 2, logger })
    try {
      expect(warnings).toEqual([expect.stringContaining(`replica 127.0.0.1:${new URL(nowhere).port} is unreachable`)])
      expect(warnings.join('')).not.toContain('postgres://')
      // Round-robin skips the one that is down: every read lands on the other replica.
      for (let i = 0; i < 3; i++) expect(await engine.scalar('SELECT pg_is_in_recovery()')).toBe(true)
      expect(engine.replicas).toHaveLength(2)
    } finally {
      await engine.close()
    }
  })

  it('refuses replicas for PGlite at setBind', async () => {
    const embedded = new Gino()
    await expect(embedded.setBind('pglite://', { replicas: [pair.replicaUrl] })).rejects.toBeInstanceOf(UnsupportedError)
  })
})

describe('telling reads from writes', () => {
  const db = new Gino()
  const none = new Set<string>()
  const reads = (query: Parameters<typeof db.compile>[0]): boolean => {
    const compiled = (query as { compile(): { query: Parameters<typeof isReadOnlyNode>[0] } }).compile()
    return isReadOnlyNode(compiled.query, none)
  }
  const k = db.kysely as unknown as Kysely<{ t: { id: number; name: string } }>

  it('reads a Kysely query from its operation node', () => {
    expect(reads(k.selectFrom('t').selectAll().where('id', '=', 1))).toBe(true)
    expect(reads(k.selectFrom('t').select((eb) => [eb.fn.count<number>('id').as('n'), eb.fn.coalesce('name', eb.val('x')).as('c')]))).toBe(true)
    expect(reads(k.selectFrom('t').selectAll().distinct())).toBe(true)
    expect(reads(k.selectFrom('t').selectAll().forUpdate())).toBe(false)
    expect(reads(k.selectFrom('t').selectAll().forShare().skipLocked())).toBe(false)
    expect(reads(k.selectFrom('t').select((eb) => eb.fn('nextval', [eb.val('seq')]).as('n')))).toBe(false)
    expect(reads(k.insertInto('t').values({ id: 1, name: 'a' }))).toBe(false)
    expect(reads(k.with('gone', (q) => q.deleteFrom('t').returningAll()).selectFrom('gone').selectAll())).toBe(false)
    expect(reads(k.selectFrom('t').select(sql<number>`id + 1`.as('next')))).toBe(true)
    expect(reads(k.selectFrom('t').select(sql<number>`my_counter()`.as('c')))).toBe(false)
    expect(isReadOnlyNode(k.selectFrom('t').select((eb) => eb.fn('my_counter').as('c')).compile().query, new Set(['my_counter']))).toBe(true)
  })

  it('reads SQL text conservatively', () => {
    const text = (sqlText: string) => isReadOnlyText(sqlText, none)
    expect(text('SELECT id, lower(name) FROM t WHERE id = $1')).toBe(true)
    expect(text("SELECT 'nextval(x); DELETE' AS s, \"update\" FROM t -- update\n")).toBe(true)
    expect(text('WITH x AS (SELECT 1) SELECT count(*) FROM x')).toBe(true)
    expect(text('SELECT * FROM t FOR UPDATE')).toBe(false)
    expect(text('SELECT * FROM t FOR KEY SHARE')).toBe(false)
    expect(text('SELECT * INTO t2 FROM t')).toBe(false)
    expect(text('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d')).toBe(false)
    expect(text("SELECT nextval('s')")).toBe(false)
    expect(text('SELECT "Lower"(name) FROM t')).toBe(false)
    expect(text('SELECT "app".lower(name) FROM t')).toBe(false) // app's lower(), not the built-in
    expect(text('SELECT app."lower"(name) FROM t')).toBe(false)
    expect(text('SELECT pg_catalog.lower(name) FROM t')).toBe(true)
    expect(text("SELECT E'tab\\there'")).toBe(false) // backslash escapes are not followed
    expect(text('SELECT 1; SELECT 2')).toBe(false)
    expect(text('SELECT $$x$$')).toBe(false)
    expect(text('UPDATE t SET name = $1')).toBe(false)
  })

  it('takes DB_REPLICA_DSNS (or the replicaDsns setting) into the engine options', () => {
    const dsn = 'postgres://app@db/app'
    const env = { DB_DSN: dsn, DB_REPLICA_DSNS: ' postgres://app@r1/app , postgres://app@r2/app,' }
    expect(resolveGinoConfig({}, env).engineOptions.replicas).toEqual(['postgres://app@r1/app', 'postgres://app@r2/app'])
    expect(resolveGinoConfig({ replicaDsns: ['postgres://app@r3/app'] }, env).engineOptions.replicas).toEqual(['postgres://app@r3/app'])
    expect(resolveGinoConfig({}, { DB_DSN: dsn }).engineOptions).not.toHaveProperty('replicas')
    expect(() => resolveGinoConfig({ replicaDsns: ['postgres://app:secret@r1/app', ''] }, { DB_DSN: dsn })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret') as string }) as Error,
    )
  })
})

describe('replica rotation', () => {
  it('goes round-robin among replicas that are up and not lagging; a replica down is retried after replicaRetryMs', async () => {
    const lines: string[] = []
    const [a, b] = [new Replica({} as Engine, 'a:5432'), new Replica({} as Engine, 'b:5432')]
    const set = new ReplicaSet([a, b], { retryMs: 50, maxLagMs: undefined, lagCheckMs: 1000, logger: { info: () => undefined, warn: (line) => void lines.push(line) } })
    const picks = () => [1, 2, 3, 4].map(() => set.pick()?.server)
    expect(picks()).toEqual(['a:5432', 'b:5432', 'a:5432', 'b:5432'])
    set.markDown(a, new Error('gone'))
    set.markDown(a, new Error('still gone'))
    expect(lines).toHaveLength(1) // one warning per outage
    expect(picks()).toEqual(['b:5432', 'b:5432', 'b:5432', 'b:5432'])
    b.lagging = true
    expect(set.pick()).toBeUndefined() // reads go to the primary
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(picks()).toEqual(['a:5432', 'a:5432', 'a:5432', 'a:5432'])
  })
})
