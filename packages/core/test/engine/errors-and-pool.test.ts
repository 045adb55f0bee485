import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { type Engine, EngineClosedError, PoolTimeoutError, QueryError } from '../support/core.js'
import { describeEachDriver, describeServer } from '../support/drivers.js'
import {
  inUse,
  MemoryLogger,
  openEngine,
  openServerEngine,
  rejection,
  sleep,
  waitFor,
} from '../support/engines.js'

describeEachDriver('errors and the pool', (driver) => {
  let engine: Engine

  beforeAll(async () => {
    engine = await openEngine(driver, { max: 1, acquireTimeout: 200 })
    await engine.status('DROP TABLE IF EXISTS eng_err_users')
    await engine.status('CREATE TABLE eng_err_users (id int PRIMARY KEY, email text UNIQUE)')
  })
  beforeEach(async () => {
    await engine.status('TRUNCATE eng_err_users')
  })
  afterAll(async () => {
    if (!engine.closed) await engine.status('DROP TABLE IF EXISTS eng_err_users')
    await engine.close()
  })

  it('a unique violation is a QueryError with SQLSTATE 23505, the SQL, its parameters and the cause as properties; the message is the server message alone', async () => {
    const insert = 'INSERT INTO eng_err_users (id, email) VALUES (:id, :email)'
    await engine.status(insert, { id: 1, email: 'a@example.com' })
    const error = await rejection(engine.status(insert, { id: 2, email: 'a@example.com' }))
    expect(error).toBeInstanceOf(QueryError)
    expect(error).toMatchObject({
      name: 'QueryError',
      code: 'QUERY_FAILED',
      sqlState: '23505',
      constraint: 'eng_err_users_email_key',
      sql: 'INSERT INTO eng_err_users (id, email) VALUES ($1, $2)',
      parameters: [2, 'a@example.com'],
    })
    const cause = (error as QueryError).cause as { code?: string; message?: string }
    expect(cause.code).toBe('23505')
    // PostgreSQL's message only: the SQL and the values stay properties, for the logs.
    expect((error as Error).message).toBe(cause.message)
    expect((error as Error).message).not.toContain('INSERT')
    expect((error as Error).message).not.toContain('a@example.com')
  })

  it('a syntax error is a QueryError with SQLSTATE 42601 and the connection stays usable', async () => {
    const error = await rejection(engine.all('SELEC 1'))
    expect(error).toMatchObject({ sqlState: '42601', sql: 'SELEC 1', parameters: [] })
    expect(await engine.scalar('SELECT 1')).toBe(1)
    expect(inUse(engine)).toBe(0)
  })

  it('a parameter the driver cannot serialize fails its statement only; the pool goes on', async () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    // pg refuses it (JSON.stringify throws midway through the protocol messages); PGlite
    // sends String(value).
    const attempt = () => engine.scalar('SELECT $1::text', [circular])
    if (driver.name === 'pg') {
      await expect(attempt()).rejects.toBeInstanceOf(QueryError)
      await engine.transaction(async () => {
        await expect(attempt()).rejects.toBeInstanceOf(QueryError)
      })
    } else {
      expect(await attempt()).toBe('[object Object]')
    }
    expect(await engine.scalar('SELECT 1')).toBe(1)
    expect(inUse(engine)).toBe(0)
  })

  it('an exhausted pool makes a query wait, then fail with PoolTimeoutError', async () => {
    const held = await engine.acquire()
    try {
      await held.scalar('SELECT 1')
      const started = Date.now()
      const error = await rejection(engine.scalar('SELECT 1'))
      const waited = Date.now() - started
      expect(error).toBeInstanceOf(PoolTimeoutError)
      expect(error).toMatchObject({ code: 'POOL_TIMEOUT', timeoutMs: 200 })
      expect((error as Error).message).toMatch(/200 ms/)
      expect(waited).toBeGreaterThanOrEqual(180)
      expect(waited).toBeLessThan(1500)
      await expect(engine.acquire()).rejects.toBeInstanceOf(PoolTimeoutError)
      await expect(engine.transaction(() => 1)).rejects.toBeInstanceOf(PoolTimeoutError)
    } finally {
      await held.release()
    }
    expect(await engine.scalar('SELECT 2')).toBe(2)
    expect(engine.stats.waiting).toBe(0)
  })

  it('a waiting query gets the connection as soon as it is released', async () => {
    const held = await engine.acquire()
    await held.scalar('SELECT 1')
    const waiting = engine.scalar('SELECT 42')
    await sleep(50)
    expect(engine.stats.waiting).toBe(1)
    await held.release()
    expect(await waiting).toBe(42)
  })

  it('a lazy connection that cannot get a connection in time fails its query, not its acquire', async () => {
    const held = await engine.acquire()
    try {
      const lazy = await engine.acquire({ lazy: true })
      await expect(lazy.scalar('SELECT 1')).rejects.toBeInstanceOf(PoolTimeoutError)
      await lazy.release()
    } finally {
      await held.release()
    }
    expect(inUse(engine)).toBe(0)
  })

  it('after close, queries fail with EngineClosedError', async () => {
    await engine.status('DROP TABLE IF EXISTS eng_err_users')
    await engine.close()
    expect(engine.closed).toBe(true)
    await expect(engine.scalar('SELECT 1')).rejects.toBeInstanceOf(EngineClosedError)
    await expect(engine.transaction(() => 1)).rejects.toBeInstanceOf(EngineClosedError)
    await expect(engine.acquire({ lazy: true })).rejects.toBeInstanceOf(EngineClosedError)
    await engine.close()
  })
})

describeServer('killed backends', () => {
  const APP = 'gino_eng_kill'
  let engine: Engine
  let killer: Engine
  const logger = new MemoryLogger()
  const PID = 'SELECT pg_backend_pid()'
  const kill = (pid: unknown) => killer.scalar('SELECT pg_terminate_backend(:pid)', { pid })
  const gone = (pid: unknown) => async () =>
    (await killer.scalar('SELECT count(*)::int FROM pg_stat_activity WHERE pid = :pid', {
      pid,
    })) === 0

  beforeAll(async () => {
    engine = await openServerEngine({ max: 1, applicationName: APP, logger, acquireTimeout: 2000 })
    killer = await openServerEngine()
  })
  afterAll(async () => {
    await engine.close()
    await killer.close()
  })

  it('a backend killed during a query fails that query; the next query gets a new connection', async () => {
    const pid = await engine.scalar(PID)
    const running = rejection(engine.scalar('SELECT pg_sleep(5)'))
    expect(
      await waitFor(async () => {
        const state = await killer.scalar('SELECT state FROM pg_stat_activity WHERE pid = :pid', {
          pid,
        })
        return state === 'active'
      }),
    ).toBe(true)
    expect(await kill(pid)).toBe(true)
    const error = await running
    expect(error).toBeInstanceOf(QueryError)
    expect((error as QueryError).sqlState).toBe('57P01')
    const next = await engine.scalar(PID)
    expect(next).not.toBe(pid)
    expect(inUse(engine)).toBe(0)
  })

  it('an idle connection held in a scope and killed: its next query fails, the scope ends cleanly', async () => {
    let pid: unknown
    const error = await rejection(
      engine.acquire(async (conn) => {
        pid = await conn.scalar(PID)
        await kill(pid)
        expect(await waitFor(gone(pid))).toBe(true)
        await sleep(20)
        await conn.scalar('SELECT 1')
      }),
    )
    expect(error).toBeInstanceOf(Error)
    expect(inUse(engine)).toBe(0)
    const next = await engine.scalar(PID)
    expect(next).not.toBe(pid)
  })

  it('a connection killed inside a transaction: the transaction fails and the pool recovers', async () => {
    let pid: unknown
    const error = await rejection(
      engine.transaction(async () => {
        pid = await engine.scalar(PID)
        await kill(pid)
        expect(await waitFor(gone(pid))).toBe(true)
        await engine.scalar('SELECT 1')
      }),
    )
    expect(error).toBeInstanceOf(Error)
    expect(inUse(engine)).toBe(0)
    expect(await engine.scalar(PID)).not.toBe(pid)
  })

  it('a COMMIT that fails (backend killed) is a QueryError whose message carries no SQL; sql says COMMIT', async () => {
    let pid: unknown
    const error = await rejection(
      engine.transaction(async () => {
        pid = await engine.scalar('SELECT pg_backend_pid() WHERE :secret::text IS NOT NULL', { secret: 's3cret' })
        await kill(pid)
        expect(await waitFor(gone(pid))).toBe(true)
      }),
    )
    expect(error).toBeInstanceOf(QueryError)
    expect((error as QueryError).sql).toBe('COMMIT')
    expect((error as Error).message).not.toMatch(/SQL|COMMIT|s3cret/)
    expect(await engine.scalar(PID)).not.toBe(pid)
  })

  it('a connection killed while idle in the pool is dropped with a warning; the next query reconnects', async () => {
    const pid = await engine.scalar(PID)
    expect(engine.stats).toMatchObject({ total: 1, idle: 1 })
    await kill(pid)
    expect(await waitFor(() => engine.stats.total === 0)).toBe(true)
    expect(logger.warns.some((line) => line.includes('idle connection lost'))).toBe(true)
    expect(await engine.scalar(PID)).not.toBe(pid)
  })

  it('close() waits for connections still held, and refuses new work at once', async () => {
    const closing = await openServerEngine({ max: 2 })
    const held = await closing.acquire()
    let closed = false
    const done = closing.close().then(() => {
      closed = true
    })
    await expect(closing.scalar('SELECT 1')).rejects.toBeInstanceOf(EngineClosedError)
    expect(await held.scalar('SELECT 2')).toBe(2)
    await sleep(30)
    expect(closed).toBe(false)
    await held.release()
    await done
    expect(closed).toBe(true)
  })

  it('a manual handle whose backend was killed can still be released', async () => {
    const conn = await engine.acquire()
    const pid = await conn.scalar(PID)
    await conn.begin()
    await kill(pid)
    expect(await waitFor(gone(pid))).toBe(true)
    await expect(conn.scalar('SELECT 1')).rejects.toBeInstanceOf(Error)
    await conn.release()
    expect(inUse(engine)).toBe(0)
    expect(await engine.scalar('SELECT 1')).toBe(1)
  })
})
