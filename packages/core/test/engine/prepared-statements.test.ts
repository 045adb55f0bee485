/**
 * Automatic prepared statements (pg, and PGlite's wire path): one named statement per SQL
 * text and connection, a bounded LRU, and recovery when a statement goes stale (schema
 * change, DISCARD ALL).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Engine, InvalidOptionError, PreparedStatementError } from '../support/core.js'
import { describeEachDriver, describeServer } from '../support/drivers.js'
import { openEngine, openServerEngine, rejection } from '../support/engines.js'
import { spyOnWire } from '../support/wire-spy.js'
import { resolveEngineOptions } from '../../src/engine/options.js'

const TABLE = `eng_prep_${process.pid}`

// A parameterless statement ending with ';' is never prepared (see isPreparable), so this
// looks at the session's statements without adding one of its own.
const PREPARED = "SELECT coalesce(array_agg(statement ORDER BY statement), '{}') AS s FROM pg_prepared_statements WHERE name LIKE 'gino%';"

async function preparedOn(engine: Engine): Promise<string[]> {
  return (await engine.scalar(PREPARED)) as string[]
}

describe('prepare options', () => {
  it('prepare is on by default with a cache of 100, off behind a pooler unless asked for', () => {
    expect(resolveEngineOptions({}).statementCacheSize).toBe(100)
    expect(resolveEngineOptions({ prepare: false }).statementCacheSize).toBe(0)
    expect(resolveEngineOptions({ pooler: true }).statementCacheSize).toBe(0)
    expect(resolveEngineOptions({ pooler: true, prepare: true, statementCacheSize: 7 }).statementCacheSize).toBe(7)
    expect(() => resolveEngineOptions({ prepare: 'yes' as never })).toThrow(InvalidOptionError)
    expect(() => resolveEngineOptions({ statementCacheSize: 0 })).toThrow(InvalidOptionError)
  })
})

describeEachDriver('prepared statements', (driver) => {
  let engine: Engine
  const engines: Engine[] = []
  const open = async (options: Parameters<typeof openEngine>[1]) => {
    // One connection: every statement below runs in the same server session.
    const opened = await openEngine(driver, { max: 1, ...options })
    engines.push(opened)
    return opened
  }

  beforeAll(async () => {
    engine = await open({ prepare: true })
  })
  afterEach(async () => {
    await engine.status(`DROP TABLE IF EXISTS ${TABLE}`)
  })
  afterAll(async () => {
    await Promise.allSettled(engines.map((opened) => opened.close()))
  })

  const create = async (target: Engine): Promise<void> => {
    await target.status(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, name text)`)
    await target.status(`INSERT INTO ${TABLE} VALUES (1, 'ann'), (2, 'bob')`)
  }

  it('prepares a statement once per connection and runs it by name afterwards', async () => {
    await create(engine)
    const byId = `SELECT name FROM ${TABLE} WHERE id = :id`
    expect(await engine.scalar(byId, { id: 1 })).toBe('ann')
    expect(await engine.scalar(byId, { id: 2 })).toBe('bob')
    await engine.transaction(() => engine.scalar(byId, { id: 1 }))
    const statements = (await preparedOn(engine)).filter((sql) => sql.startsWith(`SELECT name FROM ${TABLE}`))
    expect(statements).toEqual([`SELECT name FROM ${TABLE} WHERE id = $1`])
  })

  it('prepare: false prepares nothing', async () => {
    const plain = await open({ prepare: false })
    await create(plain)
    expect(await plain.scalar(`SELECT name FROM ${TABLE} WHERE id = :id`, { id: 2 })).toBe('bob')
    expect((await preparedOn(plain)).filter((sql) => sql.includes(TABLE))).toEqual([])
  })

  it('keeps at most statementCacheSize statements, closes the least recently used, and prepares it again when needed', async () => {
    const small = await open({ prepare: true, statementCacheSize: 2 })
    await create(small)
    const query = (n: number) => `SELECT name, ${n} AS n FROM ${TABLE} WHERE id = :id`
    for (const n of [1, 2, 3]) expect(await small.scalar(query(n), { id: 1 })).toBe('ann')
    const mine = async () => (await preparedOn(small)).filter((sql) => sql.includes(TABLE))
    // The first was dropped on the server to make room.
    expect(await mine()).toEqual([2, 3].map((n) => query(n).replace(':id', '$1')))
    expect(await small.scalar(query(1), { id: 2 })).toBe('bob')
    expect(await mine()).toEqual([1, 3].map((n) => query(n).replace(':id', '$1')))
  })

  it('a schema change that alters a cached result is recovered from outside a transaction', async () => {
    await create(engine)
    const all = `SELECT * FROM ${TABLE} WHERE id = :id`
    expect(await engine.first(all, { id: 1 })).toEqual({ id: 1, name: 'ann' })
    await engine.status(`ALTER TABLE ${TABLE} ADD COLUMN extra int DEFAULT 7`)
    expect(await engine.first(all, { id: 1 })).toEqual({ id: 1, name: 'ann', extra: 7 })
    expect(await engine.first(all, { id: 2 })).toEqual({ id: 2, name: 'bob', extra: 7 })
  })

  it('inside a transaction the same change fails with PreparedStatementError; the next run prepares afresh', async () => {
    await create(engine)
    const all = `SELECT * FROM ${TABLE} WHERE id = :id`
    expect(await engine.first(all, { id: 1 })).toEqual({ id: 1, name: 'ann' })
    await engine.status(`ALTER TABLE ${TABLE} ADD COLUMN extra int DEFAULT 7`)
    const work = () => engine.transaction(() => engine.first(all, { id: 1 }))
    const error = await rejection(work())
    expect(error).toBeInstanceOf(PreparedStatementError)
    expect(error).toMatchObject({ code: 'PREPARED_STATEMENT_INVALID', sqlState: '0A000' })
    expect((error as Error).message).not.toContain(TABLE)
    expect(await work()).toEqual({ id: 1, name: 'ann', extra: 7 })
  })

  it('a parameter type dropped and made again (an enum recreated) is recovered from outside a transaction', async () => {
    const type = `${TABLE}_mood`
    const make = async () => {
      await engine.status(`CREATE TYPE ${type} AS ENUM ('sad', 'ok')`)
      await engine.status(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, mood ${type})`)
    }
    const insert = `INSERT INTO ${TABLE} VALUES (:id, :mood)`
    await make()
    await engine.status(insert, { id: 1, mood: 'ok' })
    await engine.status(`DROP TABLE ${TABLE}`)
    await engine.status(`DROP TYPE ${type}`)
    try {
      await make()
      expect((await engine.status(insert, { id: 2, mood: 'sad' })).rowCount).toBe(1)
    } finally {
      await engine.status(`DROP TABLE IF EXISTS ${TABLE}`)
      await engine.status(`DROP TYPE IF EXISTS ${type}`)
    }
  })

  it('statements dropped on the server (DISCARD ALL) are prepared again outside a transaction, and fail typed inside one', async () => {
    await create(engine)
    const byId = `SELECT name FROM ${TABLE} WHERE id = :id`
    expect(await engine.scalar(byId, { id: 1 })).toBe('ann')
    await engine.status('DISCARD ALL')
    expect(await engine.scalar(byId, { id: 2 })).toBe('bob')
    const error = await rejection(
      engine.transaction(async () => {
        await engine.status('DEALLOCATE ALL')
        await engine.scalar(byId, { id: 1 })
      }),
    )
    expect(error).toBeInstanceOf(PreparedStatementError)
    expect(error).toMatchObject({ sqlState: '26000' })
    expect(await engine.scalar(byId, { id: 1 })).toBe('ann')
  })

  it('a statement that fails to parse is not kept, and the same text works once the table exists', async () => {
    const byId = `SELECT name FROM ${TABLE} WHERE id = :id`
    expect(await rejection(engine.scalar(byId, { id: 1 }))).toMatchObject({ sqlState: '42P01' })
    await create(engine)
    expect(await engine.scalar(byId, { id: 1 })).toBe('ann')
  })

  it.skipIf(driver.name === 'pglite')('a per-call timeout cancels a prepared statement; the statement stays usable', async () => {
    const sleep = 'SELECT pg_sleep(:s)::text AS slept, :s::float AS s'
    const error = await rejection(engine.first(sleep, { s: 5 }, { timeout: 150 }))
    expect(error).toMatchObject({ code: 'QUERY_TIMEOUT', sqlState: '57014' })
    expect(await engine.first(sleep, { s: 0 })).toEqual({ slept: '', s: 0 })
    const inside = await rejection(engine.transaction(() => engine.first(sleep, { s: 5 }, { timeout: 150 })))
    expect(inside).toMatchObject({ code: 'QUERY_TIMEOUT' })
    expect(await engine.transaction(() => engine.first(sleep, { s: 0 }))).toEqual({ slept: '', s: 0 })
  })

  it.skipIf(driver.name === 'pglite')('statementTimeout cancels a prepared statement on the server; the connection carries on', async () => {
    const limited = await open({ prepare: true, statementTimeout: 150 })
    const sleep = 'SELECT pg_sleep(:s)::text AS slept'
    expect(await rejection(limited.scalar(sleep, { s: 5 }))).toMatchObject({ code: 'QUERY_TIMEOUT' })
    expect(await limited.scalar(sleep, { s: 0 })).toBe('')
  })
})

describeServer('prepared statements: described once per connection', () => {
  const table = `${TABLE}_shape`
  let engine: Engine

  beforeAll(async () => {
    engine = await openServerEngine({ max: 1, prepare: true })
    await engine.status(`CREATE TABLE ${table} (id int PRIMARY KEY, name text, at timestamptz, tags text[])`)
    await engine.status(`INSERT INTO ${table} VALUES (1, 'ann', '2024-05-01T10:00:00.123Z', '{a,b}'), (2, null, null, null)`)
  })
  afterAll(async () => {
    await engine.status(`DROP TABLE IF EXISTS ${table}`)
    await engine.close()
  })

  const types = (wire: { messages: ReadonlyArray<{ type: string }> }): string =>
    wire.messages.map((message) => message.type).join('')

  it('later runs of a named statement bind and execute only, and read the same rows', async () => {
    const byId = `SELECT id, name, at, tags FROM ${table} WHERE id = ANY(:ids) ORDER BY id`
    const first = await spyOnWire(() => engine.all(byId, { ids: [1, 2] }))
    expect(types(first)).toBe('PBDES')
    const again = await spyOnWire(() => engine.all(byId, { ids: [1, 2] }))
    expect(types(again)).toBe('BES')
    expect(again.result).toEqual(first.result)
    // Later runs take the parsers the first known run made: the same values, every time.
    for (let run = 0; run < 3; run++) expect(await engine.all(byId, { ids: [1, 2] })).toEqual(first.result)
    expect(again.result[0]).toEqual({ id: 1, name: 'ann', at: new Date('2024-05-01T10:00:00.123Z'), tags: ['a', 'b'] })
    const none = await spyOnWire(() => engine.all(byId, { ids: [3] }))
    expect(types(none)).toBe('BES')
    expect(none.result).toEqual([])
    // Arrays of values and scalars read the same through the known columns.
    expect(await engine.scalar(`SELECT name FROM ${table} WHERE id = :id`, { id: 1 })).toBe('ann')
    expect(await engine.scalar(`SELECT name FROM ${table} WHERE id = :id`, { id: 2 })).toBeNull()
  })

  it('a statement without a result is described once too, and reports its row count', async () => {
    const rename = `UPDATE ${table} SET name = :name WHERE id = :id`
    expect(await engine.status(rename, { name: 'ann', id: 1 })).toMatchObject({ command: 'UPDATE', rowCount: 1 })
    const again = await spyOnWire(() => engine.status(rename, { name: 'ann', id: 3 }))
    expect(types(again)).toBe('BES')
    expect(again.result).toMatchObject({ command: 'UPDATE', rowCount: 0 })
  })

  it('a column added between two runs: the statement is prepared and described again', async () => {
    const all = `SELECT * FROM ${table} WHERE id = :id`
    expect(Object.keys((await engine.first(all, { id: 2 }))!)).toEqual(['id', 'name', 'at', 'tags'])
    expect(types(await spyOnWire(() => engine.first(all, { id: 2 })))).toBe('BES')
    await engine.status(`ALTER TABLE ${table} ADD COLUMN extra int DEFAULT 7`)
    const after = await spyOnWire(() => engine.first(all, { id: 2 }))
    // The stale run (no Describe) fails; the statement is closed, parsed again and described.
    expect(types(after)).toMatch(/^BESC?PBDES$/)
    expect(after.result).toEqual({ id: 2, name: null, at: null, tags: null, extra: 7 })
    const known = await spyOnWire(() => engine.first(all, { id: 2 }))
    expect(types(known)).toBe('BES')
    expect(known.result).toEqual(after.result)
    expect(await engine.first(all, { id: 1 })).toEqual({ id: 1, name: 'ann', at: new Date('2024-05-01T10:00:00.123Z'), tags: ['a', 'b'], extra: 7 })
  })
})
