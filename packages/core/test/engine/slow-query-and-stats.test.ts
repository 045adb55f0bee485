import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { resolveEngineOptions } from '../../src/engine/options.js'
import { Gino } from '../../src/gino.js'
import { resolveGinoConfig } from '../../src/integration/config.js'
import { type Engine, InvalidOptionError } from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { MemoryLogger, openEngine } from '../support/engines.js'

describeEachDriver('slow-query log', (driver) => {
  let slow: Engine
  let strict: Engine
  const logger = new MemoryLogger()
  const strictLogger = new MemoryLogger()

  beforeAll(async () => {
    slow = await openEngine(driver, { slowQueryMs: 300, logger })
    strict = await openEngine(driver, { slowQueryMs: 0, logger: strictLogger })
  })
  beforeEach(() => {
    logger.warns.length = 0
    strictLogger.warns.length = 0
  })
  afterAll(async () => {
    await slow.close()
    await strict.close()
  })

  it('a statement over the limit is logged at warn with its SQL and duration, never its parameters', async () => {
    await slow.scalar('SELECT pg_sleep(0.35)::text || :secret', { secret: 'hunter2' })
    expect(logger.warns).toHaveLength(1)
    expect(logger.warns[0]).toMatch(/^\[gino\] slow query \(\d+\.\d ms\): SELECT pg_sleep\(0\.35\)::text \|\| \$1$/)
    expect(logger.warns[0]).not.toContain('hunter2')
  })

  it('a statement under the limit is not logged', async () => {
    await slow.scalar('SELECT 1')
    expect(logger.warns).toEqual([])
  })

  it('every path is covered: pooled, transaction statements, BEGIN and COMMIT', async () => {
    await strict.scalar('SELECT 1')
    await strict.transaction(() => strict.scalar('SELECT 2'))
    expect(strictLogger.warns.map((line) => line.replace(/^\[gino\] slow query \([^)]*\): /, ''))).toEqual([
      'SELECT 1',
      'BEGIN',
      'SELECT 2',
      'COMMIT',
    ])
  })

  it('a failed slow statement says so', async () => {
    await strict.scalar('SELECT * FROM slow_missing_table').catch(() => undefined)
    expect(strictLogger.warns).toEqual([expect.stringMatching(/, failed\): SELECT \* FROM slow_missing_table$/)])
  })
})

describeEachDriver('db.stats()', (driver) => {
  it('lists the bound engine and the context-bound one with their pool counts', async () => {
    const db = new Gino()
    expect(db.stats()).toEqual([])
    const engine = await db.setBind(await openEngine(driver))
    const other = await openEngine(driver)
    try {
      await db.scalar('SELECT 1')
      const database = driver.name === 'pglite' ? 'postgres' : new URL(driver.url).pathname.slice(1)
      const [entry] = db.stats()
      expect(entry).toEqual({ url: engine.url, driver: driver.name, database, role: 'primary', ...engine.stats })
      expect(entry!.total).toBeGreaterThanOrEqual(1)
      await engine.acquire(() => {
        expect(db.stats()[0]).toMatchObject({ total: entry!.total, idle: entry!.idle - 1, waiting: 0 })
      })
      expect(db.runWithBind(other, () => db.stats().map((s) => s.url))).toEqual([engine.url, other.url])
      expect(db.runWithBind(engine, () => db.stats())).toHaveLength(1)
    } finally {
      await db.popBind()?.close()
      await other.close()
    }
  })
})

describe('slowQueryMs option', () => {
  it('is validated', () => {
    expect(resolveEngineOptions({ slowQueryMs: 250 }).slowQueryMs).toBe(250)
    expect(resolveEngineOptions({}).slowQueryMs).toBeUndefined()
    expect(() => resolveEngineOptions({ slowQueryMs: -1 })).toThrow(InvalidOptionError)
    expect(() => resolveEngineOptions({ slowQueryMs: '5' as unknown as number })).toThrow(InvalidOptionError)
  })

  it('DB_SLOW_QUERY_MS (or the slowQueryMs setting) reaches the engine options', () => {
    const dsn = 'postgres://app@db/app'
    expect(resolveGinoConfig({}, { DB_DSN: dsn, DB_SLOW_QUERY_MS: '500' }).engineOptions.slowQueryMs).toBe(500)
    expect(resolveGinoConfig({ slowQueryMs: 100 }, { DB_DSN: dsn, DB_SLOW_QUERY_MS: '500' }).engineOptions.slowQueryMs).toBe(100)
    expect(resolveGinoConfig({}, { DB_DSN: dsn }).engineOptions).not.toHaveProperty('slowQueryMs')
    expect(() => resolveGinoConfig({}, { DB_DSN: dsn, DB_SLOW_QUERY_MS: 'slow' })).toThrow(InvalidOptionError)
  })
})
