/**
 * Statements outside any transaction on pg: connections held for the event loop's turn,
 * and shared (pipelined, up to `pipelineDepth`) when every connection is out.
 */
import net from 'node:net'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { ConnectionError, type Engine, type EngineOptions, PoolTimeoutError, QueryError, QueryTimeoutError } from '../support/core.js'
import { describeServer, SERVER_DSN } from '../support/drivers.js'
import { openServerEngine, rejection, sleep, waitFor } from '../support/engines.js'

const TABLE = `eng_shared_${process.pid}`

/** pg's Sync message, written as a buffer of its own after each statement's messages. */
const SYNC = Buffer.from([0x53, 0, 0, 0, 4])

/**
 * Counts statements written before the server's first answer arrives (by their Sync
 * messages): statements sent without waiting for an answer. Every socket of the process
 * counts, so nothing else may run meanwhile. Statements sent in the same tick on one
 * connection may leave in a single system call; the count is of statements, not calls.
 */
async function writesBeforeFirstAnswer(calls: () => Promise<unknown>[]): Promise<{ writes: number; syscalls: number; results: PromiseSettledResult<unknown>[] }> {
  const socket = net.Socket.prototype as unknown as {
    _write: (chunk: unknown, ...rest: unknown[]) => unknown
    _writev: (chunks: ReadonlyArray<{ chunk: unknown }>, ...rest: unknown[]) => unknown
    push: (chunk: unknown, ...rest: unknown[]) => boolean
  }
  const originals = { _write: socket._write, _writev: socket._writev, push: socket.push }
  let answered = false
  let writes = 0
  let syscalls = 0
  const count = (chunk: unknown): void => {
    if (!answered && Buffer.isBuffer(chunk) && chunk.equals(SYNC)) writes++
  }
  socket._write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
    if (!answered) syscalls++
    count(chunk)
    return originals._write.call(this, chunk, ...rest)
  }
  socket._writev = function (this: unknown, chunks: ReadonlyArray<{ chunk: unknown }>, ...rest: unknown[]) {
    if (!answered) syscalls++
    for (const entry of chunks) count(entry.chunk)
    return originals._writev.call(this, chunks, ...rest)
  }
  socket.push = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
    if (chunk !== null) answered = true
    return originals.push.call(this, chunk, ...rest)
  }
  try {
    const results = await Promise.allSettled(calls())
    return { writes, syscalls, results }
  } finally {
    Object.assign(socket, originals)
  }
}

describeServer('statements outside transactions share connections', () => {
  const engines: Engine[] = []
  const open = async (options: EngineOptions): Promise<Engine> => {
    const engine = await openServerEngine(options)
    engines.push(engine)
    return engine
  }
  let admin: pg.Client

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: SERVER_DSN })
    await admin.connect()
    await admin.query(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, name text NOT NULL)`)
    await admin.query(`INSERT INTO ${TABLE} SELECT g, 'n' || g FROM generate_series(1, 100) g`)
  })
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.close()))
  })
  afterAll(async () => {
    await admin.query(`DROP TABLE IF EXISTS ${TABLE}`)
    await admin.end()
  })

  it('with every connection busy, statements are written at once on the least busy one, up to pipelineDepth', async () => {
    const shared = await open({ max: 1, pipelineDepth: 4 })
    await shared.scalar('SELECT 1')
    const slow = (n: number) => shared.scalar('SELECT $1::int FROM pg_sleep(0.05)', [n])
    const piped = await writesBeforeFirstAnswer(() => [1, 2, 3, 4].map(slow))
    expect(piped.writes).toBe(4)
    // Sent in the same tick on one connection: one system call for the four.
    expect(piped.syscalls).toBe(1)
    expect(piped.results.map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual([1, 2, 3, 4])

    const single = await open({ max: 1, pipelineDepth: 1 })
    await single.scalar('SELECT 1')
    const one = await writesBeforeFirstAnswer(() => [1, 2, 3].map((n) => single.scalar('SELECT $1::int FROM pg_sleep(0.05)', [n])))
    expect(one.writes).toBe(1)
    expect(one.results.map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual([1, 2, 3])
  })

  it('many callers on a small pool each get their own row, from at most max backends', async () => {
    const engine = await open({ max: 2, acquireTimeout: 5_000 })
    const ids = Array.from({ length: 200 }, (_, i) => (i % 100) + 1)
    const calls = ids.map((id) =>
      engine.first(`SELECT id, name, pg_backend_pid() AS pid FROM ${TABLE}, pg_sleep(0.005) WHERE id = :id`, { id }),
    )
    // Once both connections are up, four statements each are in flight: the rest wait,
    // and are counted (polled, since a busy machine connects slowly).
    const lanesFull = await waitFor(() => {
      const { waiting } = engine.stats
      return waiting > 100 && waiting <= 200 - 2 * 4
    }, 2_000, 1)
    expect(lanesFull).toBe(true)
    const rows = (await Promise.all(calls)).map((row) => row!)
    expect(rows.map((row) => row.id)).toEqual(ids)
    expect(rows.every((row) => row.name === `n${String(row.id)}`)).toBe(true)
    expect(new Set(rows.map((row) => row.pid)).size).toBeLessThanOrEqual(2)
    expect(engine.stats).toMatchObject({ waiting: 0 })
    expect(engine.stats.total).toBeLessThanOrEqual(2)
  })

  it('an error in one shared statement fails that statement alone', async () => {
    const engine = await open({ max: 1 })
    await engine.scalar('SELECT 1')
    const { writes, results } = await writesBeforeFirstAnswer(() => [
      engine.scalar('SELECT $1::int FROM pg_sleep(0.05)', [1]),
      engine.scalar('SELECT 1 / $1::int', [0]),
      engine.scalar(`SELECT name FROM ${TABLE} WHERE id = $1`, [3]),
      engine.scalar('SELECT $1::int', [4]),
    ])
    expect(writes).toBe(4)
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
    const error = (results[1] as PromiseRejectedResult).reason
    expect(error).toBeInstanceOf(QueryError)
    expect((error as QueryError).sqlState).toBe('22012')
    expect([results[0], results[2], results[3]].map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual([1, 'n3', 4])
  })

  it('a lost connection fails the statements it carried; the engine goes on with a new one', async () => {
    const engine = await open({ max: 1 })
    const pid = await engine.scalar('SELECT pg_backend_pid()')
    const carried = Promise.allSettled([1, 2, 3].map((n) => engine.scalar('SELECT $1::int FROM pg_sleep(2)', [n])))
    await sleep(100)
    await admin.query('SELECT pg_terminate_backend($1)', [pid])
    const results = await carried
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    for (const result of results) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(QueryError)
    expect(await engine.scalar('SELECT pg_backend_pid()')).not.toBe(pid)
    expect(engine.stats.total).toBe(1)
  })

  it('statement_timeout cancels the slow shared statement only; those behind it answer', async () => {
    const engine = await open({ max: 1, statementTimeout: 150 })
    await engine.scalar('SELECT 1')
    const { writes, results } = await writesBeforeFirstAnswer(() => [
      engine.scalar('SELECT $1::int FROM pg_sleep(1)', [1]),
      engine.scalar('SELECT $1::int', [2]),
      engine.scalar('SELECT $1::int', [3]),
    ])
    expect(writes).toBe(3)
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(QueryTimeoutError)
    expect(results.slice(1).map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual([2, 3])
  })

  it('a statement with a per-call timeout never shares: its cancel cannot reach another statement', async () => {
    const engine = await open({ max: 1 })
    await engine.scalar('SELECT 1')
    const { writes, results } = await writesBeforeFirstAnswer(() => [
      engine.scalar('SELECT $1::int FROM pg_sleep(0.3)', [1]),
      engine.scalar('SELECT $1::int FROM pg_sleep(0.5)', [2], { timeout: 100 }),
    ])
    expect(writes).toBe(1)
    expect((results[0] as PromiseFulfilledResult<unknown>).value).toBe(1)
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(QueryTimeoutError)
  })

  it('session commands (SET) never share a busy connection', async () => {
    const engine = await open({ max: 1 })
    await engine.scalar('SELECT 1')
    const { writes, results } = await writesBeforeFirstAnswer(() => [
      engine.scalar('SELECT $1::int FROM pg_sleep(0.1)', [1]),
      engine.status('SET application_name = gino_shared_test'),
    ])
    expect(writes).toBe(1)
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled'])
  })

  it('a transaction waiting for a connection goes before statements that keep arriving', async () => {
    const engine = await open({ max: 2, acquireTimeout: 5_000 })
    const started = performance.now()
    let stop = false
    const callers = Array.from({ length: 8 }, async () => {
      while (!stop) await engine.scalar('SELECT 1 FROM pg_sleep(0.005)')
    })
    await sleep(100)
    const waited = performance.now()
    await engine.transaction(() => engine.scalar('SELECT 1'))
    const tookMs = performance.now() - waited
    stop = true
    await Promise.all(callers)
    expect(tookMs).toBeLessThan(1_500)
    expect(performance.now() - started).toBeLessThan(3_000)
  })

  it('with sharing off, a statement that finds no room in acquireTimeout fails with PoolTimeoutError', async () => {
    const engine = await open({ max: 1, pipelineDepth: 1, acquireTimeout: 150 })
    // The 150 ms bound connecting too: on a loaded machine (the suites run in parallel) a
    // new session can take longer. This test is about waiting for room, so connect again.
    for (let attempt = 1; ; attempt++) {
      const error = await engine.scalar('SELECT 1').then(() => undefined, (e: unknown) => e)
      if (error === undefined) break
      if (!(error instanceof ConnectionError) || attempt === 5) throw error
    }
    const slow = engine.scalar('SELECT $1::int FROM pg_sleep(1)', [1])
    const started = performance.now()
    const waiting = rejection(engine.scalar('SELECT 2'))
    expect(engine.stats.waiting).toBe(1)
    const error = await waiting
    expect(error).toBeInstanceOf(PoolTimeoutError)
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
    expect(performance.now() - started).toBeLessThan(900)
    expect(await slow).toBe(1)
    expect(await engine.scalar('SELECT 3')).toBe(3)
  })

  it('held connections go back to the pool on the next turn of the event loop (idleTimeout still closes them)', async () => {
    const engine = await open({ max: 4, idleTimeout: 50 })
    await Promise.all(Array.from({ length: 12 }, (_, i) => engine.scalar('SELECT $1::int', [i])))
    expect(engine.stats.total).toBeGreaterThan(0)
    expect(engine.stats.idle).toBe(engine.stats.total)
    expect(await waitFor(() => engine.stats.total === 0, 2_000)).toBe(true)
  })

  it('closing the engine lets statements already queued on the lanes finish', async () => {
    const engine = await openServerEngine({ max: 1 })
    await engine.scalar('SELECT 1')
    const calls = Promise.allSettled([1, 2, 3, 4, 5, 6].map((n) => engine.scalar('SELECT $1::int FROM pg_sleep(0.03)', [n])))
    await sleep(10)
    expect(engine.stats.waiting).toBe(2)
    await engine.close()
    expect((await calls).map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('a connection an autocommit BEGIN left inside a transaction is closed, not reused', async () => {
    const engine = await open({ max: 1 })
    const pid = await engine.scalar('SELECT pg_backend_pid()')
    await engine.status('BEGIN')
    expect(await engine.scalar('SELECT pg_backend_pid()')).not.toBe(pid)
    // Inside a transaction block, a failed statement would fail every later one (25P02).
    expect(await rejection(engine.scalar('SELECT 1 / $1::int', [0]))).toBeInstanceOf(QueryError)
    expect(await engine.scalar('SELECT 2')).toBe(2)
  })

  it('a shared statement whose prepared plan went stale is prepared again and answers', async () => {
    const engine = await open({ max: 1 })
    const table = `${TABLE}_stale`
    await engine.status(`CREATE TABLE ${table} (a int)`)
    try {
      await engine.status(`INSERT INTO ${table} VALUES (1)`)
      expect(await engine.all(`SELECT * FROM ${table} WHERE a = $1`, [1])).toEqual([{ a: 1 }])
      await engine.status(`ALTER TABLE ${table} ADD COLUMN b int DEFAULT 7`)
      const rows = await Promise.all([1, 1, 1].map((a) => engine.all(`SELECT * FROM ${table} WHERE a = $1`, [a])))
      expect(rows).toEqual([[{ a: 1, b: 7 }], [{ a: 1, b: 7 }], [{ a: 1, b: 7 }]])
    } finally {
      await engine.status(`DROP TABLE ${table}`)
    }
  })
})
