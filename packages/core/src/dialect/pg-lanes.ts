import { PoolTimeoutError } from '../errors.js'
import type { RawResult, RowMode } from './driver-adapter.js'
import type { PgConnection } from './pg-connection.js'

/** Where the lanes' connections come from and go back to: the adapter's pg-pool. */
export interface LanePool {
  /** Checks a connection out of pg-pool, waiting for one when none is free. */
  checkout(callback: (error: Error | undefined, connection: PgConnection | undefined) => void): void
  /** Gives a connection back to pg-pool; `destroy` closes it. */
  checkin(connection: PgConnection, destroy: boolean): void
  /** True when pg-pool has a connection idle that no checkout claimed yet, or may open one. */
  available(): boolean
  /** True when callers wait in pg-pool for a connection (a transaction, a scope, a session command). */
  waiting(): boolean
}

/** How the lanes behave: see the engine options `pipelineDepth`, `pool` and `acquireTimeout`. */
export interface LaneOptions {
  readonly depth: number
  /** False without a pool (`pool: false`): every connection goes back (and is closed) at once. */
  readonly hold: boolean
  readonly acquireTimeout: number
}

/** A statement waiting for room on a busy lane. */
interface Queued {
  readonly sql: string
  readonly parameters: readonly unknown[]
  readonly rowMode: RowMode
  readonly resolve: (result: RawResult) => void
  readonly reject: (error: Error) => void
  readonly onError: (error: Error) => Error
  readonly since: number
}

/** What may run behind another caller's statement: one query or DML statement, no session command. */
const SHAREABLE = /^\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|VALUES|TABLE)\b/i

/**
 * The connections that run statements outside any transaction or scope, held between
 * pg-pool checkouts:
 * - a connection whose statements are all answered stays held until the event loop's next
 *   turn, so the next statement (or transaction) of that turn takes it without going
 *   through pg-pool's queue, timers and events; then it goes back to pg-pool;
 * - when pg-pool has every connection out and no transaction waits for one, a statement
 *   is written on the held connection with the fewest unanswered statements (up to
 *   `depth`), as postgres.js does, instead of queuing for a connection: the server always
 *   has the next statement at hand. When every lane is that full, statements queue here
 *   (first come, first served, failing with `PoolTimeoutError` after `acquireTimeout`).
 *   Each statement is its own protocol batch, so an error in one affects no other; a lost
 *   connection fails the statements it carried.
 */
export class ConnectionLanes {
  readonly #pool: LanePool
  readonly #depth: number
  readonly #hold: boolean
  readonly #acquireTimeout: number
  /** Held with nothing in flight: taken first. */
  readonly #idle: PgConnection[] = []
  /** Held with statements in flight. */
  readonly #busy = new Set<PgConnection>()
  /** Checkouts on their way: lanes to be. */
  #arriving = 0
  #queue: Queued[] = []
  #queueTimer: NodeJS.Timeout | undefined
  #flushScheduled = false
  #closed = false

  constructor(pool: LanePool, options: LaneOptions) {
    this.#pool = pool
    this.#hold = options.hold
    this.#depth = options.hold ? options.depth : 1
    this.#acquireTimeout = options.acquireTimeout
  }

  /** Held connections with nothing in flight (pg-pool counts them as checked out). */
  get idleCount(): number {
    return this.#idle.length
  }

  /** Statements waiting here for room on a lane. */
  get queuedCount(): number {
    return this.#queue.length
  }

  /**
   * Runs one statement outside any transaction; `reject` gets `onError(driverError)` for a
   * failed statement and the pool's own error when no connection could be had.
   */
  run(
    sql: string,
    parameters: readonly unknown[],
    rowMode: RowMode,
    resolve: (result: RawResult) => void,
    reject: (error: Error) => void,
    onError: (error: Error) => Error,
  ): void {
    // Whoever waits in pg-pool goes first: nothing is taken past them.
    const pool = this.#pool
    if (!pool.waiting()) {
      const held = this.#idle.pop()
      if (held !== undefined) return this.#send(held, sql, parameters, rowMode, resolve, reject, onError)
      // pg-pool cannot give one now: wait for room on the lanes rather than in its queue.
      if (!pool.available() && (this.#busy.size > 0 || this.#arriving > 0) && this.#mayShare(sql, parameters.length)) {
        const lane = this.#leastLoaded()
        if (lane !== undefined) return this.#send(lane, sql, parameters, rowMode, resolve, reject, onError)
        this.#queue.push({ sql, parameters, rowMode, resolve, reject, onError, since: performance.now() })
        this.#startQueueTimer()
        return
      }
    }
    this.#arriving++
    pool.checkout((error, connection) => {
      this.#arriving--
      if (error !== undefined || connection === undefined) {
        // Statements queued for this connection must not wait for one that never comes.
        if (this.#queue.length > 0 && this.#busy.size === 0 && this.#arriving === 0) this.#requeueInPool()
        return reject(error ?? new Error('The pool returned no connection.'))
      }
      this.#send(connection, sql, parameters, rowMode, resolve, reject, onError)
      if (!pool.waiting()) this.#drainOnto(connection)
    })
  }

  /** A held idle connection for a caller that keeps it (a transaction, a scope), if any. */
  take(): PgConnection | undefined {
    return this.#idle.pop()
  }

  /**
   * Takes back a connection a caller is done with: held for this turn of the event loop
   * when it is reusable as is, else handed to pg-pool (closed when `destroy`, broken or
   * left inside a transaction).
   */
  give(connection: PgConnection, destroy: boolean): void {
    if (destroy || !this.#reusable(connection)) {
      return this.#pool.checkin(connection, destroy || connection.broken || connection.transactionStatus !== 'I')
    }
    this.#idle.push(connection)
    this.#scheduleFlush()
  }

  /** Hands every held idle connection back to pg-pool; busy ones follow as they finish. */
  close(): void {
    this.#closed = true
    this.#flush()
  }

  /** What may wait for a lane: one query or DML statement, while the lanes are open. */
  #mayShare(sql: string, parameterCount: number): boolean {
    return !this.#closed && SHAREABLE.test(sql) && (parameterCount > 0 || !sql.includes(';'))
  }

  #send(
    connection: PgConnection,
    sql: string,
    parameters: readonly unknown[],
    rowMode: RowMode,
    resolve: (result: RawResult) => void,
    reject: (error: Error) => void,
    onError: (error: Error) => Error,
  ): void {
    this.#busy.add(connection)
    connection.sendAutocommit(sql, parameters, rowMode, (error, result) => {
      this.#answered(connection)
      if (error === undefined) resolve(result!)
      else reject(onError(error))
    })
  }

  /**
   * One of the connection's statements was answered: queued statements take its room;
   * a connection left with nothing to do goes idle, and when it could not take the queue
   * (it broke, a transaction waits), the queue lines up in pg-pool.
   */
  #answered(connection: PgConnection): void {
    // Statements queued before the lanes closed still run: a graceful close finishes them.
    if (this.#queue.length > 0 && !connection.broken && !this.#pool.waiting()) this.#drainOnto(connection)
    if (connection.inFlight === 0) {
      this.#busy.delete(connection)
      this.give(connection, false)
      if (this.#queue.length > 0) this.#requeueInPool()
    }
  }

  /** Sends queued statements on `connection` while it has room. */
  #drainOnto(connection: PgConnection): void {
    while (this.#queue.length > 0 && connection.inFlight < this.#depth && !connection.broken) {
      const next = this.#queue.shift()!
      this.#send(connection, next.sql, next.parameters, next.rowMode, next.resolve, next.reject, next.onError)
    }
  }

  /** Queued statements line up in pg-pool (behind a waiting transaction), in order. */
  #requeueInPool(): void {
    const queued = this.#queue
    this.#queue = []
    for (const entry of queued) {
      this.#arriving++
      this.#pool.checkout((error, connection) => {
        this.#arriving--
        if (error !== undefined || connection === undefined) return entry.reject(error ?? new Error('The pool returned no connection.'))
        this.#send(connection, entry.sql, entry.parameters, entry.rowMode, entry.resolve, entry.reject, entry.onError)
      })
    }
  }

  /** The busy connection with the fewest statements in flight, below `depth`. */
  #leastLoaded(): PgConnection | undefined {
    if (this.#depth <= 1) return undefined
    let best: PgConnection | undefined
    for (const connection of this.#busy) {
      if (connection.broken || connection.inFlight >= this.#depth) continue
      if (best === undefined || connection.inFlight < best.inFlight) best = connection
    }
    return best
  }

  /** Fails statements that waited `acquireTimeout` for room, as pg-pool fails a checkout. */
  #startQueueTimer(): void {
    if (this.#queueTimer !== undefined) return
    const oldest = this.#queue[0]
    if (oldest === undefined) return
    const wait = Math.max(0, oldest.since + this.#acquireTimeout - performance.now())
    this.#queueTimer = setTimeout(() => {
      this.#queueTimer = undefined
      const now = performance.now()
      while (this.#queue.length > 0 && now - this.#queue[0]!.since >= this.#acquireTimeout) {
        this.#queue.shift()!.reject(new PoolTimeoutError(this.#acquireTimeout))
      }
      this.#startQueueTimer()
    }, wait)
    this.#queueTimer.unref()
  }

  /** Outside a transaction, in the pool's default schema, alive, and no transaction waits in pg-pool. */
  #reusable(connection: PgConnection): boolean {
    return (
      this.#hold &&
      !this.#closed &&
      !connection.broken &&
      connection.planScope === undefined &&
      connection.transactionStatus === 'I' &&
      !this.#pool.waiting()
    )
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return
    this.#flushScheduled = true
    setImmediate(this.#flush)
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false
    const idle = this.#idle.splice(0)
    for (const connection of idle) this.#pool.checkin(connection, false)
  }
}
