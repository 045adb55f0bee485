import { PGlite } from '@electric-sql/pglite'
import { PoolTimeoutError } from '../errors.js'
import type { ResolvedEngineOptions } from '../engine/options.js'
import type { EmbeddedTarget } from '../engine/url.js'
import type { PoolAdapter, PoolStats, RawConnection, RawResult, RowMode } from './driver-adapter.js'
import { TYPE_PARSERS } from './type-parsers.js'

// BEGIN, COMMIT, SAVEPOINT gino_sp_1...: words only, so one statement for certain. These go
// by PGlite's simple-query `exec`, one protocol message, where `query` always sends the
// five of the extended protocol (`pg` itself uses the simple protocol without parameters).
const TRANSACTION_CONTROL = /^(?:BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)(?: [A-Za-z0-9_ ]+)?$/i

class PgliteConnection implements RawConnection {
  readonly pid = undefined
  readonly broken = false
  readonly #db: PGlite
  constructor(db: PGlite) {
    this.#db = db
  }

  async query(sql: string, parameters: readonly unknown[], rowMode: RowMode): Promise<RawResult> {
    const result =
      parameters.length === 0 && TRANSACTION_CONTROL.test(sql)
        ? ((await this.#db.exec(sql)).at(-1) ?? { rows: [], fields: [] })
        : await this.#db.query(sql, parameters as unknown[], { rowMode })
    const { rows, fields } = result
    const tagged = result as { command?: string; rowCount?: number }
    const command = tagged.command ?? ''
    // `rowCount` is the command tag's count, absent for tags without one (CREATE, SET...),
    // as `pg` reports it; `affectedRows` would say 0 there.
    const rowCount = tagged.rowCount ?? (command === 'SELECT' || command === 'FETCH' ? rows.length : null)
    return { rows, fields, command, rowCount }
  }

  cancel(): Promise<void> {
    // PGlite runs statements on this thread: nothing else can interrupt them.
    return Promise.resolve()
  }
}

/**
 * PGlite is a single session, so the "pool" is one connection handed out to one
 * holder at a time; other holders queue (FIFO) until it is released or their acquire
 * timeout passes.
 */
export class PglitePoolAdapter implements PoolAdapter {
  readonly driver = 'pglite' as const
  readonly #db: PGlite
  readonly #connection: PgliteConnection
  readonly #acquireTimeout: number
  #held = false
  readonly #waiters: Array<(conn: RawConnection) => void> = []

  private constructor(db: PGlite, acquireTimeout: number) {
    this.#db = db
    this.#connection = new PgliteConnection(db)
    this.#acquireTimeout = acquireTimeout
  }

  static async open(target: EmbeddedTarget, options: ResolvedEngineOptions): Promise<PglitePoolAdapter> {
    const db = await PGlite.create({
      ...(target.dataDir === undefined ? {} : { dataDir: target.dataDir }),
      parsers: TYPE_PARSERS,
      ...options.driverOptions,
    })
    return new PglitePoolAdapter(db, options.acquireTimeout)
  }

  acquire(): Promise<RawConnection> {
    if (!this.#held) {
      this.#held = true
      return Promise.resolve(this.#connection)
    }
    return new Promise((resolve, reject) => {
      const waiter = (conn: RawConnection): void => {
        clearTimeout(timer)
        resolve(conn)
      }
      const timer = setTimeout(() => {
        const index = this.#waiters.indexOf(waiter)
        if (index >= 0) this.#waiters.splice(index, 1)
        reject(new PoolTimeoutError(this.#acquireTimeout))
      }, this.#acquireTimeout)
      this.#waiters.push(waiter)
    })
  }

  release(_connection: RawConnection, _destroy: boolean): void {
    const next = this.#waiters.shift()
    if (next) next(this.#connection)
    else this.#held = false
  }

  async query(
    sql: string,
    parameters: readonly unknown[],
    rowMode: RowMode,
    onError: (error: Error) => Error,
  ): Promise<RawResult> {
    const connection = await this.acquire()
    try {
      return await connection.query(sql, parameters, rowMode)
    } catch (error) {
      throw onError(error as Error)
    } finally {
      this.release(connection, false)
    }
  }

  async close(): Promise<void> {
    await this.#db.close()
  }

  get stats(): PoolStats {
    return { total: 1, idle: this.#held ? 0 : 1, waiting: this.#waiters.length }
  }
}
