import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createEngine,
  type Engine,
  QueryError,
  QueryTimeoutError,
  UnsupportedError,
} from '../support/core.js'
import { describeServer, EMBEDDED_DSN } from '../support/drivers.js'
import { EchoLog, openServerEngine, rejection, waitFor } from '../support/engines.js'

const PID = 'SELECT pg_backend_pid()'

describeServer('statement timeouts', () => {
  let limited: Engine
  let plain: Engine
  const log = new EchoLog()

  beforeAll(async () => {
    // One connection each, so "usable afterwards" is about the very connection that timed out.
    limited = await openServerEngine({ max: 1, statementTimeout: 150 })
    plain = await openServerEngine({ max: 1, echo: log.echo })
  })
  afterAll(async () => {
    await limited.close()
    await plain.close()
  })

  it('the engine statementTimeout cancels a long statement with QueryTimeoutError (57014)', async () => {
    const pid = await limited.scalar(PID)
    const started = Date.now()
    const error = await rejection(limited.scalar('SELECT pg_sleep(5)'))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(error).toBeInstanceOf(QueryTimeoutError)
    expect(error).toBeInstanceOf(QueryError)
    expect(error).toMatchObject({
      code: 'QUERY_TIMEOUT',
      sqlState: '57014',
      timeoutMs: 150,
      sql: 'SELECT pg_sleep(5)',
    })
    expect((error as Error).message).toBe('canceling statement due to statement timeout')
    expect(await limited.scalar('SELECT 1')).toBe(1)
    expect(await limited.scalar(PID)).toBe(pid)
  })

  it('a per-call timeout cancels the statement with QueryTimeoutError; the connection stays usable', async () => {
    const pid = await plain.scalar(PID)
    const started = Date.now()
    const error = await rejection(plain.scalar('SELECT pg_sleep(:s)', { s: 5 }, { timeout: 150 }))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(error).toBeInstanceOf(QueryTimeoutError)
    expect(error).toMatchObject({ sqlState: '57014', timeoutMs: 150, parameters: [5], sql: 'SELECT pg_sleep($1)' })
    expect((error as Error).message).toBe('canceling statement due to user request')
    expect((error as QueryTimeoutError).cause).toBeDefined()
    expect(await plain.scalar(PID)).toBe(pid)
    expect(await plain.scalar('SELECT 2')).toBe(2)
  })

  it('a per-call timeout also overrides a longer engine statementTimeout', async () => {
    const error = await rejection(limited.status('SELECT pg_sleep(5)', {}, { timeout: 50 }))
    expect(error).toBeInstanceOf(QueryTimeoutError)
    expect((error as QueryTimeoutError).timeoutMs).toBe(50)
  })

  it('a timeout inside a transaction aborts it; the transaction rolls back and the engine goes on', async () => {
    await plain.status('CREATE TABLE IF NOT EXISTS eng_timeout_rows (id int)')
    try {
      const error = await rejection(
        plain.transaction(async () => {
          await plain.status('INSERT INTO eng_timeout_rows VALUES (1)')
          await plain.scalar('SELECT pg_sleep(5)', {}, { timeout: 100 })
        }),
      )
      expect(error).toBeInstanceOf(QueryTimeoutError)
      expect(await plain.scalar('SELECT count(*)::int FROM eng_timeout_rows')).toBe(0)
    } finally {
      await plain.status('DROP TABLE IF EXISTS eng_timeout_rows')
    }
  })

  it('a cancel sent just as its statement finished never reaches the next statement', async () => {
    // The statement outlives its timeout by a hair: the cancel is sent while it completes.
    let followUpFailures = 0
    for (let i = 0; i < 15; i++) {
      await plain.scalar('SELECT pg_sleep(0.052)', {}, { timeout: 50 }).catch(() => undefined)
      await plain.scalar('SELECT pg_sleep(0.02)').catch(() => followUpFailures++)
    }
    expect(followUpFailures).toBe(0)
    expect(await plain.scalar('SELECT 3', {}, { timeout: 1000 })).toBe(3)
  })

  it('a statement cancelled by someone else is a plain QueryError, not a timeout', async () => {
    const observer = await openServerEngine()
    try {
      const pid = await plain.scalar(PID)
      const sleeping = rejection(plain.scalar('SELECT pg_sleep(5)'))
      const state = () =>
        observer.scalar('SELECT state FROM pg_stat_activity WHERE pid = :pid', { pid })
      expect(await waitFor(async () => (await state()) === 'active')).toBe(true)
      expect(await observer.scalar('SELECT pg_cancel_backend(:pid)', { pid })).toBe(true)
      const error = await sleeping
      expect(error).toBeInstanceOf(QueryError)
      expect(error).not.toBeInstanceOf(QueryTimeoutError)
      expect((error as QueryError).sqlState).toBe('57014')
    } finally {
      await observer.close()
    }
  })
})

// (A per-call timeout on PGlite is covered in executing.test.ts, on its PGlite engine.)
describe('statement timeouts on PGlite', () => {
  it('the statementTimeout option is an UnsupportedError before PGlite starts', async () => {
    const started = Date.now()
    await expect(createEngine(EMBEDDED_DSN, { statementTimeout: 1000 })).rejects.toBeInstanceOf(
      UnsupportedError,
    )
    expect(Date.now() - started).toBeLessThan(500)
  })
})
