import type * as PgliteModule from '@electric-sql/pglite'
import type { PGlite } from '@electric-sql/pglite'
import { MissingDependencyError, PoolTimeoutError, rejectWith } from '../errors.js'
import type { ResolvedEngineOptions } from '../engine/options.js'
import type { EmbeddedTarget } from '../engine/url.js'
import { plainRowMode, type PoolAdapter, type PoolStats, type RawConnection, type RawResult, type RowMode, type StatementCallback } from './driver-adapter.js'
import { pgliteTemplate } from './pglite-template.js'
import { PgliteWire, type WirePath } from './pglite-wire.js'
import { TYPE_PARSERS } from './type-parsers.js'

/**
 * A statement without parameters goes by PGlite's simple-query `exec`, one protocol
 * message, where `query` always sends the five of the extended protocol and describes the
 * statement first (`pg` itself uses the simple protocol without parameters): about a
 * quarter less CPU for a short one (150 against 200 µs measured). Only text without `;`,
 * so it is one statement for certain and `exec` answers exactly as `query` would.
 */
function bySimpleQuery(sql: string, parameters: readonly unknown[]): boolean {
  return parameters.length === 0 && !sql.includes(';')
}

const noop = (): void => undefined

// `@electric-sql/pglite` is an optional peer dependency: loaded on the first `pglite://`
// engine only, so a server-only install never needs it (nor pays its size).
let pgliteModule: Promise<typeof PgliteModule> | undefined

function loadPglite(): Promise<typeof PgliteModule> {
  pgliteModule ??= import('@electric-sql/pglite').catch((error: unknown) => {
    pgliteModule = undefined
    const code = (error as { code?: unknown }).code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new MissingDependencyError('@electric-sql/pglite', 'A pglite:// engine (embedded PostgreSQL)', { cause: error })
    }
    throw error
  })
  return pgliteModule
}

class PgliteConnection implements RawConnection {
  readonly pid = undefined
  readonly broken = false
  /** The schema scope the connection is in: its prepared statements are kept apart (see `RawConnection`). */
  planScope: string | undefined = undefined
  readonly #db: PGlite
  readonly #wire: PgliteWire
  /** Settles once the last statement queued behind PGlite's own calls has finished. */
  #tail: Promise<void> | undefined
  constructor(db: PGlite, wire: PgliteWire) {
    this.#db = db
    this.#wire = wire
  }

  /** Prepared statements cached (for tests and diagnostics). */
  get preparedCount(): number {
    return this.#wire.preparedCount
  }

  query(sql: string, parameters: readonly unknown[], rowMode: RowMode): Promise<RawResult> {
    // The wire path runs the statement during this call; nothing may be ahead of it.
    const path = this.#db.ready ? this.#wire.pathOf(sql, parameters) : undefined
    if (this.#tail === undefined && path !== undefined) return this.#byWire(path, sql, parameters, rowMode)
    return this.#inOrder(() =>
      // Checked again when its turn comes: the instance may have closed meanwhile.
      this.#db.ready && path !== undefined
        ? this.#byWire(path, sql, parameters, rowMode)
        : this.#queryByPglite(sql, parameters, rowMode),
    )
  }

  #byWire(path: WirePath, sql: string, parameters: readonly unknown[], rowMode: RowMode): Promise<RawResult> {
    try {
      return Promise.resolve(this.#wire.run(path, sql, parameters, rowMode, this.planScope))
    } catch (error) {
      return rejectWith(error)
    }
  }

  /**
   * Runs `run` after every statement sent before it has finished. PGlite's own calls
   * (what the wire path leaves to them, and a closed instance, reported as PGlite does)
   * start their work later than they are called, so statements sent after one of them
   * (pipelined, unawaited) queue behind it instead of overtaking it on the wire path.
   */
  #inOrder(run: () => Promise<RawResult>): Promise<RawResult> {
    const previous = this.#tail
    const result = previous === undefined ? run() : previous.then(run, run)
    const tail: Promise<void> = result.then(noop, noop)
    this.#tail = tail
    void tail.then(() => {
      if (this.#tail === tail) this.#tail = undefined
    })
    return result
  }

  async #queryByPglite(sql: string, parameters: readonly unknown[], rowMode: RowMode): Promise<RawResult> {
    const result = bySimpleQuery(sql, parameters)
      ? ((await this.#db.exec(sql, { rowMode: plainRowMode(rowMode) })).at(-1) ?? { rows: [], fields: [] })
      : await this.#db.query(sql, parameters as unknown[], { rowMode: plainRowMode(rowMode) })
    const { rows, fields } = result
    const tagged = result as { command?: string; rowCount?: number }
    const command = tagged.command ?? ''
    // `rowCount` is the command tag's count, absent for tags without one (CREATE, SET...),
    // as `pg` reports it; `affectedRows` would say 0 there.
    const rowCount = tagged.rowCount ?? (command === 'SELECT' || command === 'FETCH' ? rows.length : null)
    return { rows, fields, command, rowCount }
  }

  send(sql: string, parameters: readonly unknown[], rowMode: RowMode, done: StatementCallback): void {
    // PGlite queues statements itself and runs them in order.
    this.query(sql, parameters, rowMode).then(
      (result) => done(undefined, result),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error)), undefined),
    )
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

  private constructor(db: PGlite, wire: PgliteWire, acquireTimeout: number) {
    this.#db = db
    this.#connection = new PgliteConnection(db, wire)
    this.#acquireTimeout = acquireTimeout
  }

  static async open(target: EmbeddedTarget, options: ResolvedEngineOptions): Promise<PglitePoolAdapter> {
    const { PGlite, protocol } = await loadPglite()
    const template = target.dataDir === undefined ? pgliteTemplate() : undefined
    const db = await PGlite.create({
      ...(target.dataDir === undefined ? {} : { dataDir: target.dataDir }),
      ...(template === undefined ? {} : { loadDataDir: await template }),
      parsers: TYPE_PARSERS,
      ...options.driverOptions,
    })
    // Only a file system of the caller's own persists by syncToFs (memory and Node folders need none).
    const syncs = options.driverOptions.fs !== undefined || (target.dataDir?.includes('://') ?? false)
    const wire = new PgliteWire(db, protocol, options.statementCacheSize, syncs)
    return new PglitePoolAdapter(db, wire, options.acquireTimeout)
  }

  takeNow(): RawConnection | undefined {
    if (this.#held) return undefined
    this.#held = true
    return this.#connection
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
