import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  column,
  Gino,
  InvalidOptionError,
  QueryTimeoutError,
  UnsupportedError,
} from '../../src/index.js'
import { describeEachDriver, describeServer, EMBEDDED_DSN } from '../support/drivers.js'
import { openEngine, openServerEngine, rejection } from '../support/engines.js'
import { createEngine } from '../support/core.js'

const ISOLATION = 'SELECT current_setting(\'transaction_isolation\') AS level'

describeEachDriver('engine-wide defaults: isolationLevel, executionOptions', (driver) => {
  const db = new Gino()
  class Item extends db.model('eng_defaults_items', {
    id: column.serial().primaryKey(),
    name: column.text().notNull(),
  }) {}

  beforeAll(async () => {
    await db.setBind(await openEngine(driver, { isolationLevel: 'serializable', executionOptions: { returnModel: false } }))
    await db.dropAll()
    await db.createAll()
    await Item.create({ name: 'a' })
  })
  afterAll(async () => {
    await db.dropAll()
    await db.popBind()?.close()
  })

  it('transactions without an isolation option use the engine’s isolationLevel; their own option wins', async () => {
    expect(await db.transaction(() => db.scalar(ISOLATION))).toBe('serializable')
    expect(await db.transaction(() => db.scalar(ISOLATION), { isolation: 'read committed' })).toBe('read committed')
    // Nested levels are savepoints of the same transaction.
    expect(await db.transaction(() => db.transaction(() => db.scalar(ISOLATION)))).toBe('serializable')
    const conn = await db.acquire()
    try {
      const tx = await conn.begin()
      expect(await conn.scalar(ISOLATION)).toBe('serializable')
      await tx.rollback()
    } finally {
      await conn.release()
    }
  })

  it('engine-wide returnModel: false gives plain rows; a per-call option wins; model methods still load instances', async () => {
    const [plain] = await db.all(Item.query)
    expect(plain).not.toBeInstanceOf(Item)
    expect(plain).toEqual({ id: 1, name: 'a' })
    const [loaded] = await db.all(Item.query, { returnModel: true })
    expect(loaded).toBeInstanceOf(Item)
    expect(await Item.get(1)).toBeInstanceOf(Item)
    expect((await Item.all())[0]).toBeInstanceOf(Item)
    await db.acquire(async (conn) => {
      expect(await conn.first(Item.query)).not.toBeInstanceOf(Item)
    })
  })

  it('refuses an unknown isolation level or execution option', async () => {
    await expect(createEngine(EMBEDDED_DSN, { isolationLevel: 'dirty' as never })).rejects.toBeInstanceOf(InvalidOptionError)
    await expect(
      createEngine(EMBEDDED_DSN, { executionOptions: { loader: Item } as never }),
    ).rejects.toThrow(/Unknown execution option "loader"/)
    await expect(createEngine(EMBEDDED_DSN, { executionOptions: { timeout: 0 } })).rejects.toBeInstanceOf(InvalidOptionError)
  })
})

describeServer('engine-wide execution timeout', () => {
  it('cancels every statement after executionOptions.timeout; a per-call timeout wins', async () => {
    const engine = await openServerEngine({ executionOptions: { timeout: 150 } })
    try {
      const error = await rejection(engine.scalar('SELECT pg_sleep(3)'))
      expect(error).toBeInstanceOf(QueryTimeoutError)
      expect((error as QueryTimeoutError).timeoutMs).toBe(150)
      // In a transaction too (the context connection's path).
      await expect(engine.transaction(() => engine.scalar('SELECT pg_sleep(3)'))).rejects.toBeInstanceOf(QueryTimeoutError)
      expect(await engine.scalar('SELECT 1 FROM pg_sleep(0.3)', [], { timeout: 5_000 })).toBe(1)
    } finally {
      await engine.close()
    }
  })

  it('PGlite refuses an engine-wide timeout (it cannot interrupt a statement)', async () => {
    await expect(createEngine(EMBEDDED_DSN, { executionOptions: { timeout: 100 } })).rejects.toBeInstanceOf(UnsupportedError)
  })
})
