/**
 * Schema scopes (`acquire({ schema })`, `withSchema`): statements run with `search_path`
 * set to one quoted schema, connections go back to the pool with the default one, and
 * prepared statements are kept apart per schema.
 */
import diagnosticsChannel from 'node:diagnostics_channel'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { TRACING_CHANNELS, type QueryTraceContext } from '../../src/tracing/channels.js'
import { type Engine, InvalidOptionError, GinoError } from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine, rejection } from '../support/engines.js'

const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 7)}`

/** Every statement sent while `fn` runs, as the `gino-ts:query` channel sees it. */
async function statementsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = []
  const channel = diagnosticsChannel.tracingChannel<object, QueryTraceContext>(
    TRACING_CHANNELS.query,
  )
  const handlers = {
    start: (context: QueryTraceContext) => void seen.push(context.sql),
    end() {},
    asyncStart() {},
    asyncEnd() {},
    error() {},
  }
  channel.subscribe(handlers)
  try {
    await fn()
  } finally {
    channel.unsubscribe(handlers)
  }
  return seen
}

describeEachDriver('schema scopes', (driver) => {
  // Two tenants whose `items` differ in columns: one SQL text, two result types.
  const a = `sc_a_${suffix}`
  const b = `sc_b_${suffix}`
  const odd = `sc "odd"; DROP TABLE x ${suffix}`.slice(0, 60)
  let setup: Engine
  const engines: Engine[] = []
  const createSchemas = async (engine: Engine): Promise<void> => {
    for (const [schema, columns] of [
      [a, 'id int, name text'],
      [b, 'id int, name text, extra int'],
    ] as const) {
      await engine.status(`CREATE SCHEMA "${schema}"`)
      await engine.status(`CREATE TABLE "${schema}".items (${columns})`)
    }
    await engine.status(`INSERT INTO "${a}".items VALUES (1, 'a1')`)
    await engine.status(`INSERT INTO "${b}".items VALUES (1, 'b1', 7)`)
    await engine.status(`CREATE SCHEMA "${odd.replaceAll('"', '""')}"`)
  }
  // One connection (pg) so every scope below reuses the same server session. PGlite is one
  // connection already: the suite shares one (each PGlite engine is a database of its own).
  const open = async (options: Parameters<typeof openEngine>[1] = {}): Promise<Engine> => {
    if (driver.name === 'pglite') return setup
    const engine = await openEngine(driver, { max: 1, min: 1, ...options })
    engines.push(engine)
    return engine
  }

  beforeAll(async () => {
    setup = await openEngine(driver)
    await createSchemas(setup)
  })
  afterEach(async () => {
    await Promise.allSettled(engines.splice(0).map((engine) => engine.close()))
  })
  afterAll(async () => {
    for (const schema of [a, b, odd])
      await setup.status(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`)
    await setup.close()
  })

  const defaultPath = async (engine: Engine): Promise<unknown> => engine.scalar('SHOW search_path')

  it('runs a scope in its schema and gives the connection back with the default search_path', async () => {
    const engine = await open({ prepare: true })
    const before = await defaultPath(engine)
    for (let round = 0; round < 3; round++) {
      // Inside transactions: a prepared statement planned for the other schema would fail there.
      // With a parameter, so that PGlite prepares it too.
      const inA = await engine.withSchema(a, () =>
        engine.transaction(() => engine.all('SELECT * FROM items WHERE id >= :min ORDER BY id', { min: 0 })),
      )
      const inB = await engine.withSchema(b, () =>
        engine.transaction(() => engine.all('SELECT * FROM items WHERE id >= :min ORDER BY id', { min: 0 })),
      )
      expect(inA).toEqual([{ id: 1, name: 'a1' }])
      expect(inB).toEqual([{ id: 1, name: 'b1', extra: 7 }])
    }
    expect(await defaultPath(engine)).toBe(before)
    expect(await engine.withSchema(a, () => engine.scalar('SELECT current_schema()'))).toBe(a)
    expect(await defaultPath(engine)).toBe(before)
  })

  it('sends the name quoted, so any allowed name is safe', async () => {
    const engine = await open()
    expect(await engine.withSchema(odd, () => engine.scalar('SELECT current_schema()'))).toBe(odd)
    await expect(engine.withSchema('', () => 1)).rejects.toBeInstanceOf(InvalidOptionError)
    await expect(engine.withSchema('x'.repeat(64), () => 1)).rejects.toBeInstanceOf(
      InvalidOptionError,
    )
    await expect(engine.withSchema('a\u0000b', () => 1)).rejects.toBeInstanceOf(InvalidOptionError)
  })

  it('SETs the schema when the lazy connection is taken and RESETs it before it goes back', async () => {
    const engine = await open()
    const sent = await statementsOf(() =>
      engine.withSchema(a, async () => {
        await engine.transaction(() => engine.scalar('SELECT count(*) FROM items'))
      }),
    )
    expect(sent).toEqual([
      `SET search_path TO "${a}"`,
      'BEGIN',
      'SELECT count(*) FROM items',
      'COMMIT',
      'RESET search_path',
    ])
    // A scope that runs nothing takes no connection and sends nothing.
    expect(await statementsOf(() => engine.withSchema(a, () => 1))).toEqual([])
  })

  it('a connection given back mid-scope is RESET, and the next query takes one SET again', async () => {
    const engine = await open()
    const current = 'SELECT current_schema()'
    const sent = await statementsOf(() =>
      engine.acquire({ lazy: true, schema: a }, async (conn) => {
        expect(await conn.scalar(current)).toBe(a)
        await conn.release({ permanent: false })
        expect(await conn.scalar(current)).toBe(a)
      }),
    )
    const set = `SET search_path TO "${a}"`
    expect(sent).toEqual([set, current, 'RESET search_path', set, current, 'RESET search_path'])
  })

  it('connections and transactions taken inside a scope follow its schema', async () => {
    const engine = await open({ max: 3, min: 0 })
    await engine.withSchema(b, async () => {
      expect(
        await engine.transaction(() => engine.scalar('SELECT current_schema()'), { reuse: false }),
      ).toBe(b)
      expect(await engine.acquire((conn) => conn.scalar('SELECT current_schema()'))).toBe(b)
      const other = await engine.acquire({ schema: a })
      try {
        expect(await other.scalar('SELECT current_schema()')).toBe(a)
      } finally {
        await other.release()
      }
      const mismatch = await rejection(engine.acquire({ reuse: true, schema: a }, () => 1))
      expect(mismatch).toBeInstanceOf(GinoError)
      expect((mismatch as GinoError).code).toBe('SCHEMA_MISMATCH')
    })
  })

  // PGlite is one connection with no pooler in front: it keeps SET / RESET.
  describe.skipIf(driver.name === 'pglite')(
    'behind a transaction-mode pooler (pooler: true)',
    () => {
      it('SETs LOCAL in each transaction and wraps a statement outside any in one', async () => {
        const engine = await open({ pooler: true })
        const before = await defaultPath(engine)
        let rows: unknown[] = []
        const sent = await statementsOf(() =>
          engine.withSchema(b, async () => {
            rows = await engine.all('SELECT * FROM items ORDER BY id')
            await engine.transaction(() => engine.scalar('SELECT 1'))
          }),
        )
        expect(rows).toEqual([{ id: 1, name: 'b1', extra: 7 }])
        const begin = `BEGIN; SET LOCAL search_path TO "${b}"`
        expect(sent).toEqual([
          begin,
          'SELECT * FROM items ORDER BY id',
          'COMMIT',
          begin,
          'SELECT 1',
          'COMMIT',
        ])
        expect(
          sent.some(
            (statement) => statement.startsWith('SET search_path') || statement.startsWith('RESET'),
          ),
        ).toBe(false)
        expect(await defaultPath(engine)).toBe(before)
      })

      it('a failing statement outside a transaction ends its own transaction', async () => {
        const engine = await open({ pooler: true })
        await engine.withSchema(a, async () => {
          await expect(engine.scalar('SELECT extra FROM items')).rejects.toThrow()
          expect(await engine.scalar('SELECT name FROM items')).toBe('a1')
        })
        expect(
          await engine.scalar(
            'SELECT count(*)::int FROM pg_catalog.pg_namespace WHERE nspname = current_schema()',
          ),
        ).toBe(1)
      })
    },
  )
})
