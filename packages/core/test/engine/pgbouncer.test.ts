/**
 * Through a real PgBouncer in transaction mode: each transaction may run on a different
 * server connection, startup parameters it does not know are refused, and the pid a
 * client sees is PgBouncer's, so cancelling must use the protocol's CancelRequest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConnectionError } from '../../src/errors.js'
import { createEngine, type Engine, type EngineOptions, QueryTimeoutError } from '../support/core.js'
import { serverAvailable } from '../support/drivers.js'
import { openServerEngine, rejection } from '../support/engines.js'
import { PGBOUNCER, type PgBouncer, startPgBouncer } from './pgbouncer-server.js'

const TABLE = `eng_bouncer_${process.pid}`

describe.skipIf(!serverAvailable || PGBOUNCER === undefined)('through PgBouncer in transaction mode [pg]', () => {
  let bouncer: PgBouncer
  let direct: Engine
  let engine: Engine
  const engines: Engine[] = []
  const open = async (options?: EngineOptions) => {
    const opened = await createEngine(bouncer.url, { acquireTimeout: 5000, ...options })
    engines.push(opened)
    return opened
  }

  beforeAll(async () => {
    // One server connection behind the pooler: every client shares it, which makes a
    // leaked session setting visible to the next client.
    bouncer = await startPgBouncer({ default_pool_size: 1 })
    direct = await openServerEngine()
    await direct.status(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, name text)`)
    engine = await open({ max: 4, pooler: true })
  }, 30_000)
  afterAll(async () => {
    await Promise.allSettled(engines.map((opened) => opened.close()))
    if (direct) {
      await direct.status(`DROP TABLE IF EXISTS ${TABLE}`)
      await direct.close()
    }
    await bouncer?.stop()
  })

  it('runs CRUD, transactions, savepoints and cursors', async () => {
    await engine.status(`INSERT INTO ${TABLE} VALUES (:id, :name)`, { id: 1, name: 'ann' })
    await engine.status(`UPDATE ${TABLE} SET name = :name WHERE id = :id`, { id: 1, name: 'bob' })
    expect(await engine.scalar(`SELECT name FROM ${TABLE} WHERE id = :id`, { id: 1 })).toBe('bob')
    await engine.transaction(async () => {
      await engine.status(`INSERT INTO ${TABLE} VALUES (2, 'kept')`)
      await rejection(
        engine.transaction(async () => {
          await engine.status(`INSERT INTO ${TABLE} VALUES (3, 'rolled back')`)
          throw new Error('undo the savepoint')
        }),
      )
    })
    await rejection(
      engine.transaction(async () => {
        await engine.status(`INSERT INTO ${TABLE} VALUES (4, 'rolled back')`)
        throw new Error('undo')
      }),
    )
    expect(await engine.all(`SELECT id FROM ${TABLE} ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }])
    const seen: number[] = []
    await engine.transaction(async () => {
      for await (const row of engine.iterate('SELECT generate_series(1, :n) AS n', { n: 25 }, { chunkSize: 10 })) {
        seen.push((row as { n: number }).n)
      }
    })
    expect(seen).toHaveLength(25)
    await engine.status(`DELETE FROM ${TABLE} WHERE id = 1`)
    expect(await direct.scalar(`SELECT count(*)::int FROM ${TABLE}`)).toBe(1)
  })

  it('statementTimeout without pooler: true is refused at createEngine, with a hint', async () => {
    const error = await rejection(open({ statementTimeout: 200 }))
    expect(error).toBeInstanceOf(ConnectionError)
    expect((error as Error).message).toMatch(/unsupported startup parameter.*pooler: true/)
    const withOptions = await rejection(createEngine(`${bouncer.url}?options=-c%20search_path%3Dapp`))
    expect((withOptions as Error).message).toMatch(/does not pass "options" on.*ignore_startup_parameters/)
  })

  it('statementTimeout with pooler: true cancels long statements, in and out of transactions, and leaks to no one', async () => {
    const limited = await open({ statementTimeout: 200, pooler: true })
    const started = Date.now()
    const outside = await rejection(limited.scalar('SELECT pg_sleep(5)'))
    expect(outside).toBeInstanceOf(QueryTimeoutError)
    expect(outside).toMatchObject({ sqlState: '57014', timeoutMs: 200 })
    const inside = await rejection(
      limited.transaction(async () => {
        expect(await limited.scalar('SHOW statement_timeout')).toBe('200ms')
        await limited.scalar('SELECT pg_sleep(5)')
      }),
    )
    expect(inside).toBeInstanceOf(QueryTimeoutError)
    expect(inside).toMatchObject({ sqlState: '57014', timeoutMs: 200 })
    expect(Date.now() - started).toBeLessThan(3000)
    // The same (only) server connection, used by another client: no timeout left behind.
    expect(await engine.scalar('SHOW statement_timeout')).toBe('0')
    expect(await limited.scalar('SELECT 1')).toBe(1)
  })

  it('a per-call timeout cancels through the pooler (CancelRequest), outside and inside a transaction', async () => {
    const started = Date.now()
    const outside = await rejection(engine.scalar('SELECT pg_sleep(5)', {}, { timeout: 150 }))
    expect(outside).toBeInstanceOf(QueryTimeoutError)
    expect(outside).toMatchObject({ sqlState: '57014', timeoutMs: 150 })
    const inside = await rejection(
      engine.transaction(() => engine.scalar('SELECT pg_sleep(5)', {}, { timeout: 150 })),
    )
    expect(inside).toBeInstanceOf(QueryTimeoutError)
    expect(Date.now() - started).toBeLessThan(3000)
    expect(await engine.scalar('SELECT 2')).toBe(2)
    // Nothing still sleeps in this worker's database (other files' workers have their own).
    const sleeping = await direct.scalar(
      "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%' AND state = 'active'",
    )
    expect(sleeping).toBe(0)
  })

  it('pooler: true prepares no statement; prepare: true asks for them explicitly', async () => {
    const prepared = 'SELECT count(*)::int FROM pg_prepared_statements'
    await engine.all(`SELECT id FROM ${TABLE} WHERE id = :id`, { id: 2 })
    // One server session behind the pooler: what the engine left there is visible here.
    expect(await engine.scalar(`${prepared} WHERE name LIKE 'gino%'`)).toBe(0)
    const asking = await open({ pooler: true, prepare: true, max: 1 })
    expect(asking.options.statementCacheSize).toBe(100)
    expect(await asking.scalar(`SELECT name FROM ${TABLE} WHERE id = :id`, { id: 2 })).toBe('kept')
    expect(await asking.scalar(`${prepared} WHERE name LIKE 'gino%'`)).toBeGreaterThan(0)
    await asking.close()
  })

  it('a schema scope with pooler: true runs in its schema and leaves the shared session in the default one', async () => {
    const schema = `${TABLE}_tenant`
    await direct.status(`CREATE SCHEMA "${schema}"`)
    try {
      await direct.status(`CREATE TABLE "${schema}".${TABLE} (id int PRIMARY KEY, name text)`)
      const before = await engine.scalar('SHOW search_path')
      await engine.withSchema(schema, async () => {
        await engine.status(`INSERT INTO ${TABLE} VALUES (1, 'tenant')`) // a transaction of its own
        expect(await engine.scalar(`SELECT name FROM ${TABLE} WHERE id = 1`)).toBe('tenant')
        await engine.transaction(async () => {
          expect(await engine.scalar('SELECT current_schema()')).toBe(schema)
          await engine.status(`UPDATE ${TABLE} SET name = 'again' WHERE id = 1`)
        })
      })
      // One server session behind the pooler: a SET left there would show here.
      expect(await engine.scalar('SHOW search_path')).toBe(before)
      expect(await direct.scalar(`SELECT name FROM "${schema}".${TABLE} WHERE id = 1`)).toBe('again')
      expect(await direct.scalar(`SELECT name FROM ${TABLE} WHERE id = 1`)).not.toBe('again')
    } finally {
      await direct.status(`DROP SCHEMA "${schema}" CASCADE`)
    }
  })

  it('pool: false opens a connection per use and closes it afterwards', async () => {
    const unpooled = await open({ pool: false, pooler: true })
    expect(unpooled.stats.total).toBe(0)
    await unpooled.status(`INSERT INTO ${TABLE} VALUES (10, 'unpooled')`)
    expect(unpooled.stats.total).toBe(0)
    await unpooled.transaction(async () => {
      await unpooled.status(`UPDATE ${TABLE} SET name = 'again' WHERE id = 10`)
      expect(unpooled.stats.total).toBe(1)
    })
    expect(unpooled.stats.total).toBe(0)
    expect(await direct.scalar(`SELECT name FROM ${TABLE} WHERE id = 10`)).toBe('again')
  })
})
