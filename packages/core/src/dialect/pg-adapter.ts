import pg from 'pg'
import { PoolTimeoutError } from '../errors.js'
import type { ResolvedEngineOptions } from '../engine/options.js'
import type { ServerTarget } from '../engine/url.js'
import type { PoolAdapter, PoolStats, RawConnection, RawResult, RowMode } from './driver-adapter.js'
import { TYPE_PARSERS } from './type-parsers.js'

// Parsers are installed per pool (never on pg's global registry), so other users of `pg`
// in the same process keep their own conversions.
const types = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    const parser = format === 'binary' ? undefined : TYPE_PARSERS[oid]
    return (parser ?? pg.types.getTypeParser(oid, format as 'text')) as (value: string) => unknown
  },
}

class PgConnection implements RawConnection {
  broken = false
  readonly #client: pg.PoolClient
  readonly #config: pg.ClientConfig

  constructor(client: pg.PoolClient, config: pg.ClientConfig) {
    this.#client = client
    this.#config = config
    // A checked-out client that loses its server emits 'error'; without a listener that
    // would crash the process. We mark it broken so release() destroys it. The wrapper
    // lives as long as its client (one per client), so the listener stays attached.
    client.on('error', () => {
      this.broken = true
    })
  }

  get pid(): number | undefined {
    return (this.#client as unknown as { processID?: number }).processID
  }

  get client(): pg.PoolClient {
    return this.#client
  }

  query(sql: string, parameters: readonly unknown[], rowMode: RowMode): Promise<RawResult> {
    // pg's callback form: one promise per statement (ours) instead of pg's plus a wrapper's.
    return new Promise((resolve, reject) => this.send(sql, parameters, rowMode, (error, result) => {
      if (error === undefined) resolve(result!)
      else reject(error)
    }))
  }

  /** Sends one statement; `done` gets the driver's error or the result, once. */
  send(sql: string, parameters: readonly unknown[], rowMode: RowMode, done: (error: Error | undefined, result?: RawResult) => void): void {
    let settled = false
    const callback = (error: Error | null | undefined, result?: pg.QueryResult): void => {
      // pg may report a query a second time when its connection fails afterwards.
      if (settled) return
      settled = true
      if (error === null || error === undefined) return done(undefined, result)
      if (isConnectionFailure(error)) this.broken = true
      done(error)
    }
    try {
      // (text, values) rather than a config object, which pg copies property by property.
      if (rowMode === 'array') this.#client.query({ text: sql, values: parameters as unknown[], rowMode: 'array' }, callback)
      else this.#client.query(sql, parameters as unknown[], callback)
    } catch (error) {
      // A value pg cannot serialize throws midway through the protocol messages: the
      // session is left unusable.
      this.broken = true
      callback(error instanceof Error ? error : new Error(String(error)))
    }
  }

  async cancel(): Promise<void> {
    const pid = this.pid
    if (pid === undefined) return
    // Cancelling needs a second session; it is opened only when a timeout fires.
    const canceller = new pg.Client(this.#config)
    try {
      await canceller.connect()
      await canceller.query('SELECT pg_cancel_backend($1)', [pid])
    } finally {
      await canceller.end().catch(() => undefined)
    }
  }
}

/** Errors after which the session is unusable, rather than a statement that failed. */
function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return true
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03'
}

export class PgPoolAdapter implements PoolAdapter {
  readonly driver = 'pg' as const
  readonly #pool: pg.Pool
  readonly #clientConfig: pg.ClientConfig
  /** For the sessions that cancel timed-out statements: they must not hang on a dead server. */
  readonly #cancelConfig: pg.ClientConfig
  readonly #acquireTimeout: number
  /** One wrapper per pg client, made on its first checkout: no allocation per query. */
  readonly #connections = new WeakMap<pg.PoolClient, PgConnection>()

  constructor(target: ServerTarget, options: ResolvedEngineOptions) {
    const ssl = options.ssl ?? target.ssl
    this.#clientConfig = {
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      application_name: options.applicationName ?? target.applicationName,
      ...(ssl === undefined ? {} : { ssl }),
      ...(options.statementTimeout === undefined ? {} : { statement_timeout: options.statementTimeout }),
      types,
    }
    this.#acquireTimeout = options.acquireTimeout
    // Same server and credentials as the pool's (driverOptions included); a Client ignores pool keys.
    this.#cancelConfig = {
      ...this.#clientConfig,
      ...options.driverOptions,
      connectionTimeoutMillis: options.acquireTimeout,
    }
    this.#pool = new pg.Pool({
      ...this.#clientConfig,
      min: options.min,
      max: options.max,
      idleTimeoutMillis: options.idleTimeout,
      connectionTimeoutMillis: options.acquireTimeout,
      ...options.driverOptions,
    })
    // An idle client whose server went away is dropped by the pool; we only report it.
    this.#pool.on('error', (error) => {
      options.logger.warn(`[gino] idle connection lost: ${error.message}`)
    })
  }

  acquire(): Promise<RawConnection> {
    // pg-pool's callback form: one promise per checkout rather than two.
    return new Promise((resolve, reject) => {
      this.#pool.connect((error, client) => {
        if (error || client === undefined) reject(this.#acquireError(error))
        else resolve(this.#wrap(client))
      })
    })
  }

  #wrap(client: pg.PoolClient): PgConnection {
    let connection = this.#connections.get(client)
    if (connection === undefined) {
      connection = new PgConnection(client, this.#cancelConfig)
      this.#connections.set(client, connection)
    }
    return connection
  }

  query(sql: string, parameters: readonly unknown[], rowMode: RowMode, onError: (error: Error) => Error): Promise<RawResult> {
    // Callbacks all the way (as pg's own Pool.query), one promise per statement; unlike
    // Pool.query, a failed statement does not cost the connection.
    return new Promise((resolve, reject) => {
      this.#pool.connect((acquireError, client) => {
        if (acquireError || client === undefined) return reject(this.#acquireError(acquireError))
        const connection = this.#wrap(client)
        connection.send(sql, parameters, rowMode, (error, result) => {
          client.release(connection.broken ? true : undefined)
          if (error === undefined) resolve(result!)
          else reject(onError(error))
        })
      })
    })
  }

  #acquireError(error: Error | undefined): Error {
    if (error === undefined) return new Error('The pool returned no connection.')
    if (/timeout/i.test(error.message) && !('code' in error)) {
      return new PoolTimeoutError(this.#acquireTimeout, { cause: error })
    }
    return error
  }

  release(connection: RawConnection, destroy: boolean): void {
    const conn = connection as PgConnection
    conn.client.release(destroy || conn.broken ? true : undefined)
  }

  async warmUp(count: number): Promise<void> {
    const clients = await Promise.all(Array.from({ length: count }, () => this.#pool.connect()))
    for (const client of clients) client.release()
  }

  async close(): Promise<void> {
    await this.#pool.end()
  }

  get stats(): PoolStats {
    return {
      total: this.#pool.totalCount,
      idle: this.#pool.idleCount,
      waiting: this.#pool.waitingCount,
    }
  }
}
