import type { QueryExecutorProvider } from 'kysely'
import type { RawResult, RowMode } from '../dialect/driver-adapter.js'
import { ConnectionReleasedError } from '../errors.js'
import { Cursor } from '../execution/cursor.js'
import { EXEC_DEFAULTS, EXECUTOR_PROVIDER, OPEN_CURSOR, QueryMethods, RUN, RUN_MANY } from '../execution/query-methods.js'
import type { ExecOptions, IterateOptions } from '../execution/query-types.js'
import type { Statement } from '../execution/statement.js'
import { beginTransaction, runMany, runTransaction, type Transaction } from '../transaction/transaction.js'
import type { TransactionOptions } from '../transaction/tx-frame.js'
import { contextTx } from './context.js'
import { type ReplicaRouter, routerOf } from '../routing/replica-router.js'
import type { Session } from './session.js'

/** Options of `Connection.release()`. */
export interface ReleaseOptions {
  /**
   * `false` gives the underlying connection back to the pool but keeps this handle (and
   * its place in the async context) usable: its next query takes a connection again, as
   * GINO's `release(permanent=False)`. Default true.
   */
  permanent?: boolean
}

/**
 * A handle on a database connection. The root handle (the one that acquired it) gives
 * the connection back on `release()`; reusing handles share it and release only
 * themselves. Releasing a handle twice is an error.
 *
 * @example
 * ```ts
 * const conn = await engine.acquire()
 * try {
 *   const tx = await conn.begin()
 *   await conn.status('UPDATE accounts SET balance = balance - 10 WHERE id = :id', { id })
 *   await tx.commit()
 * } finally {
 *   await conn.release() // a transaction left open is rolled back here
 * }
 * ```
 */
export class Connection extends QueryMethods {
  readonly #session: Session
  readonly #owner: object
  readonly #executor: () => QueryExecutorProvider
  readonly #root: boolean
  /** The engine's replica router, when it has replicas: a write here marks the scope. */
  readonly #router: ReplicaRouter | undefined
  #released = false

  /** @internal */
  constructor(owner: object, session: Session, root: boolean, executor: () => QueryExecutorProvider) {
    super()
    this.#owner = owner
    this.#session = session
    this.#root = root
    this.#executor = executor
    this.#router = routerOf(owner)
  }

  /** @internal */
  get session(): Session {
    return this.#session
  }

  /** True for the handle that acquired the connection (not a reusing one). */
  get isRoot(): boolean {
    return this.#root
  }

  /** True once this handle was released. */
  get released(): boolean {
    return this.#released
  }

  /** True while a real connection is held (a lazy one takes it on its first query). */
  get connected(): boolean {
    return this.#session.connected && !this.#session.released
  }

  #check(): void {
    if (this.#released) throw new ConnectionReleasedError('This connection handle was released; it cannot run queries.')
  }

  /**
   * Gives the connection back. The root handle rolls back a transaction left open and
   * returns the connection to the pool; a reusing handle only lets go of it.
   *
   * With `{ permanent: false }` (any handle) the real connection goes back to the pool
   * (an open transaction is rolled back) while the handle stays in use: the scope goes
   * on, and the next query on it, or reusing it, takes a connection from the pool again.
   *
   * @example
   * ```ts
   * await engine.acquire(async (conn) => {
   *   await conn.all('SELECT 1')
   *   await conn.release({ permanent: false }) // back to the pool during slow non-SQL work
   *   await callSlowService()
   *   await User.get(1) // same scope, a connection from the pool again
   * })
   * ```
   */
  async release(options?: ReleaseOptions): Promise<void> {
    if (this.#released) throw new ConnectionReleasedError('This connection was already released.')
    if (options?.permanent === false) {
      if (this.#session.released) throw new ConnectionReleasedError('The connection was released; it cannot be reused.')
      await this.#session.release(false)
      return
    }
    this.#released = true
    if (this.#root) await this.#session.release()
  }

  /**
   * Runs `fn` in a transaction on this connection (a savepoint when one is open in the
   * caller's context); commits when it returns, rolls back when it throws.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T> | T, options?: TransactionOptions): Promise<T> {
    this.#check()
    return runTransaction(this.#owner, this, fn, options)
  }

  /** Begins a transaction to end by hand with `commit()` / `rollback()`; release rolls back one left open. */
  begin(options?: TransactionOptions): Promise<Transaction> {
    this.#check()
    return beginTransaction(this, options)
  }

  /** @internal */
  [RUN](statement: Statement, rowMode: RowMode, options: ExecOptions | undefined): Promise<RawResult> {
    this.#check()
    this.#router?.noteRun(this.#session, statement)
    return this.#session.run(contextTx(this.#session), statement.sql, statement.parameters, rowMode, options?.timeout)
  }

  /** @internal */
  [RUN_MANY](statements: readonly Statement[], rowMode: RowMode): Promise<RawResult[]> {
    this.#check()
    const router = this.#router
    if (router !== undefined) for (const statement of statements) router.noteRun(this.#session, statement)
    return runMany(this.#owner, this, statements, rowMode)
  }

  /** @internal */
  [OPEN_CURSOR](statement: Statement, options: IterateOptions | undefined): Cursor<unknown> {
    this.#check()
    const caller = contextTx(this.#session)
    Cursor.check(this.#session, caller, 'run it inside db.transaction(...) or after conn.begin().')
    return new Cursor(this.#session, caller, statement, statement.loader, options?.chunkSize)
  }

  /** @internal */
  [EXECUTOR_PROVIDER](): QueryExecutorProvider {
    return this.#executor()
  }

  /** @internal */
  override [EXEC_DEFAULTS](): ExecOptions | undefined {
    return this.#session.core.options.executionOptions
  }
}
