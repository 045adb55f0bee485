import type { RawResult } from '../dialect/driver-adapter.js'
import type { Caller, Session } from '../connection/session.js'
import { GinoError, TransactionError } from '../errors.js'
import { TxFrame } from '../transaction/tx-frame.js'
import { runStatement } from './run-statement.js'
import type { LoadContext, RowLoader } from './loader-hook.js'
import type { Statement } from './statement.js'

let cursorCounter = 0

function positive(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new GinoError('INVALID_ARGUMENT', `${what} must be a positive integer, got ${n}.`)
  return n
}

/**
 * A server-side cursor (`DECLARE ... CURSOR`) over a query; it lives in the transaction
 * it was opened in. Iterate it with `for await`, or step with `next()`, `many(n)`,
 * `forward(n)`.
 *
 * @example
 * ```ts
 * await db.transaction(async () => {
 *   for await (const user of db.iterate(User.query, { chunkSize: 500 })) send(user)
 *   const cursor = db.iterate(text('SELECT * FROM visits'))
 *   await cursor.forward(10)          // skip 10 rows
 *   const page = await cursor.many(5) // the next 5
 * })
 * ```
 */
export class Cursor<T> implements AsyncIterable<T> {
  readonly #session: Session
  readonly #caller: Caller
  readonly #statement: Statement
  readonly #loader: RowLoader<T> | undefined
  readonly #context: LoadContext = new Map()
  readonly #chunkSize: number
  readonly #name = `gino_cursor_${++cursorCounter}`
  #state: 'new' | 'open' | 'done' = 'new'
  /** The transaction level the cursor was declared in: the cursor ends with it. */
  #level: TxFrame | null = null

  /** @internal */
  constructor(session: Session, caller: Caller, statement: Statement, loader: RowLoader<T> | undefined, chunkSize = 100) {
    this.#session = session
    this.#caller = caller
    this.#statement = statement
    this.#loader = loader
    this.#chunkSize = positive(chunkSize, 'chunkSize')
  }

  /** Refuses to open a cursor where there is no transaction for it to live in. */
  static check(session: Session, caller: Caller, hint: string): void {
    const open = caller === null || caller instanceof TxFrame ? TxFrame.effective(caller) : session.owner
    if (open === null && !(session.owner?.manual ?? false)) {
      throw new TransactionError(`iterate() needs a transaction: ${hint}`)
    }
  }

  async #open(): Promise<boolean> {
    if (this.#state === 'new') {
      const { sql, parameters } = this.#statement
      const declare = `DECLARE ${this.#name} NO SCROLL CURSOR FOR ${sql}`
      await this.#session.exclusive(this.#caller, async (raw) => {
        await runStatement(raw, this.#session.core, declare, parameters, 'object')
        this.#level = this.#session.owner
      })
      this.#state = 'open'
    } else if (this.#state === 'open' && !this.#alive()) {
      this.#state = 'done'
      throw new TransactionError('The transaction this cursor was opened in has ended; the cursor is closed.')
    }
    return this.#state === 'open'
  }

  #alive(): boolean {
    return this.#level !== null && !this.#level.finished && !this.#session.released
  }

  async #fetch(count: number): Promise<RawResult | undefined> {
    if (!(await this.#open())) return undefined
    const rowMode = this.#loader?.rowMode ?? 'object'
    const result = await this.#session.run(this.#caller, `FETCH FORWARD ${count} FROM ${this.#name}`, [], rowMode)
    if (result.rows.length < count) await this.close()
    return result
  }

  #load(result: RawResult): T[] {
    return this.#loader ? this.#loader.load(result.rows, result.fields, this.#context, result.parsers) : (result.rows as T[])
  }

  /** Up to `n` more objects (fewer at the end; an empty array when exhausted). */
  async many(n: number): Promise<T[]> {
    positive(n, 'many(n)')
    const result = await this.#fetch(n)
    return result ? this.#load(result) : []
  }

  /** The next object, or null when exhausted. */
  async next(): Promise<T | null> {
    for (;;) {
      const result = await this.#fetch(1)
      if (!result || result.rows.length === 0) return null
      const loaded = this.#load(result)
      if (loaded.length) return loaded[0]!
    }
  }

  /** Skips `n` rows on the server without sending them. */
  async forward(n: number): Promise<void> {
    positive(n, 'forward(n)')
    if (await this.#open()) await this.#session.run(this.#caller, `MOVE FORWARD ${n} FROM ${this.#name}`, [], 'object')
  }

  /** Closes the cursor; iteration closes it by itself at the end or on `break`. */
  async close(): Promise<void> {
    if (this.#state !== 'open') {
      this.#state = 'done'
      return
    }
    this.#state = 'done'
    // Once its level has ended the cursor is gone (or goes with the enclosing transaction);
    // a CLOSE would fail and abort the enclosing transaction.
    if (this.#alive()) await this.#session.run(this.#caller, `CLOSE ${this.#name}`, [], 'object')
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      for (;;) {
        const result = await this.#fetch(this.#chunkSize)
        if (!result) return
        yield* this.#load(result)
        if (this.#state === 'done') return
      }
    } finally {
      await this.close()
    }
  }
}
