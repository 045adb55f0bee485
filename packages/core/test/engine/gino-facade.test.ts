import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Gino } from '../../src/gino.js'
import { type Engine, UninitializedError } from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { EchoLog, openEngine } from '../support/engines.js'

describe('an unbound db', () => {
  it('fails every use with UninitializedError: "Gino engine is not initialized."', async () => {
    const db = new Gino()
    expect(db.isBound).toBe(false)
    expect(() => db.bind).toThrow(UninitializedError)
    expect(() => db.bind).toThrow(new UninitializedError().message)
    expect(new UninitializedError().message).toBe('Gino engine is not initialized.')
    expect(new UninitializedError().code).toBe('UNINITIALIZED')
    await expect(db.scalar('SELECT 1')).rejects.toBeInstanceOf(UninitializedError)
    await expect(db.transaction(() => 1)).rejects.toThrow('Gino engine is not initialized.')
    await expect(db.acquire()).rejects.toBeInstanceOf(UninitializedError)
    expect(db.popBind()).toBeUndefined()
  })
})

describeEachDriver('the db facade', (driver) => {
  let first: Engine
  let second: Engine
  const firstLog = new EchoLog()
  const secondLog = new EchoLog()

  beforeAll(async () => {
    first = await openEngine(driver, { echo: firstLog.echo })
    second = await openEngine(driver, { echo: secondLog.echo })
  })
  afterAll(async () => {
    await first.close()
    await second.close()
  })

  it('setBind / popBind bind and unbind an engine without closing it', async () => {
    const db = new Gino()
    expect(await db.setBind(first)).toBe(first)
    expect(db.isBound).toBe(true)
    expect(await db.scalar('SELECT 1')).toBe(1)
    expect(db.popBind()).toBe(first)
    expect(db.isBound).toBe(false)
    expect(first.closed).toBe(false)
  })

  it('withBind from a URL creates, binds, then closes the engine', async () => {
    if (driver.name === 'pglite') return // a URL-made PGlite costs a fresh initdb; the server shows it
    const db = new Gino()
    let inside: Engine | undefined
    expect(
      await db.withBind(driver.url, async (engine) => {
        inside = engine
        return db.scalar('SELECT 2')
      }),
    ).toBe(2)
    expect(inside?.closed).toBe(true)
    expect(db.isBound).toBe(false)
  })

  it('runWithBind and the bind option choose the engine per call', async () => {
    const db = new Gino()
    await db.setBind(first)
    firstLog.clear()
    secondLog.clear()
    await db.runWithBind(second, () => db.scalar('SELECT 11'))
    await db.scalar('SELECT 12', {}, { bind: second })
    await db.scalar('SELECT 13')
    expect(secondLog.sql()).toEqual(['SELECT 11', 'SELECT 12'])
    expect(firstLog.sql()).toEqual(['SELECT 13'])
  })

  it('db.kysely and db.transaction run on the bound engine, in its context', async () => {
    const db = new Gino<{ eng_facade_rows: { id: number } }>()
    await db.setBind(first)
    await db.scalar('CREATE TABLE IF NOT EXISTS eng_facade_rows (id int)')
    try {
      await expect(
        db.transaction(async () => {
          await db.kysely.insertInto('eng_facade_rows').values({ id: 1 }).execute()
          expect(await db.scalar('SELECT count(*)::int FROM eng_facade_rows')).toBe(1)
          throw new Error('undo')
        }),
      ).rejects.toThrow('undo')
      expect(await db.scalar('SELECT count(*)::int FROM eng_facade_rows')).toBe(0)
      secondLog.clear()
      await db.runWithBind(second, () =>
        db.kysely.selectNoFrom((eb) => eb.lit(1).as('one')).execute(),
      )
      expect(secondLog.sql()).toEqual(['select 1 as "one"'])
    } finally {
      await db.scalar('DROP TABLE IF EXISTS eng_facade_rows')
    }
  })

  it('db.acquire and db.iterate go through the bound engine', async () => {
    const db = new Gino()
    await db.setBind(first)
    await db.acquire(async (conn) => {
      await conn.begin()
      const rows: unknown[] = []
      for await (const row of db.iterate('SELECT g FROM generate_series(1, 3) g')) rows.push(row)
      expect(rows).toEqual([{ g: 1 }, { g: 2 }, { g: 3 }])
    })
  })
})
