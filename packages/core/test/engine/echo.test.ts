import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { resolveEngineOptions } from '../../src/engine/options.js'
import type { Engine } from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { EchoLog, MemoryLogger, openEngine, rejection } from '../support/engines.js'

describeEachDriver('echo', (driver) => {
  let engine: Engine
  let logged: Engine
  const log = new EchoLog()
  const logger = new MemoryLogger()

  beforeAll(async () => {
    engine = await openEngine(driver, { echo: log.echo })
    logged = await openEngine(driver, { echo: true, logger })
  })
  beforeEach(() => {
    log.clear()
    logger.infos.length = 0
  })
  afterAll(async () => {
    await engine.close()
    await logged.close()
  })

  it('the echo function gets each statement with its parameters, duration and row count', async () => {
    await engine.all('SELECT g FROM generate_series(1, :n) g', { n: 3 })
    expect(log.entries).toEqual([
      {
        sql: 'SELECT g FROM generate_series(1, $1) g',
        parameters: [3],
        durationMs: expect.any(Number) as number,
        rowCount: 3,
      },
    ])
    expect(log.entries[0]!.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('a failed statement is echoed with its error', async () => {
    await rejection(engine.all('SELECT * FROM eng_echo_missing WHERE id = :id', { id: 5 }))
    expect(log.entries).toEqual([
      expect.objectContaining({
        sql: 'SELECT * FROM eng_echo_missing WHERE id = $1',
        parameters: [5],
        rowCount: null,
        error: expect.objectContaining({ code: '42P01' }) as unknown,
      }),
    ])
  })

  it('transaction control statements are echoed too', async () => {
    await engine.transaction(async () => {
      await engine.transaction(() => engine.scalar('SELECT 1'))
    })
    expect(log.sql()).toEqual([
      'BEGIN',
      'SAVEPOINT gino_sp_1',
      'SELECT 1',
      'RELEASE SAVEPOINT gino_sp_1',
      'COMMIT',
    ])
  })

  it('echo: true writes one line per statement, with SQL and parameters, to the logger', async () => {
    await logged.scalar('SELECT :a::int + :b::int, :c::text', { a: 1, b: 2, c: 'x"y' })
    await logged.scalar('SELECT 1')
    expect(logger.infos).toHaveLength(2)
    expect(logger.infos[0]).toMatch(
      /^\[gino\] SELECT \$1::int \+ \$2::int, \$3::text -- \[1,2,"x\\"y"\] \(\d+\.\d\d ms\)$/,
    )
    expect(logger.infos[1]).toMatch(/^\[gino\] SELECT 1 \(\d+\.\d\d ms\)$/)
    await rejection(logged.scalar('SELEC 1'))
    expect(logger.infos[2]).toMatch(/^\[gino\] SELEC 1 \(\d+\.\d\d ms FAILED\)$/)
  })
})

describe('echo defaults', () => {
  it('echo: true without a logger writes to the console; bigint parameters print as text', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined)
    try {
      const { echo } = resolveEngineOptions({ echo: true })
      echo?.({ sql: 'SELECT $1', parameters: [10n], durationMs: 1, rowCount: 1 })
      expect(info).toHaveBeenCalledWith('[gino] SELECT $1 -- ["10"] (1.00 ms)')
    } finally {
      info.mockRestore()
    }
  })

  it('echo off (the default) logs nothing', () => {
    expect(resolveEngineOptions({}).echo).toBeUndefined()
    expect(resolveEngineOptions({ echo: false }).echo).toBeUndefined()
  })
})
