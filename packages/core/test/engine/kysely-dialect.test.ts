import { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { type Engine, GinoDialect, sql, TransactionError } from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { EchoLog, inUse, openEngine, rejection } from '../support/engines.js'

type Tables = { eng_kys_people: { id: number; name: string } }

describeEachDriver('the Kysely dialect', (driver) => {
  let engine: Engine
  const log = new EchoLog()
  const db = () => engine.kysely.withTables<Tables>()
  const names = async () =>
    (await db().selectFrom('eng_kys_people').select('name').orderBy('id').execute()).map(
      (r) => r.name,
    )
  const PID = sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`

  beforeAll(async () => {
    engine = await openEngine(driver, { echo: log.echo, acquireTimeout: 2000 })
    await engine.status('DROP TABLE IF EXISTS eng_kys_people')
    await engine.status('CREATE TABLE eng_kys_people (id int PRIMARY KEY, name text NOT NULL)')
  })
  beforeEach(async () => {
    await engine.status('TRUNCATE eng_kys_people')
    log.clear()
  })
  afterAll(async () => {
    await engine.status('DROP TABLE IF EXISTS eng_kys_people')
    await engine.close()
  })

  it('executes queries and reports affected rows', async () => {
    const inserted = await db()
      .insertInto('eng_kys_people')
      .values([
        { id: 1, name: 'ann' },
        { id: 2, name: 'bob' },
      ])
      .executeTakeFirst()
    expect(inserted.numInsertedOrUpdatedRows).toBe(2n)
    const updated = await db()
      .updateTable('eng_kys_people')
      .set({ name: 'bea' })
      .where('id', '=', 2)
      .executeTakeFirst()
    expect(updated.numUpdatedRows).toBe(1n)
    expect(await db().selectFrom('eng_kys_people').selectAll().orderBy('id').execute()).toEqual([
      { id: 1, name: 'ann' },
      { id: 2, name: 'bea' },
    ])
    const returned = await db()
      .deleteFrom('eng_kys_people')
      .where('id', '=', 1)
      .returning('name')
      .execute()
    expect(returned).toEqual([{ name: 'ann' }])
    expect((await db().deleteFrom('eng_kys_people').executeTakeFirst()).numDeletedRows).toBe(1n)
    expect(log.entries[0]).toMatchObject({
      sql: 'insert into "eng_kys_people" ("id", "name") values ($1, $2), ($3, $4)',
      parameters: [1, 'ann', 2, 'bob'],
    })
    expect(inUse(engine)).toBe(0)
  })

  it('Kysely queries inside engine.transaction() join the transaction', async () => {
    await expect(
      engine.transaction(async () => {
        const pid = await engine.scalar(PID)
        await db().insertInto('eng_kys_people').values({ id: 1, name: 'in tx' }).execute()
        expect((await PID.execute(engine.kysely)).rows[0]?.pid).toBe(pid)
        expect(await names()).toEqual(['in tx'])
        throw new Error('undo')
      }),
    ).rejects.toThrow('undo')
    expect(await names()).toEqual([])
  })

  it('kysely.transaction() commits, rolls back on throw, and applies the isolation level', async () => {
    await db()
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => {
        expect((await sql<{ i: string }>`SHOW transaction_isolation`.execute(trx)).rows[0]).toEqual(
          {
            transaction_isolation: 'serializable',
          },
        )
        await trx.insertInto('eng_kys_people').values({ id: 1, name: 'kept' }).execute()
      })
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('eng_kys_people').values({ id: 2, name: 'dropped' }).execute()
          throw new Error('undo')
        }),
    ).rejects.toThrow('undo')
    expect(await names()).toEqual(['kept'])
    expect(log.sql()).toContain('BEGIN ISOLATION LEVEL SERIALIZABLE')
    expect(inUse(engine)).toBe(0)
  })

  it('a Kysely transaction inside engine.transaction() is a savepoint', async () => {
    await engine.transaction(async () => {
      await db().insertInto('eng_kys_people').values({ id: 1, name: 'outer' }).execute()
      await expect(
        db()
          .transaction()
          .execute(async (trx) => {
            await trx.insertInto('eng_kys_people').values({ id: 2, name: 'inner' }).execute()
            throw new Error('inner only')
          }),
      ).rejects.toThrow('inner only')
    })
    expect(await names()).toEqual(['outer'])
    expect(log.starting('SAVEPOINT')).toHaveLength(1)
  })

  it('stream() runs a cursor inside a transaction and is refused outside one', async () => {
    await db()
      .insertInto('eng_kys_people')
      .values(Array.from({ length: 25 }, (_, i) => ({ id: i + 1, name: `p${i + 1}` })))
      .execute()
    await engine.transaction(async () => {
      const ids: number[] = []
      for await (const row of db()
        .selectFrom('eng_kys_people')
        .select('id')
        .orderBy('id')
        .stream(10))
        ids.push(row.id)
      expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
    })
    expect(log.starting('FETCH FORWARD 10')).toHaveLength(3)
    const outside = rejection(
      (async () => {
        for await (const row of db().selectFrom('eng_kys_people').selectAll().stream()) void row
      })(),
    )
    expect(await outside).toBeInstanceOf(TransactionError)
    expect(inUse(engine)).toBe(0)
  })

  it('connection() pins one connection for a callback', async () => {
    await db()
      .connection()
      .execute(async (conn) => {
        const first = (await PID.execute(conn)).rows[0]?.pid
        const second = (await PID.execute(conn)).rows[0]?.pid
        expect(first).toBe(second)
        expect(inUse(engine)).toBe(1)
      })
    expect(inUse(engine)).toBe(0)
  })

  it('introspection works through the dialect', async () => {
    const tables = await db().introspection.getTables()
    const people = tables.find((t) => t.name === 'eng_kys_people')
    expect(people?.columns.map((c) => c.name).sort()).toEqual(['id', 'name'])
  })

  it('a Kysely built on GinoDialect runs on the engine; destroying it leaves the engine open', async () => {
    const own = new Kysely<Tables>({ dialect: new GinoDialect(() => engine) })
    await own.insertInto('eng_kys_people').values({ id: 9, name: 'own' }).execute()
    await own.destroy()
    expect(engine.closed).toBe(false)
    expect(await names()).toEqual(['own'])
  })
})
