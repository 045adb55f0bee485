import type { RawConnection, RawResult, RowMode } from '../dialect/driver-adapter.js'
import { ConnectionReleasedError, EngineClosedError, TransactionError } from '../errors.js'
import { clientSideLimit, type EngineCore, runStatement, setLocalTimeout } from '../execution/run-statement.js'
import { beginStatement, type TransactionOptions, TxFrame } from '../transaction/tx-frame.js'

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

  constructor(core: EngineCore) {
    this.core = core
  }

  /** Opens a session; a lazy one takes its real connection on first use. */
  static async open(core: EngineCore & { readonly closed: boolean }, lazy: boolean): Promise<Session> {
    if (core.closed) throw new EngineClosedError()
    const session = new Session(core)
    if (!lazy) session.#raw = await core.pool.acquire()
    return session
  }

  /** True once a real connection is held. */
  get connected(): boolean {
    return this.#raw !== undefined
  }

  #connection(): Promise<RawConnection> {
    this.#acquiring ??= this.core.pool.acquire().then(
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

  #mayEnter(caller: Caller): boolean {
    if (this.#busy) return false
    const owner = this.owner
    return owner === null || owner.manual || caller === ANY || owner === TxFrame.effective(caller)
  }

  /** Runs `fn` with the connection to itself, once `caller` may use it. */
  async exclusive<T>(caller: Caller, fn: (raw: RawConnection) => Promise<T>): Promise<T> {
    if (this.released) throw new ConnectionReleasedError('The connection was released; it cannot run queries.')
    while (!this.#mayEnter(caller)) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve))
      if (this.released) throw new ConnectionReleasedError('The connection was released while this query waited for it.')
    }
    this.#busy = true
    try {
      return await fn(this.#raw ?? (await this.#connection()))
    } finally {
      this.#busy = false
      if (this.#waiters.length) this.#wake()
    }
  }

  #wake(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const resume of waiters) resume()
  }

  run(caller: Caller, sql: string, parameters: readonly unknown[], rowMode: RowMode, timeout?: number): Promise<RawResult> {
    return this.exclusive(caller, (raw) => {
      // Behind a pooler, statementTimeout is SET LOCAL in each transaction; a statement
      // outside any is cancelled by the client instead (see EngineOptions.pooler).
      const limit = timeout ?? (this.owner === null ? clientSideLimit(this.core) : undefined)
      return runStatement(raw, this.core, sql, parameters, rowMode, limit)
    })
  }

  /** Opens a level: BEGIN at the outermost, a SAVEPOINT inside. */
  begin(caller: Caller, options: TransactionOptions | undefined, manual: boolean): Promise<TxFrame> {
    return this.exclusive(caller, async (raw) => {
      const parent = this.owner
      if (parent !== null && options && Object.values(options).some((value) => value !== undefined)) {
        throw new TransactionError('Isolation, read only and deferrable apply to the outermost transaction only.')
      }
      const frame = new TxFrame(parent, parent ? `gino_sp_${++this.#savepoints}` : null, manual)
      const sql = frame.savepoint === null ? beginStatement(options) + setLocalTimeout(this.core) : `SAVEPOINT ${frame.savepoint}`
      await runStatement(raw, this.core, sql, [], 'object')
      this.owner = frame
      return frame
    })
  }

  /** Commits or rolls back `frame` and every level inside it; outer levels are untouched. */
  end(frame: TxFrame, commit: boolean): Promise<void> {
    if (frame.finished) {
      return Promise.reject(new TransactionError('This transaction level has already ended.'))
    }
    return this.exclusive(ANY, async (raw) => {
      if (frame.finished) throw new TransactionError('This transaction level has already ended.')
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
    })
  }

  /** Rolls back a transaction left open and gives the connection back to the pool. */
  async release(): Promise<void> {
    if (this.released) return
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
    this.released = true
    const raw = this.#raw
    this.#raw = undefined
    if (raw !== undefined) this.core.pool.release(raw, destroy || raw.broken)
    this.#wake()
  }
}
