import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { type Engine, GinoError, type RowLoader, sql, TransactionError } from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { EchoLog, openEngine } from '../support/engines.js'

const SERIES = 'SELECT g AS n FROM generate_series(1, :count) AS g ORDER BY g'
// PGlite lists the unnamed portal of the running statement too.
const OPEN_CURSORS = "SELECT count(*)::int FROM pg_cursors WHERE name LIKE 'gino_cursor_%'"

describeEachDriver('cursors', (driver) => {
  let engine: Engine
  const log = new EchoLog()

  beforeAll(async () => {
    engine = await openEngine(driver, { echo: log.echo })
  })
  beforeEach(() => log.clear())
  afterAll(() => engine.close())

  it('iterates 10,000 rows in chunks: one FETCH per chunk, every row once, in order', async () => {
    await engine.transaction(async () => {
      let expected = 1
      for await (const row of engine.iterate(SERIES, { count: 10_000 }, { chunkSize: 1000 })) {
        expect(row).toEqual({ n: expected })
        expected++
      }
      expect(expected).toBe(10_001)
      expect(await engine.scalar(OPEN_CURSORS)).toBe(0)
    })
    const fetches = log.starting('FETCH')
    // Ten full chunks, then one empty FETCH that finds the end.
    expect(fetches).toHaveLength(11)
    expect(fetches[0]).toMatch(/^FETCH FORWARD 1000 FROM gino_cursor_\d+$/)
    expect(log.starting('DECLARE')).toEqual([
      expect.stringMatching(/NO SCROLL CURSOR FOR SELECT g AS n/),
    ])
    expect(log.entries.find((e) => e.sql.startsWith('DECLARE'))?.parameters).toEqual([10_000])
  })

  it('a short last chunk ends the iteration without another FETCH', async () => {
    await engine.transaction(async () => {
      const rows: unknown[] = []
      for await (const row of engine.iterate(SERIES, { count: 250 }, { chunkSize: 100 }))
        rows.push(row)
      expect(rows).toHaveLength(250)
    })
    expect(log.starting('FETCH')).toHaveLength(3)
  })

  it('next, many and forward step through the rows', async () => {
    await engine.transaction(async () => {
      const cursor = engine.iterate(SERIES, { count: 20 })
      expect(await cursor.next()).toEqual({ n: 1 })
      expect(await cursor.many(3)).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }])
      await cursor.forward(10)
      expect(await cursor.next()).toEqual({ n: 15 })
      expect(await cursor.many(10)).toEqual([16, 17, 18, 19, 20].map((n) => ({ n })))
      expect(await cursor.many(10)).toEqual([])
      expect(await cursor.next()).toBeNull()
      expect(await engine.scalar(OPEN_CURSORS)).toBe(0)
    })
    expect(log.starting('MOVE FORWARD 10 FROM gino_cursor_')).toHaveLength(1)
  })

  it('breaking out of a loop closes the cursor', async () => {
    await engine.transaction(async () => {
      let seen = 0
      for await (const row of engine.iterate(SERIES, { count: 1000 }, { chunkSize: 50 })) {
        seen++
        if ((row as { n: number }).n === 75) break
      }
      expect(seen).toBe(75)
      expect(log.starting('CLOSE gino_cursor_')).toHaveLength(1)
      expect(await engine.scalar(OPEN_CURSORS)).toBe(0)
    })
    expect(log.starting('FETCH')).toHaveLength(2)
  })

  it('iterating outside a transaction is a TransactionError', async () => {
    expect(() => engine.iterate(SERIES, { count: 1 })).toThrow(TransactionError)
    await engine.acquire((conn) => {
      expect(() => engine.iterate(SERIES, { count: 1 })).toThrow(TransactionError)
      expect(() => conn.iterate(SERIES, { count: 1 })).toThrow(/needs a transaction/)
    })
    expect(log.sql()).toEqual([])
  })

  it('a manual transaction on a handle can iterate', async () => {
    const conn = await engine.acquire()
    try {
      expect(() => conn.iterate(SERIES, { count: 3 })).toThrow(TransactionError)
      const tx = await conn.begin()
      const rows: unknown[] = []
      for await (const row of conn.iterate(SERIES, { count: 3 })) rows.push(row)
      expect(rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }])
      await tx.commit()
    } finally {
      await conn.release()
    }
  })

  it('a cursor ends with the savepoint it was opened in: using it is a TransactionError, closing sends nothing', async () => {
    await engine.transaction(async () => {
      let cursor: ReturnType<Engine['iterate']> | undefined
      await engine.transaction(async (inner) => {
        cursor = engine.iterate(SERIES, { count: 10 })
        expect(await cursor.next()).toEqual({ n: 1 })
        await inner.rollback()
      })
      log.clear()
      await expect(cursor!.next()).rejects.toBeInstanceOf(TransactionError)
      await cursor!.close()
      expect(log.sql()).toEqual([])
      expect(await engine.scalar('SELECT 1')).toBe(1)
    })
  })

  it('works with Kysely queries and the sql tag, and with a row loader per chunk', async () => {
    const loader: RowLoader<number> = {
      rowMode: 'array',
      load: (rows, _fields, context) => {
        context.set('chunks', ((context.get('chunks') as number | undefined) ?? 0) + 1)
        loads.push(context.get('chunks') as number)
        return (rows as Array<[number]>).map(([n]) => n * 10)
      },
    }
    const loads: number[] = []
    await engine.transaction(async () => {
      const values: number[] = []
      for await (const v of engine.iterate(
        sql<{ n: number }>`SELECT g AS n FROM generate_series(1, ${5}) g`,
        {
          loader,
          chunkSize: 2,
        },
      )) {
        values.push(v)
      }
      expect(values).toEqual([10, 20, 30, 40, 50])
      expect(loads).toEqual([1, 2, 3])
      const builder = engine.kysely.selectNoFrom((eb) => eb.lit(7).as('seven'))
      expect(await engine.iterate(builder).next()).toEqual({ seven: 7 })
    })
  })

  it('chunkSize, many(n) and forward(n) need positive integers', async () => {
    await engine.transaction(async () => {
      expect(() => engine.iterate(SERIES, { count: 1 }, { chunkSize: 0 })).toThrow(GinoError)
      const cursor = engine.iterate(SERIES, { count: 1 })
      await expect(cursor.many(0)).rejects.toThrow(GinoError)
      await expect(cursor.forward(-1)).rejects.toThrow(GinoError)
    })
  })
})
