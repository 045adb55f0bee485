import type { Connection } from '../connection/connection.js'
import { contextTx, runInFrame } from '../connection/context.js'
import type { Session } from '../connection/session.js'
import type { RawResult, RowMode } from '../dialect/driver-adapter.js'
import { rejectWith } from '../errors.js'
import type { EngineCore } from '../execution/run-statement.js'
import type { Statement } from '../execution/statement.js'
import { currentRequestId, tracePromise, transactionChannel, type TransactionTraceContext } from '../tracing/channels.js'
import { type TransactionOptions, TxFrame } from './tx-frame.js'

/**
 * One level of a transaction: the outermost `BEGIN`, or a savepoint when nested.
 *
 * In the managed form (`db.transaction(fn)`) the level commits when `fn` returns and
 * rolls back when it throws. From inside, `commit()` / `rollback()` end this level (and
 * any level inside it) at once; outer levels are untouched. GINO leaves the block at that
 * point; a callback cannot be unwound, so a statement `fn` issues after the early end
 * fails with `TransactionError` instead of running elsewhere: return right after it.
 * A `COMMIT` / `ROLLBACK` sent as SQL ends every level and fails with `TransactionError`.
 *
 * @example
 * ```ts
 * await db.transaction(async (outer) => {
 *   await User.create({ name: 'kept' })
 *   await db.transaction(async (inner) => {
 *     await User.create({ name: 'dropped' })
 *     await inner.rollback() // only the savepoint
 *   })
 * })
 * ```
 */
export class Transaction {
  readonly #session: Session
  readonly #frame: TxFrame
  readonly #connection: Connection

  /** @internal */
  constructor(connection: Connection, frame: TxFrame) {
    this.#session = connection.session
    this.#connection = connection
    this.#frame = frame
  }

  /**
   * The connection this transaction runs on (GINO's `tx.connection`). Its queries run in
   * the transaction's current level; the transaction gives the connection back itself.
   *
   * @example
   * ```ts
   * await db.transaction(async (tx) => {
   *   const pid = await tx.connection.scalar('SELECT pg_backend_pid()')
   * })
   * ```
   */
  get connection(): Connection {
    return this.#connection
  }

  /** 0 for the outermost level, 1 for the first savepoint, and so on. */
  get depth(): number {
    return this.#frame.depth
  }

  /** False once committed or rolled back (directly or through an outer level). */
  get isActive(): boolean {
    return !this.#frame.finished && !this.#session.released
  }

  /** Commits this level now: `COMMIT`, or `RELEASE SAVEPOINT` when nested. */
  commit(): Promise<void> {
    return this.#session.end(this.#frame, true)
  }

  /** Rolls this level back now: `ROLLBACK`, or `ROLLBACK TO SAVEPOINT` when nested. */
  rollback(): Promise<void> {
    return this.#session.end(this.#frame, false)
  }
}

/** Begins a level on the connection for the caller's context and runs `fn` inside it. */
export async function runTransaction<T>(
  owner: object,
  connection: Connection,
  fn: (tx: Transaction) => Promise<T> | T,
  options: TransactionOptions | undefined,
  lazy = false,
): Promise<T> {
  if (!transactionChannel.hasSubscribers) return runLevel(owner, connection, fn, options, lazy)
  const session = connection.session
  return traceTransaction(session.core, session.owner !== null, () => runLevel(owner, connection, fn, options, lazy))
}

/** @internal Runs `body` (one transaction level) inside a `gino-ts:transaction` trace. */
export function traceTransaction<T>(core: EngineCore, nested: boolean, body: () => Promise<T>): Promise<T> {
  const context: TransactionTraceContext = {
    driver: core.driver,
    database: core.database,
    requestId: currentRequestId(),
    nested,
  }
  return tracePromise(transactionChannel, context, body)
}

/** `runTransaction` without tracing (for a caller that traces it already). */
export function runLevel<T>(
  owner: object,
  connection: Connection,
  fn: (tx: Transaction) => Promise<T> | T,
  options: TransactionOptions | undefined,
  lazy: boolean,
): Promise<T> {
  const session = connection.session
  let frame: TxFrame | undefined
  try {
    // A lazy level on a free session opens at once (the usual case); else it waits its turn.
    frame = lazy ? session.beginNow(options, false) : undefined
  } catch (error) {
    return rejectWith(error)
  }
  if (frame === undefined) {
    return session.begin(contextTx(session), options, false, lazy).then((begun) => runBegun(owner, connection, begun, fn))
  }
  return runBegun(owner, connection, frame, fn)
}

/** Runs `fn` in the level `frame` just opened: commits when it returns, rolls back when it throws. */
function runBegun<T>(owner: object, connection: Connection, frame: TxFrame, fn: (tx: Transaction) => Promise<T> | T): Promise<T> {
  const session = connection.session
  const tx = new Transaction(connection, frame)
  frame.running = true
  let running: Promise<T>
  try {
    running = Promise.resolve(runInFrame(owner, session, frame, () => fn(tx)))
  } catch (error) {
    running = rejectWith(error)
  }
  return running.then(
    (result) => {
      frame.running = false
      if (frame.finished || session.released) return result
      return session.end(frame, true).then(() => result)
    },
    async (error: unknown) => {
      frame.running = false
      if (!frame.finished && !session.released) {
        await session.end(frame, false).catch(() => undefined)
      }
      throw error
    },
  )
}

/**
 * Begins a manual level: it stays open until `commit()` / `rollback()` or release. With
 * `lazy`, an outermost level sends its BEGIN with its first statement (see `Session.begin`).
 */
export async function beginTransaction(
  connection: Connection,
  options: TransactionOptions | undefined,
  lazy = false,
): Promise<Transaction> {
  const session = connection.session
  const frame = await session.begin(contextTx(session), options, true, lazy)
  return new Transaction(connection, frame)
}

/**
 * Runs statements back to back on `connection` (executemany), all or nothing: inside the
 * caller's transaction when there is one, else in a transaction of their own whose
 * BEGIN and COMMIT travel with them.
 */
export function runMany(
  owner: object,
  connection: Connection,
  statements: readonly Statement[],
  rowMode: RowMode,
): Promise<RawResult[]> {
  const session = connection.session
  if (session.owner !== null) return session.runMany(contextTx(session), statements, rowMode)
  return runTransaction(owner, connection, () => session.runMany(contextTx(session), statements, rowMode), undefined, true)
}

export { TxFrame }
