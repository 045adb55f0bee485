import { contextTx, runInFrame } from '../connection/context.js'
import type { Session } from '../connection/session.js'
import type { RawResult, RowMode } from '../dialect/driver-adapter.js'
import type { Statement } from '../execution/statement.js'
import { type TransactionOptions, TxFrame } from './tx-frame.js'

/**
 * One level of a transaction: the outermost `BEGIN`, or a savepoint when nested.
 *
 * In the managed form (`db.transaction(fn)`) the level commits when `fn` returns and
 * rolls back when it throws. From inside, `commit()` / `rollback()` end this level (and
 * any level inside it) at once; outer levels are untouched, and later queries of `fn`
 * run in the enclosing level.
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

  /** @internal */
  constructor(session: Session, frame: TxFrame) {
    this.#session = session
    this.#frame = frame
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

/** Begins a level on `session` for the caller's context and runs `fn` inside it. */
export async function runTransaction<T>(
  owner: object,
  session: Session,
  fn: (tx: Transaction) => Promise<T> | T,
  options: TransactionOptions | undefined,
  lazy = false,
): Promise<T> {
  const frame = await session.begin(contextTx(session), options, false, lazy)
  const tx = new Transaction(session, frame)
  let result: T
  try {
    result = await runInFrame(owner, session, frame, () => fn(tx))
  } catch (error) {
    if (!frame.finished && !session.released) {
      await session.end(frame, false).catch(() => undefined)
    }
    throw error
  }
  if (!frame.finished && !session.released) await session.end(frame, true)
  return result
}

/**
 * Begins a manual level: it stays open until `commit()` / `rollback()` or release. With
 * `lazy`, an outermost level sends its BEGIN with its first statement (see `Session.begin`).
 */
export async function beginTransaction(
  session: Session,
  options: TransactionOptions | undefined,
  lazy = false,
): Promise<Transaction> {
  const frame = await session.begin(contextTx(session), options, true, lazy)
  return new Transaction(session, frame)
}

/**
 * Runs statements back to back on `session` (executemany), all or nothing: inside the
 * caller's transaction when there is one, else in a transaction of their own whose
 * BEGIN and COMMIT travel with them.
 */
export function runMany(
  owner: object,
  session: Session,
  statements: readonly Statement[],
  rowMode: RowMode,
): Promise<RawResult[]> {
  if (session.owner !== null) return session.runMany(contextTx(session), statements, rowMode)
  return runTransaction(owner, session, () => session.runMany(contextTx(session), statements, rowMode), undefined, true)
}

export { TxFrame }
