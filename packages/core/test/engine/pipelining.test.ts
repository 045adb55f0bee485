/**
 * Statements written before earlier ones are answered: a transaction's BEGIN with its
 * first statement, and executemany (`status` / `all` with a list of parameter objects).
 */
import net from 'node:net'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { type Engine, GinoError, QueryError } from '../support/core.js'
import { describeEachDriver, describeServer } from '../support/drivers.js'
import { EchoLog, inUse, openEngine, openServerEngine, rejection } from '../support/engines.js'
import { spyOnWire } from '../support/wire-spy.js'

const TABLE = `eng_pipe_${process.pid}`

describeEachDriver('pipelining and executemany', (driver) => {
  let engine: Engine
  const log = new EchoLog()
  const insert = `INSERT INTO ${TABLE} (id, name) VALUES (:id, :name)`
  const names = async () => (await engine.all(`SELECT name FROM ${TABLE} ORDER BY id`)).map((row) => row.name)

  beforeAll(async () => {
    engine = await openEngine(driver, { max: 2, echo: log.echo })
    await engine.status(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, name text NOT NULL)`)
  })
  beforeEach(async () => {
    await engine.status(`TRUNCATE ${TABLE}`)
    log.clear()
  })
  afterAll(async () => {
    await engine.status(`DROP TABLE IF EXISTS ${TABLE}`)
    await engine.close()
  })

  it('db.transaction sends BEGIN with its first statement and nothing at all when it runs none', async () => {
    await engine.transaction(() => 'no statement')
    expect(log.sql()).toEqual([])
    const name = await engine.transaction(async () => {
      await engine.status(insert, { id: 1, name: 'ann' })
      return engine.scalar(`SELECT name FROM ${TABLE} WHERE id = :id`, { id: 1 })
    })
    expect(name).toBe('ann')
    expect(log.sql()).toEqual([
      'BEGIN',
      `INSERT INTO ${TABLE} (id, name) VALUES ($1, $2)`,
      `SELECT name FROM ${TABLE} WHERE id = $1`,
      'COMMIT',
    ])
  })

  it.skipIf(driver.name === 'pglite')('BEGIN and the first statement leave in one socket write, executemany\'s sets in one', async () => {
    const socket = net.Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>
    const originals = { _write: socket._write, _writev: socket._writev }
    let writes = 0
    for (const key of ['_write', '_writev'] as const) {
      socket[key] = function (this: unknown, ...args: unknown[]) {
        writes++
        return originals[key].apply(this, args)
      }
    }
    try {
      await engine.transaction(() => engine.status(insert, { id: 1, name: 'ann' }))
      expect(writes).toBe(2) // BEGIN with INSERT, then COMMIT
      writes = 0
      await engine.transaction(() => engine.status(insert, [2, 3, 4].map((id) => ({ id, name: `n${id}` }))))
      expect(writes).toBe(2) // BEGIN with the three INSERTs, then COMMIT
    } finally {
      Object.assign(socket, originals)
    }
    expect(await names()).toEqual(['ann', 'n2', 'n3', 'n4'])
  })

  it('a first statement that fails in a pipelined transaction rolls it back and frees the connection', async () => {
    const error = await rejection(
      engine.transaction(async () => {
        await engine.status(insert, { id: 1, name: null as unknown as string })
      }),
    )
    expect(error).toBeInstanceOf(QueryError)
    expect((error as QueryError).sqlState).toBe('23502')
    expect(log.sql().at(-1)).toBe('ROLLBACK')
    expect(inUse(engine)).toBe(0)
    expect(await names()).toEqual([])
  })

  it('status with a list runs the statement once per parameter object, in one transaction', async () => {
    const result = await engine.status(insert, [
      { id: 1, name: 'ann' },
      { id: 2, name: 'bob' },
      { id: 3, name: 'cy' },
    ])
    expect(result).toMatchObject({ tag: 'INSERT 0 3', command: 'INSERT', rowCount: 3 })
    expect(await names()).toEqual(['ann', 'bob', 'cy'])
    expect(log.sql().slice(0, 5)).toEqual(['BEGIN', ...Array(3).fill(`INSERT INTO ${TABLE} (id, name) VALUES ($1, $2)`), 'COMMIT'])
  })

  it('status with a list returns the rows of RETURNING, and all with a list every statement\'s rows', async () => {
    const result = await engine.status(`${insert} RETURNING id`, [
      { id: 1, name: 'ann' },
      { id: 2, name: 'bob' },
    ])
    expect(result.rows).toEqual([{ id: 1 }, { id: 2 }])
    const rows = await engine.all(`SELECT name FROM ${TABLE} WHERE id = :id`, [{ id: 2 }, { id: 1 }, { id: 9 }])
    expect(rows).toEqual([{ name: 'bob' }, { name: 'ann' }])
  })

  it('an error in one pipelined set fails the call with that error and applies none of the sets', async () => {
    await engine.status(insert, { id: 2, name: 'already there' })
    const error = await rejection(
      engine.status(insert, [
        { id: 1, name: 'ann' },
        { id: 2, name: 'duplicate' },
        { id: 3, name: 'cy' },
      ]),
    )
    expect(error).toBeInstanceOf(QueryError)
    expect((error as QueryError).sqlState).toBe('23505')
    expect(await names()).toEqual(['already there'])
    expect(inUse(engine)).toBe(0)
    // The connection is healthy afterwards.
    expect((await engine.status(insert, [{ id: 4, name: 'dee' }])).rowCount).toBe(1)
  })

  it('inside a transaction a list joins it: a later failure of the transaction undoes it too', async () => {
    const error = await rejection(
      engine.transaction(async () => {
        await engine.status(insert, [
          { id: 1, name: 'ann' },
          { id: 2, name: 'bob' },
        ])
        expect(await names()).toEqual(['ann', 'bob'])
        throw new Error('undo')
      }),
    )
    expect((error as Error).message).toBe('undo')
    expect(await names()).toEqual([])
    await engine.transaction(() => engine.status(insert, [{ id: 5, name: 'eve' }]))
    expect(await names()).toEqual(['eve'])
    expect(log.starting('BEGIN')).toHaveLength(2)
  })

  it('an empty list runs nothing; a wrong parameter name or a timeout is refused before sending', async () => {
    expect(await engine.status(insert, [])).toMatchObject({ rowCount: null, rows: [] })
    await expect(engine.status(insert, [{ id: 1, nom: 'x' }])).rejects.toBeInstanceOf(GinoError)
    await expect(engine.status(insert, [{ id: 1, name: 'x' }], { timeout: 100 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
    expect(log.sql()).toEqual([])
  })

  it('positional SQL keeps taking one array of values', async () => {
    await engine.status(`INSERT INTO ${TABLE} (id, name) VALUES ($1, $2)`, [7, 'gus'])
    expect(await names()).toEqual(['gus'])
  })
})

describeServer('BEGIN inside the first statement\'s protocol batch', () => {
  // No echo: a watched engine sends BEGIN as a statement of its own, to report it.
  let engine: Engine
  const table = `${TABLE}_batch`
  const insert = `INSERT INTO ${table} (id, name) VALUES (:id, :name)`
  const names = async () => (await engine.all(`SELECT name FROM ${table} ORDER BY id`)).map((row) => row.name)

  beforeAll(async () => {
    engine = await openServerEngine({ max: 1 })
    await engine.status(`CREATE TABLE ${table} (id int PRIMARY KEY, name text NOT NULL)`)
  })
  beforeEach(async () => {
    await engine.status(`TRUNCATE ${table}`)
  })
  afterAll(async () => {
    await engine.status(`DROP TABLE IF EXISTS ${table}`)
    await engine.close()
  })

  it('travels before the statement\'s Sync once the statement is parsed: one answer for both', async () => {
    await engine.transaction(() => engine.status(insert, { id: 1, name: 'ann' }))
    const wire = await spyOnWire(() => engine.transaction(() => engine.status(insert, { id: 2, name: 'bob' })))
    const types = wire.messages.map((message) => message.type).join('')
    expect(wire.messages[0]).toEqual({ type: 'P', sql: 'BEGIN' })
    // With prepared statements: Bind + Execute of the named INSERT (described on its
    // first run); without, its unnamed Parse + Bind + Describe + Execute. Then one Sync,
    // and COMMIT.
    expect(types).toMatch(/^PBE(BE|PBDE)SQ$/)
    expect(wire.messages.at(-1)).toEqual({ type: 'Q', sql: 'COMMIT' })
    expect(wire.reads).toBe(2)
    expect(await names()).toEqual(['ann', 'bob'])
  })

  it('opens the transaction before the statement: a rollback undoes it', async () => {
    await engine.transaction(() => engine.status(insert, { id: 1, name: 'ann' }))
    const error = await rejection(
      engine.transaction(async () => {
        await engine.status(insert, { id: 2, name: 'bob' })
        throw new Error('undo')
      }),
    )
    expect((error as Error).message).toBe('undo')
    expect(await names()).toEqual(['ann'])
    expect(inUse(engine)).toBe(0)
  })

  it('a statement that fails inside the batch fails the transaction, which ends cleanly', async () => {
    await engine.transaction(() => engine.status(insert, { id: 1, name: 'ann' }))
    const error = await rejection(engine.transaction(() => engine.status(insert, { id: 1, name: 'again' })))
    expect((error as QueryError).sqlState).toBe('23505')
    expect(inUse(engine)).toBe(0)
    await engine.transaction(() => engine.status(insert, { id: 2, name: 'bob' }))
    expect(await names()).toEqual(['ann', 'bob'])
  })

  it('a statement parsed for the first time goes after a BEGIN of its own: a failed Parse leaves nothing behind', async () => {
    const missing = `${table}_later`
    const select = `SELECT count(*)::int AS n FROM ${missing} WHERE id = :id`
    const first = await rejection(engine.transaction(() => engine.scalar(select, { id: 1 })))
    expect((first as QueryError).sqlState).toBe('42P01')
    await engine.status(`CREATE TABLE ${missing} (id int)`)
    try {
      // pg must not believe the failed statement was parsed (it would Bind a statement that does not exist).
      expect(await engine.transaction(() => engine.scalar(select, { id: 1 }))).toBe(0)
      expect(await engine.transaction(() => engine.scalar(select, { id: 1 }))).toBe(0)
    } finally {
      await engine.status(`DROP TABLE ${missing}`)
    }
  })

  it('a value pg cannot serialize fails its statement and the transaction still ends cleanly', async () => {
    await engine.transaction(() => engine.status(insert, { id: 1, name: 'ann' }))
    const unserializable = { toPostgres: () => { throw new Error('cannot serialize') } }
    const error = await rejection(engine.transaction(() => engine.status(insert, { id: 2, name: unserializable as unknown as string })))
    expect((error as Error).message).toMatch(/cannot serialize/)
    expect(inUse(engine)).toBe(0)
    await engine.transaction(() => engine.status(insert, { id: 3, name: 'cy' }))
    expect(await names()).toEqual(['ann', 'cy'])
  })
})
