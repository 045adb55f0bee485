import pg from 'pg'
import { ConnectionError, type ConnectionTarget, PoolTimeoutError, PreparedStatementError } from '../errors.js'
import type { ResolvedEngineOptions } from '../engine/options.js'
import type { SslOption } from '../engine/ssl-mode.js'
import type { ServerTarget } from '../engine/url.js'
import type { PoolAdapter, PoolStats, RawConnection, RawResult, RowMode, StatementCallback } from './driver-adapter.js'
import { type CancelTarget, sendCancelRequest } from './pg-cancel.js'
import { isPreparable, StatementCache } from './statement-cache.js'
import { TYPE_PARSERS } from './type-parsers.js'

// Parsers are installed per pool (never on pg's global registry), so other users of `pg`
// in the same process keep their own conversions.
const types = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    const parser = format === 'binary' ? undefined : TYPE_PARSERS[oid]
    return (parser ?? pg.types.getTypeParser(oid, format as 'text')) as (value: string) => unknown
  },
}

/** The part of pg's (untyped) wire connection that prepared statements touch. */
interface WireState {
  readonly parsedStatements: Record<string, string>
  close(message: { type: 'S'; name: string }): void
}

class PgConnection implements RawConnection {
  broken = false
  planScope: string | undefined = undefined
  readonly #client: pg.PoolClient
  readonly #cancelTarget: CancelTarget
  /** Undefined when statements are not prepared (`prepare: false`). */
  readonly #statements: StatementCache | undefined
  /** Statements sent and not answered yet. */
  #inFlight = 0

  constructor(client: pg.PoolClient, cancelTarget: CancelTarget, statementCacheSize: number) {
    this.#client = client
    this.#cancelTarget = cancelTarget
    this.#statements = statementCacheSize > 0 ? new StatementCache(statementCacheSize) : undefined
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

  /** Prepared statements cached on this connection (for tests and diagnostics). */
  get preparedCount(): number {
    return this.#statements?.size ?? 0
  }

  get #wire(): WireState {
    return (this.#client as unknown as { connection: WireState }).connection
  }

  query(sql: string, parameters: readonly unknown[], rowMode: RowMode): Promise<RawResult> {
    // pg's callback form: one promise per statement (ours) instead of pg's plus a wrapper's.
    return new Promise((resolve, reject) => this.send(sql, parameters, rowMode, (error, result) => {
      if (error === undefined) resolve(result!)
      else reject(error)
    }))
  }

  /** Sends one statement; `done` gets the driver's error or the result, once. */
  send(sql: string, parameters: readonly unknown[], rowMode: RowMode, done: StatementCallback, retried = false): void {
    const statements = this.#statements
    let name: string | undefined
    // One text may name other tables under another search_path: a statement per schema.
    const key = this.planScope === undefined ? sql : `${this.planScope}\u0000${sql}`
    if (statements !== undefined && isPreparable(sql, parameters.length)) {
      const taken = statements.take(key)
      name = taken.name
      if (taken.evicted !== undefined) this.#close(taken.evicted)
    }
    // Alone on the connection and outside a transaction: a statement that fails because
    // its prepared form went stale changed nothing and may simply be sent again.
    const retryable = name !== undefined && !retried && this.#inFlight === 0 && this.#client.getTransactionStatus() === 'I'
    let settled = false
    const callback = (error: Error | null | undefined, result?: pg.QueryResult): void => {
      // pg may report a query a second time when its connection fails afterwards.
      if (settled) return
      settled = true
      this.#inFlight--
      if (error === null || error === undefined) return done(undefined, result)
      if (name !== undefined && this.#forgetStale(error, key, name)) {
        if (retryable) return this.send(sql, parameters, rowMode, done, true)
        return done(new PreparedStatementError(sql, parameters, error), undefined)
      }
      if (isConnectionFailure(error)) this.broken = true
      done(error, undefined)
    }
    this.#inFlight++
    try {
      this.#client.query(makeQuery(sql, parameters, name, rowMode, callback))
    } catch (error) {
      // A value pg cannot serialize throws midway through the protocol messages: the
      // session is left unusable.
      this.broken = true
      callback(error instanceof Error ? error : new Error(String(error)))
    }
  }

  corked(sends: () => void): void {
    // Counted: pg's own cork around each extended-protocol statement nests inside this one.
    const stream = (this.#client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream
    stream.cork()
    try {
      sends()
    } finally {
      stream.uncork()
    }
  }

  /**
   * When `error` says a prepared statement went stale (its result changed, a type it
   * takes was dropped, it was dropped itself), forgets it (every statement, when
   * one was dropped on the server: `DISCARD ALL` drops them all; only the name, when
   * another client took it) and returns true.
   */
  #forgetStale(error: Error, key: string, name: string): boolean {
    const statements = this.#statements!
    const { code, routine } = error as { code?: unknown; routine?: unknown }
    // A statement's parameter types are fixed when it is parsed: a type dropped and made
    // again (an enum recreated by DDL) leaves it pointing at a type that is gone.
    const goneType = code === 'XX000' && /cache lookup failed for type/.test(error.message)
    if (goneType || (code === '0A000' && (routine === 'RevalidateCachedQuery' || error.message.includes('cached plan')))) {
      statements.drop(key, name)
      this.#close(name)
      return true
    }
    if (code === '42P05') {
      // The name is taken on the server by another client of the same session (a pooler
      // in front): not ours to close; the retry takes a fresh name.
      statements.drop(key, name)
      delete this.#wire.parsedStatements[name]
      return true
    }
    if (code === '26000') {
      for (const name of statements.clear()) this.#close(name)
      return true
    }
    return false
  }

  /**
   * Drops a named statement: pg forgets it was parsed, and the server gets a protocol
   * Close ahead of whatever is sent next (no round trip of its own; closing a statement
   * that does not exist is no error, and pg ignores the CloseComplete).
   */
  #close(name: string): void {
    const wire = this.#wire
    delete wire.parsedStatements[name]
    if (!this.broken) wire.close({ type: 'S', name })
  }

  cancel(): Promise<void> {
    const { processID, secretKey } = this.#client as unknown as { processID?: number | null; secretKey?: number | null }
    if (typeof processID !== 'number' || typeof secretKey !== 'number') return Promise.resolve()
    // The protocol's CancelRequest with the session's key: it also works through poolers,
    // where the pid the client sees is the pooler's and pg_cancel_backend would miss.
    return sendCancelRequest(this.#cancelTarget, { processID, secretKey })
  }
}

/** The writable inside of a pg `Query` that `makeQuery` sets. */
interface QueryInside {
  name: string | undefined
  _rowMode: string | undefined
  _result: unknown
  _results: unknown
}

/**
 * A pg `Query` made from the SQL string: pg copies a config object (`{ name, text,
 * values, rowMode }`) property descriptor by property descriptor on every call, about a
 * microsecond and a half; the name and row mode are set on the instance instead. Being a
 * `Query`, it is accepted in pipeline mode (custom query objects are not).
 */
function makeQuery(
  sql: string,
  parameters: readonly unknown[],
  name: string | undefined,
  rowMode: RowMode,
  callback: (error: Error | null | undefined, result?: pg.QueryResult) => void,
): pg.Query {
  const query = new pg.Query(sql, parameters as unknown[], callback)
  const inside = query as unknown as QueryInside
  if (name !== undefined) inside.name = name
  if (rowMode === 'array') {
    // pg sets the pool's type parsers on the result when it queues the query.
    const result = new (pg as unknown as { Result: new (rowMode: string) => unknown }).Result('array')
    inside._rowMode = 'array'
    inside._result = result
    inside._results = result
  }
  return query
}

/** Errors after which the session is unusable, rather than a statement that failed. */
function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return true
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03'
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

  acquire(): Promise<RawConnection> {
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

  query(sql: string, parameters: readonly unknown[], rowMode: RowMode, onError: (error: Error) => Error): Promise<RawResult> {
    // Callbacks all the way (as pg's own Pool.query), one promise per statement; unlike
    // Pool.query, a failed statement does not cost the connection.
    return new Promise((resolve, reject) => {
      this.#connect((acquireError, client) => {
        if (acquireError || client === undefined) return reject(this.#acquireError(acquireError))
        const connection = this.#wrap(client)
        connection.send(sql, parameters, rowMode, (error, result) => {
          client.release(connection.broken || !this.#keep ? true : undefined)
          if (error === undefined) resolve(result!)
          else reject(onError(error))
        })
      })
    })
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
    const conn = connection as PgConnection
    conn.client.release(destroy || conn.broken || !this.#keep ? true : undefined)
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
