import type { RawConnection, RawResult, RowMode, StatementCallback } from '../dialect/driver-adapter.js'
import { ConnectionReleasedError, EngineClosedError, QueryError, TransactionError } from '../errors.js'
import { watched, watchStatement } from '../execution/statement-watch.js'
import { clientSideLimit, type EngineCore, runStatement, setLocalTimeout, wrapError } from '../execution/run-statement.js'
import { acquireWithin } from './acquire-within.js'
import { acquireChannel } from '../tracing/channels.js'
import { RESET_SEARCH_PATH, type SearchPath, setSearchPath } from './search-path.js'
import { beginStatement, type TransactionOptions, TxFrame } from '../transaction/tx-frame.js'

/** One statement as the session sends it. */
interface SqlWithParameters {
  readonly sql: string
  readonly parameters: readonly unknown[]
}

/** Who asks for the connection: a transaction level, none, or `ANY` (ending a level, releasing). */
export type Caller = TxFrame | null | typeof ANY
export const ANY = Symbol('any')

/**
 * One checked-out connection (GINO's root connection) shared by every reusing handle.
 *
 * Work on it is serialized: one statement (or one begin / end of a level) at a time, in
 * arrival order. While a transaction level is open, only work from that level's async
 * context may run; work from outside it (a sibling started with `Promise.all`, a query
 * from the enclosing level while a nested level is open) waits until the level ends,
 * so nothing escapes into, or out of, a transaction by accident.
 */
export class Session {
  readonly core: EngineCore
  released = false
  /** Innermost open transaction level. */
  owner: TxFrame | null = null
  #raw: RawConnection | undefined
  #acquiring: Promise<RawConnection> | undefined
  #busy = false
  #waiters: Array<() => void> = []
  #savepoints = 0
  /** The outermost level of a lazy transaction whose BEGIN waits for its first statement. */
  #pendingBegin: { readonly frame: TxFrame; readonly sql: string } | undefined
  /** Longest wait for a pooled connection taken later (lazily), from `acquire({ timeout })`. */
  readonly #waitLimit: number | undefined
  /**
   * The schema its statements run in (`acquire({ schema })`), if any. On a server
   * connection it is SET when the connection is taken and RESET before it goes back to
   * the pool; behind a transaction-mode pooler (`pooler: true`, server only) it is SET
   * LOCAL in each transaction instead, and a statement outside any runs in a transaction
   * of its own.
   */
  readonly searchPath: SearchPath | undefined
  /**
   * True when the search path is SET LOCAL per transaction (`pooler: true` on a server;
   * PGlite is one connection with no pooler in front, and takes one statement per text).
   */
  readonly #localPath: boolean

  constructor(core: EngineCore, waitLimit?: number, searchPath?: SearchPath) {
    this.core = core
    this.#waitLimit = waitLimit
    this.searchPath = searchPath
    this.#localPath = searchPath !== undefined && core.options.pooler && core.driver === 'pg'
  }

  /**
   * Opens a session; a lazy one takes its real connection on first use. `waitLimit`
   * bounds the wait for a pooled connection (now, or on the first use of a lazy one).
   */
  static async open(
    core: EngineCore & { readonly closed: boolean },
    lazy: boolean,
    waitLimit?: number,
    searchPath?: SearchPath,
  ): Promise<Session> {
    if (core.closed) throw new EngineClosedError()
    const session = new Session(core, waitLimit, searchPath)
    if (!lazy) session.#raw = await session.#take(waitLimit)
    return session
  }

  /**
   * A session on the connection the pool can hand over at once, or undefined (then
   * `open()` waits for one). Not for a schema (its connection is set up first), nor while
   * checkouts are traced.
   */
  static openNow(core: EngineCore & { readonly closed: boolean }): Session | undefined {
    if (core.closed || acquireChannel.hasSubscribers) return undefined
    const raw = core.pool.takeNow?.()
    if (raw === undefined) return undefined
    const session = new Session(core)
    session.#raw = raw
    return session
  }

  /** Takes a pooled connection; with a schema, set up for it before anything else runs on it. */
  #take(waitLimit: number | undefined): Promise<RawConnection> {
    const acquiring = acquireWithin(this.core, waitLimit)
    const path = this.searchPath
    if (path === undefined) return acquiring
    return acquiring.then(async (raw) => {
      raw.planScope = path.schema
      if (this.#localPath) return raw
      try {
        // Awaited: no statement may run before the connection is in the schema.
        await runStatement(raw, this.core, setSearchPath(path, false), [], 'object')
      } catch (error) {
        raw.planScope = undefined
        this.core.pool.release(raw, true)
        throw error
      }
      return raw
    })
  }

  /** True once a real connection is held. */
  get connected(): boolean {
    return this.#raw !== undefined
  }

  #connection(waitLimit?: number): Promise<RawConnection> {
    this.#acquiring ??= this.#take(waitLimit ?? this.#waitLimit).then(
      (raw) => {
        this.#raw = raw
        return raw
      },
      (error: unknown) => {
        this.#acquiring = undefined
        throw error
      },
    )
    return this.#acquiring
  }

  /** True when `caller` may take the session now, with no wait and nothing to refuse (the fast paths). */
  #mayRunNow(caller: Caller): boolean {
    return !this.released && this.#mayEnter(caller) && (caller === ANY || caller === null || !caller.endedEarly)
  }

  #mayEnter(caller: Caller): boolean {
    if (this.#busy) return false
    const owner = this.owner
    return owner === null || owner.manual || caller === ANY || owner === TxFrame.effective(caller)
  }

  /** True while a lazy transaction is open whose BEGIN was not sent yet (no statement ran in it). */
  get beginPending(): boolean {
    return this.#pendingBegin !== undefined
  }

  /** Waits until `caller` may use the session, then holds it (until `#leave()`). */
  async #enter(caller: Caller): Promise<void> {
    if (this.released) throw new ConnectionReleasedError('The connection was released; it cannot run queries.')
    if (caller !== ANY && caller !== null && caller.endedEarly) {
      throw new TransactionError(
        'This transaction was ended by commit() or rollback() inside its callback; ' +
          'statements after that cannot run in it: return from the callback once it is ended.',
      )
    }
    while (!this.#mayEnter(caller)) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve))
      if (this.released) throw new ConnectionReleasedError('The connection was released while this query waited for it.')
    }
    this.#busy = true
  }

  #leave(): void {
    this.#busy = false
    if (this.#waiters.length) this.#wake()
  }

  /** Sends the BEGIN of a lazy transaction, before the first statement that runs in it. */
  async #flushBegin(raw: RawConnection): Promise<void> {
    const pending = this.#pendingBegin
    if (pending === undefined) return
    await runStatement(raw, this.core, pending.sql, [], 'object')
    // Only once it succeeded: a BEGIN that failed is sent again by the next statement.
    this.#pendingBegin = undefined
  }

  /**
   * Runs `fn` with the connection to itself, once `caller` may use it. `waitLimit` bounds
   * the wait for a pooled connection when a lazy session takes its connection now.
   */
  async exclusive<T>(caller: Caller, fn: (raw: RawConnection) => Promise<T>, waitLimit?: number): Promise<T> {
    await this.#enter(caller)
    try {
      const raw = this.#raw ?? (await this.#connection(waitLimit))
      await this.#flushBegin(raw)
      return await fn(raw)
    } finally {
      this.#leave()
    }
  }

  #wake(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const resume of waiters) resume()
  }

  /**
   * Runs one statement for `caller`. When nothing else holds the session (the usual case)
   * the statement is sent at once with a single promise and no queueing; a lazy
   * transaction's plain `BEGIN` goes out with it, unawaited (it cannot fail on a working
   * connection; if it fails anyway the statement reports BEGIN's error and the next one
   * sends BEGIN again). Otherwise it waits its turn (see `exclusive`).
   */
  run(caller: Caller, sql: string, parameters: readonly unknown[], rowMode: RowMode, timeout?: number): Promise<RawResult> {
    const raw = this.#raw
    if (
      raw !== undefined &&
      timeout === undefined &&
      this.#mayRunNow(caller) &&
      (this.owner !== null || (clientSideLimit(this.core) === undefined && !this.#localPath)) &&
      (this.#pendingBegin === undefined || this.#pendingBegin.sql === 'BEGIN')
    ) {
      return this.#runNow(raw, sql, parameters, rowMode)
    }
    return this.exclusive(caller, (held) => {
      // A schema behind a pooler is SET LOCAL: a statement outside any transaction gets one.
      if (this.owner === null && this.#localPath) return this.#runInOwnTransaction(held, sql, parameters, rowMode, timeout)
      // Behind a pooler, statementTimeout is SET LOCAL in each transaction; a statement
      // outside any is cancelled by the client instead (see EngineOptions.pooler).
      const limit = timeout ?? (this.owner === null ? clientSideLimit(this.core) : undefined)
      if (this.owner === null) return runStatement(held, this.core, sql, parameters, rowMode, limit)
      return runStatement(held, this.core, sql, parameters, rowMode, limit).then((result) => {
        if (endsTransaction(result.command, sql)) this.#endedByStatement()
        return result
      })
    }, timeout)
  }

  /**
   * Runs several statements for `caller` back to back: all are written before the first
   * answer is awaited (one round trip on pg, whose connections pipeline). Each is its own
   * protocol batch, so inside a transaction the first failure aborts it and the rest fail
   * too; the promise rejects with the first failure. Callers make it atomic by running it
   * in a transaction (see `runMany`).
   */
  runMany(caller: Caller, statements: readonly SqlWithParameters[], rowMode: RowMode): Promise<RawResult[]> {
    const raw = this.#raw
    if (
      raw !== undefined &&
      this.#mayRunNow(caller) &&
      this.owner !== null &&
      (this.#pendingBegin === undefined || this.#pendingBegin.sql === 'BEGIN')
    ) {
      this.#busy = true
      const pending = this.#pendingBegin
      this.#pendingBegin = undefined
      const all = pending === undefined ? statements : [{ sql: pending.sql, parameters: [] }, ...statements]
      return sendAll(raw, this.core, all, rowMode).then(
        (results) => {
          this.#leave()
          return pending === undefined ? results : results.slice(1)
        },
        (error: unknown) => {
          if (pending !== undefined && error instanceof QueryError && error.sql === pending.sql && this.owner === pending.frame) {
            this.#pendingBegin ??= pending
          }
          this.#leave()
          throw error
        },
      )
    }
    return this.exclusive(caller, (held) => sendAll(held, this.core, statements, rowMode))
  }

  /**
   * One statement in a transaction of its own, for a schema behind a transaction-mode
   * pooler: the pooler may hand each transaction to another server connection, so the
   * schema is SET LOCAL in the same transaction as the statement. BEGIN is awaited first
   * (the statement must never run outside it, in the default schema); the statement and
   * COMMIT then travel together (after a failed statement, COMMIT just ends the aborted
   * transaction).
   */
  async #runInOwnTransaction(
    raw: RawConnection,
    sql: string,
    parameters: readonly unknown[],
    rowMode: RowMode,
    timeout: number | undefined,
  ): Promise<RawResult> {
    try {
      await runStatement(raw, this.core, this.#beginSql(undefined), [], 'object')
    } catch (error) {
      // BEGIN may have run and SET LOCAL failed: never leave the connection in a transaction.
      await runStatement(raw, this.core, 'ROLLBACK', [], 'object').catch(() => undefined)
      throw error
    }
    const running = runStatement(raw, this.core, sql, parameters, rowMode, timeout)
    const ending = runStatement(raw, this.core, 'COMMIT', [], 'object')
    const [result, end] = await Promise.allSettled([running, ending])
    if (result.status === 'rejected') throw result.reason
    if (end.status === 'rejected') throw end.reason
    return result.value
  }

  /** The uncontended path of `run`: the session is free and the statement needs no timer. */
  #runNow(raw: RawConnection, sql: string, parameters: readonly unknown[], rowMode: RowMode): Promise<RawResult> {
    this.#busy = true
    const core = this.core
    const pending = this.#pendingBegin
    let beginError: Error | undefined
    return new Promise((resolve, reject) => {
      const done: StatementCallback = (error, result) => {
        if (beginError !== undefined) {
          // The server is not in the transaction: the next statement sends BEGIN again.
          if (this.owner === pending!.frame) this.#pendingBegin ??= pending
          this.#leave()
          return reject(wrapError(beginError, pending!.sql, [], undefined, core))
        }
        this.#leave()
        if (error !== undefined) return reject(wrapError(error, sql, parameters, undefined, core))
        if (this.owner !== null && endsTransaction(result!.command, sql)) return reject(this.#endLevels())
        resolve(result!)
      }
      if (pending === undefined) {
        send(raw, core, sql, parameters, rowMode, done)
        return
      }
      this.#pendingBegin = undefined
      const begun = (error: Error | undefined): void => {
        beginError = error
      }
      // pg batches BEGIN with the statement (one answer for both); with a watch on, each
      // is watched as a statement of its own.
      if (raw.sendWithBegin !== undefined && !watched(core)) return raw.sendWithBegin(sql, parameters, rowMode, begun, done)
      // Sent in one tick: BEGIN and the statement leave in one write where the driver
      // holds a tick's writes.
      send(raw, core, pending.sql, [], 'object', begun)
      send(raw, core, sql, parameters, rowMode, done)
    })
  }

  /**
   * A `COMMIT` / `ROLLBACK` sent as a statement ended the server's transaction behind the
   * levels' back: they are over (later statements of a managed callback fail, nothing is
   * sent at their end), and the statement fails so the caller knows.
   */
  #endedByStatement(): never {
    throw this.#endLevels()
  }

  /** Marks every level ended (see `#endedByStatement`) and returns the error to report. */
  #endLevels(): TransactionError {
    for (let level = this.owner; level !== null; level = level.parent) level.finished = true
    this.owner = null
    return new TransactionError(
      'A COMMIT or ROLLBACK sent as a statement ended the transaction; ' +
        'end a transaction with tx.commit() / tx.rollback() (or by returning from transaction()).',
    )
  }

  /**
   * Opens a level: BEGIN at the outermost, a SAVEPOINT inside. With `lazy`, an outermost
   * level sends nothing yet: its BEGIN goes with its first statement, and a level ended
   * before any statement sends no COMMIT / ROLLBACK either (so a request that fails
   * before its first query never touches the database).
   */
  async begin(caller: Caller, options: TransactionOptions | undefined, manual: boolean, lazy = false): Promise<TxFrame> {
    const now = lazy ? this.beginNow(options, manual) : undefined
    if (now !== undefined) return now
    if (lazy) {
      await this.#enter(caller)
      try {
        if (this.owner === null) {
          const frame = new TxFrame(null, null, manual)
          this.#pendingBegin = { frame, sql: this.#beginSql(options) }
          this.owner = frame
          return frame
        }
      } finally {
        this.#leave()
      }
    }
    return this.exclusive(caller, async (raw) => {
      const parent = this.owner
      if (parent !== null && options && Object.values(options).some((value) => value !== undefined)) {
        throw new TransactionError('Isolation, read only and deferrable apply to the outermost transaction only.')
      }
      const frame = new TxFrame(parent, parent ? `gino_sp_${++this.#savepoints}` : null, manual)
      const sql =
        frame.savepoint === null
          ? this.#beginSql(options)
          : `SAVEPOINT ${frame.savepoint}`
      await runStatement(raw, this.core, sql, [], 'object')
      this.owner = frame
      return frame
    })
  }

  /**
   * Opens a lazy outermost level at once when nothing holds the session (its BEGIN goes
   * with its first statement: see `begin`), else returns undefined.
   */
  beginNow(options: TransactionOptions | undefined, manual: boolean): TxFrame | undefined {
    if (this.#busy || this.owner !== null || this.released) return undefined
    const frame = new TxFrame(null, null, manual)
    this.#pendingBegin = { frame, sql: this.#beginSql(options) }
    this.owner = frame
    return frame
  }

  /**
   * The outermost level's BEGIN, with what a pooler needs SET LOCAL in each transaction:
   * the statement timeout, the schema.
   */
  #beginSql(options: TransactionOptions | undefined): string {
    const begin = beginStatement(this.#withDefaults(options)) + setLocalTimeout(this.core)
    return this.#localPath ? `${begin}; ${setSearchPath(this.searchPath!, true)}` : begin
  }

  /** The outermost level's options with the engine's default isolation level. */
  #withDefaults(options: TransactionOptions | undefined): TransactionOptions | undefined {
    const isolation = this.core.options.isolationLevel
    if (isolation === undefined || options?.isolation !== undefined) return options
    return { ...options, isolation }
  }

  /** Commits or rolls back `frame` and every level inside it; outer levels are untouched. */
  end(frame: TxFrame, commit: boolean): Promise<void> {
    if (frame.finished) {
      return Promise.reject(new TransactionError('This transaction level has already ended.'))
    }
    const raw = this.#raw
    if (frame === this.owner && frame.savepoint === null && raw !== undefined && !this.#busy && this.#pendingBegin === undefined && !this.released) {
      return this.#endNow(raw, frame, commit)
    }
    return this.#endLevel(frame, commit)
  }

  /** The uncontended COMMIT / ROLLBACK of the outermost level: one statement, one promise. */
  #endNow(raw: RawConnection, frame: TxFrame, commit: boolean): Promise<void> {
    this.#busy = true
    const sql = commit ? 'COMMIT' : 'ROLLBACK'
    return new Promise((resolve, reject) => {
      send(raw, this.core, sql, [], 'object', (error) => {
        // Whatever the server answered, the level is over (a failed COMMIT rolls back).
        frame.finished = true
        this.owner = null
        this.#leave()
        if (error === undefined) resolve()
        else reject(wrapError(error, sql, [], undefined, this.core))
      })
    })
  }

  async #endLevel(frame: TxFrame, commit: boolean): Promise<void> {
    await this.#enter(ANY)
    try {
      if (frame.finished) throw new TransactionError('This transaction level has already ended.')
      if (this.#pendingBegin?.frame === frame) {
        // No statement ran in it: the server never saw its BEGIN, so there is nothing to end.
        this.#pendingBegin = undefined
        frame.finished = true
        this.owner = frame.parent
        return
      }
      const raw = this.#raw ?? (await this.#connection())
      try {
        if (frame.savepoint === null) {
          await runStatement(raw, this.core, commit ? 'COMMIT' : 'ROLLBACK', [], 'object')
        } else if (commit) {
          await runStatement(raw, this.core, `RELEASE SAVEPOINT ${frame.savepoint}`, [], 'object')
        } else {
          await runStatement(raw, this.core, `ROLLBACK TO SAVEPOINT ${frame.savepoint}`, [], 'object')
          await runStatement(raw, this.core, `RELEASE SAVEPOINT ${frame.savepoint}`, [], 'object')
        }
      } finally {
        // Whatever the server answered, these levels are over (a failed COMMIT rolls back).
        for (let level = this.owner; level !== null && level !== frame.parent; level = level.parent) {
          level.finished = true
        }
        this.owner = frame.parent
      }
    } finally {
      this.#leave()
    }
  }

  /**
   * Releases the session at once when nothing is left to do on the server: its connection
   * is idle, outside any transaction, in no schema. Returns false when `release()` has
   * work to wait for.
   */
  releaseNow(): boolean {
    if (this.released) return true
    const raw = this.#raw
    if (raw === undefined || this.#acquiring !== undefined || this.#busy || this.owner !== null) return false
    if (this.#pendingBegin !== undefined || this.searchPath !== undefined) return false
    this.released = true
    this.#raw = undefined
    this.core.pool.release(raw, raw.broken)
    this.#wake()
    return true
  }

  /** `running`'s outcome, once this session is released (see `release`). */
  releaseAfter<T>(running: Promise<T>): Promise<T> {
    return running.then(
      (result) => (this.releaseNow() ? result : this.release().then(() => result)),
      (error: unknown) => {
        if (this.releaseNow()) throw error
        return this.release().then(() => {
          throw error
        })
      },
    )
  }

  /**
   * Rolls back a transaction left open and gives the connection back to the pool. With
   * `permanent` false the session stays usable: its next statement takes a connection
   * from the pool again (GINO's non-permanent release).
   */
  async release(permanent = true): Promise<void> {
    if (permanent && this.releaseNow()) return
    if (this.released) return
    const pending = this.#pendingBegin
    if (pending !== undefined && !this.#busy && this.owner === pending.frame) {
      // A lazy transaction that ran nothing: nothing to roll back on the server.
      this.#pendingBegin = undefined
      pending.frame.finished = true
      this.owner = null
    }
    let destroy = false
    // Idle and outside any transaction (the usual case): nothing to wait for or roll back.
    const idle = !this.#busy && this.owner === null
    if (!idle && (this.#raw !== undefined || this.#acquiring !== undefined)) {
      try {
        await this.exclusive(ANY, async (raw) => {
          if (this.owner === null) return
          for (let level: TxFrame | null = this.owner; level !== null; level = level.parent) level.finished = true
          this.owner = null
          await runStatement(raw, this.core, 'ROLLBACK', [], 'object')
        })
      } catch {
        // A connection that cannot even roll back is not safe to reuse.
        destroy = true
      }
    }
    if (permanent) this.released = true
    const raw = this.#raw
    this.#raw = undefined
    this.#acquiring = undefined
    if (raw !== undefined) {
      if (this.searchPath !== undefined) destroy = !(await this.#leaveSchema(raw, destroy))
      this.core.pool.release(raw, destroy || raw.broken)
    }
    this.#wake()
  }

  /**
   * Gives a connection back its default `search_path` (RESET: the value it had before
   * any SET, i.e. the server's, role's or URL's) before it returns to the pool; false
   * when it cannot, so it is closed rather than reused in this schema.
   */
  async #leaveSchema(raw: RawConnection, destroy: boolean): Promise<boolean> {
    raw.planScope = undefined
    if (this.#localPath || destroy || raw.broken) return !destroy
    try {
      await runStatement(raw, this.core, RESET_SEARCH_PATH, [], 'object')
      return true
    } catch {
      return false
    }
  }
}

/** Sends a statement, with the engine's echo, slow-query log and tracing when any is on. */
function send(
  raw: RawConnection,
  core: EngineCore,
  sql: string,
  parameters: readonly unknown[],
  rowMode: RowMode,
  done: StatementCallback,
): void {
  const watch = watchStatement(core, sql, parameters)
  if (watch === undefined) return raw.send(sql, parameters, rowMode, done)
  watch.run(() =>
    raw.send(sql, parameters, rowMode, (error, result) => {
      watch.finish(error, error === undefined ? result!.rowCount : null)
      done(error, result)
    }),
  )
}

/** Writes every statement at once and collects the results in order; rejects with the first failure. */
function sendAll(
  raw: RawConnection,
  core: EngineCore,
  statements: readonly SqlWithParameters[],
  rowMode: RowMode,
): Promise<RawResult[]> {
  return new Promise((resolve, reject) => {
    const results: RawResult[] = new Array<RawResult>(statements.length)
    let left = statements.length
    let failure: QueryError | undefined
    if (left === 0) return resolve(results)
    statements.forEach(({ sql, parameters }, index) => {
      send(raw, core, sql, parameters, rowMode, (error, result) => {
        if (error !== undefined) failure ??= wrapError(error, sql, parameters, undefined, core)
        else results[index] = result!
        if (--left > 0) return
        if (failure === undefined) resolve(results)
        else reject(failure)
      })
    })
  })
}

const ROLLBACK_TO = /^\s*rollback\s+(?:(?:work|transaction)\s+)?to\b/i

/** True when a statement's command tag says it ended the transaction (not a ROLLBACK TO SAVEPOINT). */
function endsTransaction(command: string, sql: string): boolean {
  if (command === 'COMMIT') return true
  return command === 'ROLLBACK' && !ROLLBACK_TO.test(sql)
}
