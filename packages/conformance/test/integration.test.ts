import { type Engine, Gino, GinoError } from '@gino-ts/core'
import { GinoIntegration, retryDelay } from '@gino-ts/core/integration'
import { describe, expect, it } from 'vitest'
import { SERVER_DATABASE, serverAvailable, serverUrlVia } from '../src/drivers.js'
import { lateProxy } from '../src/late-proxy.js'

import type { LogRecord } from '../src/index.js'

function capture(logs: LogRecord[]) {
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (fields: Record<string, unknown>, msg: string) =>
      void logs.push({ ...fields, level: 'warn', msg }),
    error: () => undefined,
  }
}

describe('retryDelay', () => {
  it('doubles the wait between startup attempts, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelay(attempt, 1000, 10_000))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ])
    // A cap below the first wait does not shorten it.
    expect(retryDelay(1, 1000, 0)).toBe(1000)
  })
})

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

describe.skipIf(!(await serverAvailable()))('GinoIntegration [pg]', () => {
  it('backs off between startup retries, and stop() ends them at once: start() rejects with STOPPED', async () => {
    const proxy = await lateProxy(60_000)
    const logs: LogRecord[] = []
    const db = new Gino()
    const gino = new GinoIntegration(db, {
      dsn: serverUrlVia(proxy.port),
      poolMinSize: 0,
      retryLimit: 1000,
      retryInterval: 0.02,
      retryMaxInterval: 0.08,
      logger: capture(logs),
      env: {},
    })
    try {
      const starting = gino.start().then(
        () => undefined,
        (error: unknown) => error,
      )
      const retrying = (): LogRecord[] => logs.filter((line) => line.msg.includes('retrying'))
      while (retrying().length < 5) await new Promise((resolve) => setTimeout(resolve, 10))
      const waits = retrying().map((line) => /retrying in ([\d.]+) s/.exec(line.msg)![1])
      expect(waits.slice(0, 5)).toEqual(['0.02', '0.04', '0.08', '0.08', '0.08'])

      const stopping = Date.now()
      await gino.stop()
      expect(Date.now() - stopping).toBeLessThan(500)
      const error = await starting
      expect(error).toBeInstanceOf(GinoError)
      expect((error as GinoError).code).toBe('STOPPED')
      const after = retrying().length
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(retrying().length).toBe(after)
      expect(db.isBound).toBe(false)
      await expect(gino.start()).rejects.toMatchObject({ code: 'STOPPED' })
    } finally {
      await gino.stop()
      await proxy.close()
    }
  })

  it('can start again after a failed start, once the database is up', async () => {
    const proxy = await lateProxy(300)
    const db = new Gino()
    const gino = new GinoIntegration(db, {
      dsn: serverUrlVia(proxy.port),
      poolMinSize: 0,
      logger: quiet,
      env: {},
    })
    try {
      await expect(gino.start()).rejects.toThrow()
      expect(db.isBound).toBe(false)
      await proxy.listening
      const engine = await gino.start()
      expect(db.bind).toBe(engine)
      expect(await db.scalar('SELECT 1 + 1')).toBe(2)
      expect(await db.scalar('SELECT current_database()')).toBe(SERVER_DATABASE)
      expect(await gino.start()).toBe(engine)
    } finally {
      await gino.stop()
      await proxy.close()
    }
    expect(db.isBound).toBe(false)
  })
})

describe('GinoIntegration onStart', () => {
  it('runs once the engine is bound, before start() resolves; a failure fails the start and closes the engine', async () => {
    const db = new Gino()
    const seen: string[] = []
    const gino = new GinoIntegration(db, {
      dsn: 'pglite://',
      env: {},
      logger: quiet,
      onStart: async (engine, bound) => {
        seen.push(`bound=${String(bound.isBound && bound.bind === engine)}`)
        await engine.status('CREATE TABLE started (id int)')
      },
    })
    const engine = await gino.start()
    expect(seen).toEqual(['bound=true'])
    expect(await db.scalar("SELECT to_regclass('started') IS NOT NULL")).toBe(true)
    await gino.stop()

    const failing = new Gino()
    let opened: Engine | undefined
    const broken = new GinoIntegration(failing, {
      dsn: 'pglite://',
      env: {},
      logger: quiet,
      onStart: (started) => {
        opened = started
        throw new GinoError('MIGRATION_FAILED', 'a migration failed')
      },
    })
    await expect(broken.start()).rejects.toMatchObject({ code: 'MIGRATION_FAILED' })
    expect(failing.isBound).toBe(false)
    expect(opened?.closed).toBe(true)
    expect(engine.closed).toBe(true)
  })
})
