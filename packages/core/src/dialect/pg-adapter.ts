import pg from 'pg'
import { ConnectionError, type ConnectionTarget, PoolTimeoutError } from '../errors.js'
import type { ResolvedEngineOptions } from '../engine/options.js'
import type { SslOption } from '../engine/ssl-mode.js'
import type { ServerTarget } from '../engine/url.js'
import type { PoolAdapter, PoolStats, RawConnection, RawResult, RowMode } from './driver-adapter.js'
import type { CancelTarget } from './pg-cancel.js'
import { PgConnection } from './pg-connection.js'
import { ConnectionLanes } from './pg-lanes.js'
import { TYPE_PARSERS } from './type-parsers.js'

// Parsers are installed per pool (never on pg's global registry), so other users of `pg`
// in the same process keep their own conversions.
const types = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    const parser = format === 'binary' ? undefined : TYPE_PARSERS[oid]
    return (parser ?? pg.types.getTypeParser(oid, format as 'text')) as (value: string) => unknown
  },
}

/**
 * `pg.Pool` behind the adapter interface. Every connection failure (refused, unknown
 * host, authentication, missing database, TLS, connect timeout) surfaces as
 * `ConnectionError`; a pool with no free connection in time as `PoolTimeoutError`.
 */
export class PgPoolAdapter implements PoolAdapter {
  readonly driver = 'pg' as const
  #pool: pg.Pool
  /** With sslmode=prefer/allow: makes the plain-text pool to fall back to, as libpq does. */
  #plainPool: (() => pg.Pool) | undefined
  readonly #target: ConnectionTarget
  #cancelTarget: CancelTarget
  readonly #acquireTimeout: number
  /** `pool: false`: every connection is closed when released. */
  readonly #keep: boolean
  /** One wrapper per pg client, made on its first checkout: no allocation per query. */
  readonly #connections = new WeakMap<pg.PoolClient, PgConnection>()
  readonly #statementCacheSize: number
  readonly #max: number
  /** Connections held between checkouts, and shared by statements outside transactions. */
  readonly #lanes: ConnectionLanes

  constructor(target: ServerTarget, options: ResolvedEngineOptions) {
    const ssl = options.ssl ?? target.ssl
    const clientConfig: pg.ClientConfig = {
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      application_name: options.applicationName ?? target.applicationName,
      ...(ssl === undefined ? {} : { ssl }),
      ...(target.options === undefined ? {} : { options: target.options }),
      ...(target.clientEncoding === undefined ? {} : { client_encoding: target.clientEncoding }),
      ...(target.channelBinding === undefined ? {} : { enableChannelBinding: target.channelBinding !== 'disable' }),
      // Poolers refuse unknown startup parameters; there the timeout is set per transaction.
      ...(options.statementTimeout === undefined || options.pooler ? {} : { statement_timeout: options.statementTimeout }),
      types,
      // Statements are written as soon as they are queued (pg 8.23's pipeline mode): a
      // transaction's BEGIN goes out with its first statement, and executemany's sets back
      // to back. Each statement is still its own protocol batch with its own Sync.
      pipeline: true,
    }
    // driverOptions go to pg as is and may redirect the connection: errors and cancels follow.
    const effective = { ...clientConfig, ...options.driverOptions }
    this.#target = { host: effective.host, port: effective.port, database: effective.database, user: effective.user }
    this.#acquireTimeout = options.acquireTimeout
    this.#keep = options.pool
    this.#statementCacheSize = options.statementCacheSize
    this.#max = options.max
    this.#lanes = new ConnectionLanes(
      {
        checkout: (callback) =>
          this.#connect((error, client) => {
            if (error !== undefined || client === undefined) callback(this.#acquireError(error), undefined)
            else callback(undefined, this.#wrap(client))
          }),
        checkin: (connection, destroy) => connection.client.release(destroy || !this.#keep ? true : undefined),
        available: () => this.#pool.waitingCount < this.#capacity,
        waiting: () => this.#pool.waitingCount > this.#capacity,
      },
      { depth: options.pipelineDepth, hold: options.pool, acquireTimeout: options.acquireTimeout },
    )
    this.#cancelTarget = {
      host: effective.host,
      port: effective.port,
      ssl: effective.ssl as SslOption | undefined,
      timeoutMs: options.acquireTimeout,
    }
    const connectTimeout = target.connectTimeoutMs
    const makePool = (tls: Pick<pg.ClientConfig, 'ssl'>): pg.Pool => {
      const pool = new pg.Pool({
        ...clientConfig,
        ...tls,
        min: options.min,
        max: options.max,
        idleTimeoutMillis: options.idleTimeout,
        // pg-pool hands its options to each Client, so this bounds connecting too...
        connectionTimeoutMillis: options.acquireTimeout,
        // ...unless the URL's connect_timeout sets a limit of its own for connecting.
        ...(connectTimeout === undefined ? {} : { Client: clientWithConnectTimeout(connectTimeout) }),
        ...options.driverOptions,
      })
      // An idle client whose server went away is dropped by the pool; we only report it.
      pool.on('error', (error) => {
        options.logger.warn(`[gino] idle connection lost: ${error.message}`)
      })
      return pool
    }
    this.#pool = makePool({})
    const mayFallBack =
      options.ssl === undefined &&
      (target.sslMode === 'prefer' || target.sslMode === 'allow') &&
      options.driverOptions.ssl === undefined
    this.#plainPool = mayFallBack ? () => makePool({ ssl: false }) : undefined
  }

  /**
   * pg-pool's connect. With `sslmode=prefer` or `allow`, a server without TLS is then
   * used in plain text, as libpq does (pg itself cannot fall back): the pool is replaced
   * by a plain-text one at the first refusal.
   */
  #connect(callback: (error: Error | undefined, client: pg.PoolClient | undefined) => void): void {
    const pool = this.#pool
    pool.connect((error, client) => {
      if (error?.message === NO_TLS && (pool !== this.#pool || this.#plainPool !== undefined)) {
        if (pool === this.#pool) this.#fallBackToPlain()
        return this.#connect(callback)
      }
      callback(error ?? undefined, client)
    })
  }

  #fallBackToPlain(): void {
    const tlsPool = this.#pool
    this.#pool = this.#plainPool!()
    this.#plainPool = undefined
    this.#cancelTarget = { ...this.#cancelTarget, ssl: false }
    void tlsPool.end().catch(() => undefined)
  }

  takeNow(): RawConnection | undefined {
    return this.#lanes.take()
  }

  acquire(): Promise<RawConnection> {
    const held = this.#lanes.take()
    if (held !== undefined) return Promise.resolve(held)
    // pg-pool's callback form: one promise per checkout rather than two.
    return new Promise((resolve, reject) => {
      this.#connect((error, client) => {
        if (error || client === undefined) reject(this.#acquireError(error))
        else resolve(this.#wrap(client))
      })
    })
  }

  #wrap(client: pg.PoolClient): PgConnection {
    let connection = this.#connections.get(client)
    if (connection === undefined) {
      connection = new PgConnection(client, this.#cancelTarget, this.#statementCacheSize)
      this.#connections.set(client, connection)
    }
    return connection
  }

  /**
   * Checkouts pg-pool can serve without a release: its idle connections and those it may
   * still open. (pg-pool queues a checkout whenever it has an idle connection, and serves
   * its queue on the next tick, so queued checkouts up to this many do not really wait.)
   */
  get #capacity(): number {
    const pool = this.#pool
    return pool.idleCount + this.#max - pool.totalCount
  }

  query(sql: string, parameters: readonly unknown[], rowMode: RowMode, onError: (error: Error) => Error): Promise<RawResult> {
    // Callbacks all the way (as pg's own Pool.query), one promise per statement; unlike
    // Pool.query, a failed statement does not cost the connection.
    return new Promise((resolve, reject) => this.#lanes.run(sql, parameters, rowMode, resolve, reject, onError))
  }

  #acquireError(error: Error | undefined): Error {
    if (error === undefined) return new Error('The pool returned no connection.')
    // pg-pool's own wait for a free connection (no code, no cause); a connect that timed
    // out carries the socket's error as its cause.
    if (error.message === 'timeout exceeded when trying to connect') {
      return new PoolTimeoutError(this.#acquireTimeout, { cause: error })
    }
    return new ConnectionError(this.#target, error, poolerHint(error.message))
  }

  release(connection: RawConnection, destroy: boolean): void {
    this.#lanes.give(connection as PgConnection, destroy)
  }

  /** Opens `count` connections at once (at least one), then returns them to the pool. */
  async warmUp(count: number): Promise<void> {
    const opened = await Promise.allSettled(Array.from({ length: Math.max(count, 1) }, () => this.acquire()))
    for (const result of opened) {
      if (result.status === 'fulfilled') this.release(result.value, false)
    }
    const failed = opened.find((result) => result.status === 'rejected')
    if (failed) throw failed.reason
  }

  async close(): Promise<void> {
    this.#lanes.close()
    await this.#pool.end()
  }

  get stats(): PoolStats {
    return {
      total: this.#pool.totalCount,
      idle: this.#pool.idleCount + this.#lanes.idleCount,
      waiting: this.#pool.waitingCount + this.#lanes.queuedCount,
    }
  }
}

const NO_TLS = 'The server does not support SSL connections'

/** What to do when a pooler refuses a startup parameter (PgBouncer's words). */
function poolerHint(message: string): string | undefined {
  const refused = /unsupported startup parameter: (\w+)/.exec(message)?.[1]
  if (refused === undefined) return undefined
  if (refused === 'statement_timeout') return 'behind a pooler, set the engine option pooler: true'
  return `the pooler does not pass "${refused}" on: drop it from the URL or add it to the pooler's ignore_startup_parameters`
}

/** A pg Client class whose connect gives up after `timeoutMs`, whatever the pool's wait. */
function clientWithConnectTimeout(timeoutMs: number): typeof pg.Client {
  return class ConnectTimeoutClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: timeoutMs })
    }
  }
}
