import { Kysely, type QueryExecutorProvider } from 'kysely'
import { Connection } from '../connection/connection.js'
import { findFrame, runInFrame } from '../connection/context.js'
import { Session } from '../connection/session.js'
import { acquireWithin, checkWaitLimit } from '../connection/acquire-within.js'
import { type SearchPath, searchPathOf } from '../connection/search-path.js'
import type { PoolAdapter, PoolStats, RawResult, RowMode } from '../dialect/driver-adapter.js'
import { PgPoolAdapter } from '../dialect/pg-adapter.js'
import { PglitePoolAdapter } from '../dialect/pglite-adapter.js'
import { EngineClosedError, GinoError, InvalidOptionError, TransactionError, UnsupportedError, rejectWith } from '../errors.js'
import { Cursor } from '../execution/cursor.js'
import { EXEC_DEFAULTS, EXECUTOR_PROVIDER, OPEN_CURSOR, QueryMethods, RUN, RUN_MANY } from '../execution/query-methods.js'
import type { ExecOptions, IterateOptions } from '../execution/query-types.js'
import { clientSideLimit, runPooled, runStatement } from '../execution/run-statement.js'
import type { Statement } from '../execution/statement.js'
import { GinoDialect } from '../kysely/gino-dialect.js'
import { runLevel, runMany, runTransaction, traceTransaction, type Transaction } from '../transaction/transaction.js'
import type { TransactionOptions } from '../transaction/tx-frame.js'
import { type EngineOptions, type ResolvedEngineOptions, resolveEngineOptions } from './options.js'
import { type EngineTarget, parseEngineUrl, redactUrl, type ServerTarget } from './url.js'
import { connectChannel, transactionChannel, type ConnectTraceContext, currentRequestId, tracePromise } from '../tracing/channels.js'
import { isConnectionFailure } from '../routing/connection-failure.js'
import { runOnPrimary } from '../routing/primary-scope.js'
import { ATTACH_REPLICAS, ReplicaRouter } from '../routing/replica-router.js'
import { Replica, ReplicaSet } from '../routing/replica-set.js'

/**
 * How `acquire` gets a connection (GINO's `acquire(reuse, lazy, reusable)`):
 * - `reuse`: share the connection already in the caller's async context, if any;
 * - `lazy`: take the real connection only when the first query runs;
 * - `reusable`: in the scoped form, let queries inside reuse it (default true);
 * - `timeout`: milliseconds to wait for a pooled connection before `PoolTimeoutError`
 *   (for a lazy one, when its first query takes it); the engine's `acquireTimeout` still
 *   applies when it is shorter;
 * - `schema`: run the connection's statements with `search_path` set to this schema
 *   (see `Engine.withSchema`). Without it, a connection taken inside a schema scope of the
 *   same engine inherits that scope's schema.
 */
export interface AcquireOptions {
  reuse?: boolean
  lazy?: boolean
  reusable?: boolean
  timeout?: number
  schema?: string
}

/**
 * Options of `engine.transaction()` / `db.transaction()`: the transaction's own, plus
 * `reuse: false` to open it on a connection of its own even inside another transaction
 * or scope (GINO's `db.transaction(reuse=False)`); default true (a savepoint when nested).
 */
export interface EngineTransactionOptions extends TransactionOptions {
  reuse?: boolean
}

/** One engine's pool statistics, as `db.stats()` lists them. */
export interface EngineStats extends PoolStats {
  /** The URL with its password masked. */
  readonly url: string
  readonly driver: 'pg' | 'pglite'
  readonly database: string | undefined
  /**
   * For the engine of a per-request database (the integrations' `databases` option): the
   * name requests select it by (`?db=shop`), which is also `currentRequestScope().database`.
   */
  readonly perRequestDatabase?: string
  /** `replica` for a read replica of the engine listed before it (see the `replicas` option). */
  readonly role: 'primary' | 'replica'
}

/** @internal An engine's pool statistics with what identifies it, then its replicas' (see `db.stats()`). */
export function engineStats(engine: Engine): EngineStats[] {
  const entry = (of: Engine, role: 'primary' | 'replica'): EngineStats => {
    const { total, idle, waiting } = of.stats
    return { url: of.url, driver: of.driver, database: of.database, role, total, idle, waiting }
  }
  return [entry(engine, 'primary'), ...engine.replicas.map((replica) => entry(replica, 'replica'))]
}

/** The body of a scoped acquire. */
export type ConnectionScope<T> = (connection: Connection) => Promise<T> | T

/**
 * A pool of connections to one database, and the executing methods on it. Queries pick
 * up the connection of the caller's async context (inside `transaction()` or a scoped
 * `acquire()`), else borrow one from the pool for the statement.
 *
 * @example
 * ```ts
 * const engine = await createEngine('postgres://postgres@localhost/test', { max: 10 })
 * await engine.transaction(async () => {
 *   await engine.status('UPDATE users SET active = true WHERE id = :id', { id: 1 })
 * })
 * await engine.close()
 * ```
 */
export class Engine extends QueryMethods {
  /** `pg` for a PostgreSQL server, `pglite` for the embedded database. */
  readonly driver: 'pg' | 'pglite'
  /** The URL with its password masked. */
  readonly url: string
  /** The database name the URL gives (undefined: the server's default for the user). */
  readonly database: string | undefined
  readonly #core: {
    driver: 'pg' | 'pglite'
    database: string | undefined
    options: ResolvedEngineOptions
    pool: PoolAdapter
    closed: boolean
    role: 'primary' | 'replica'
    server: string | undefined
  }
  /** Set when the engine has replicas: where its statements run. */
  #router: ReplicaRouter | undefined
  #kysely: Kysely<object> | undefined
  #closing: Promise<void> | undefined
  readonly #executor = (): Kysely<object> => this.kysely

  /** @internal Use `createEngine()`. */
  constructor(
    pool: PoolAdapter,
    options: ResolvedEngineOptions,
    url: string,
    database?: string,
    server?: string,
    role: 'primary' | 'replica' = 'primary',
  ) {
    super()
    this.driver = pool.driver
    this.url = redactUrl(url)
    this.database = database
    this.#core = { driver: pool.driver, database, options, pool, closed: false, role, server }
  }

  /** @internal Gives the engine its replicas (see `openEngine`). */
  [ATTACH_REPLICAS](replicas: ReplicaSet): void {
    this.#router = new ReplicaRouter(this, replicas, this.#core.options.readOnlyFunctions, (statement, rowMode) =>
      this[RUN](statement, rowMode, undefined),
    )
  }

  /**
   * The engines of the read replicas (the `replicas` option), in the order given; empty
   * without replicas. Run on one directly to bypass the routing.
   *
   * @example
   * ```ts
   * const inRecovery = await engine.replicas[0]?.scalar('SELECT pg_is_in_recovery()') // true
   * ```
   */
  get replicas(): readonly Engine[] {
    return this.#router === undefined ? [] : this.#router.replicas.members.map((replica) => replica.engine)
  }

  /**
   * Runs `fn` with every statement inside it on the primary, reads included (of any engine
   * with replicas, not only this one). Without replicas it only runs `fn`.
   *
   * @example
   * ```ts
   * const fresh = await engine.primary(() => engine.first(User.selectAll().where('id', '=', id)))
   * ```
   */
  primary<T>(fn: () => T): T {
    return runOnPrimary(fn)
  }

  /**
   * A Kysely instance running on this engine. Type it with your tables:
   * `engine.kysely.withTables<{ users: UserTable }>()`.
   */
  get kysely(): Kysely<object> {
    this.#kysely ??= new Kysely<object>({ dialect: new GinoDialect(() => this) })
    return this.#kysely
  }

  /**
   * Pool occupancy: connections open (`total`), open and unused (`idle`), and callers
   * waiting for one (`waiting`). See `db.stats()` for every engine of a `db`.
   *
   * @example
   * ```ts
   * const { total, idle, waiting } = engine.stats
   * ```
   */
  get stats(): PoolStats {
    return this.#core.pool.stats
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#core.closed
  }

  /** The validated options in force. */
  get options(): ResolvedEngineOptions {
    return this.#core.options
  }

  /**
   * Takes a connection. Without a function, the caller releases it (`conn.release()`);
   * with one, it is placed in the async context for the function (so every query inside
   * reuses it) and released when the function settles.
   *
   * @example
   * ```ts
   * await engine.acquire({ lazy: true }, async (conn) => {
   *   await User.get(1) // runs on conn
   * })
   * const conn = await engine.acquire({ timeout: 500 }) // PoolTimeoutError after 0.5 s
   * ```
   */
  acquire(options?: AcquireOptions): Promise<Connection>
  acquire<T>(fn: ConnectionScope<T>): Promise<T>
  acquire<T>(options: AcquireOptions, fn: ConnectionScope<T>): Promise<T>
  async acquire<T>(
    first?: AcquireOptions | ConnectionScope<T>,
    second?: ConnectionScope<T>,
  ): Promise<Connection | T> {
    const options = typeof first === 'function' ? {} : (first ?? {})
    const fn = typeof first === 'function' ? first : second
    const { reuse = false, lazy = false, reusable = true, timeout, schema } = options
    const waitLimit = checkWaitLimit('timeout', timeout)
    const searchPath = schema === undefined ? undefined : searchPathOf(schema)
    const frame = reuse ? findFrame(this) : undefined
    if (frame && searchPath !== undefined && frame.session.searchPath?.schema !== schema) {
      throw new GinoError(
        'SCHEMA_MISMATCH',
        'acquire({ reuse: true, schema }) found a connection of another schema in this context; drop reuse to take one of its own.',
      )
    }
    const connection = frame
      ? new Connection(this, frame.session, false, this.#executor)
      : new Connection(this, await Session.open(this.#core, lazy, waitLimit, searchPath ?? this.#contextPath()), true, this.#executor)
    if (fn === undefined) return connection
    try {
      if (frame || !reusable) return await fn(connection)
      return await runInFrame(this, connection.session, null, () => fn(connection))
    } finally {
      if (!connection.released) await connection.release()
    }
  }

  /** The schema of this engine's innermost scope in the caller's context, inherited by new connections. */
  #contextPath(): SearchPath | undefined {
    return findFrame(this)?.session.searchPath
  }

  /**
   * Runs `fn` with every statement it makes on this engine in `schema`: tables of models
   * without an explicit schema, and any unqualified name, are looked up there (PostgreSQL's
   * `search_path`, set to that one schema, sent as a quoted identifier). `fn` runs on a
   * lazy connection of its own (taken on its first query, like a request's), and a
   * transaction or connection taken inside follows the schema too.
   *
   * On a server the connection's `search_path` is SET when it is taken and RESET before it
   * goes back to the pool; with `pooler: true` (a transaction-mode pooler) it is SET LOCAL
   * in each transaction instead, and a statement outside any transaction runs in one of its
   * own. Checking the name is the caller's business: never pass user input unchecked.
   *
   * @example
   * ```ts
   * const rows = await engine.withSchema('tenant_a', () => Item.query.execute())
   * ```
   */
  async withSchema<T>(schema: string, fn: () => Promise<T> | T): Promise<T> {
    return this.acquire({ lazy: true, schema }, () => fn())
  }

  /**
   * Runs `fn` in a transaction: commits when it returns, rolls back and rethrows when it
   * throws. Inside another transaction of the same context it becomes a savepoint, unless
   * `reuse: false` asks for a transaction on a connection of its own.
   *
   * @example
   * ```ts
   * const user = await engine.transaction(async (tx) => {
   *   const u = await User.create({ name: 'ann' })
   *   await Visit.create({ userId: u.id })
   *   return u
   * }, { isolation: 'serializable' })
   * await engine.transaction(async () => {
   *   await engine.transaction(() => AuditLog.create({ event: 'attempt' }), { reuse: false }) // kept on rollback
   *   throw new Error('rolled back')
   * })
   * ```
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T> | T, options?: EngineTransactionOptions): Promise<T> {
    try {
      const { reuse = true, ...txOptions } = options ?? {}
      const frame = reuse ? findFrame(this) : undefined
      if (frame) return runTransaction(this, new Connection(this, frame.session, false, this.#executor), fn, txOptions)
      // Traced, the transaction's span covers taking its connection too.
      if (!transactionChannel.hasSubscribers) return this.#ownTransaction(fn, txOptions)
      return traceTransaction(this.#core, false, () => this.#ownTransaction(fn, txOptions))
    } catch (error) {
      return rejectWith(error)
    }
  }

  /**
   * A transaction on a connection of its own: started at once on a connection the pool
   * can hand over now (the usual case), else once one is had. Lazy: BEGIN is sent with the
   * first statement, in the same write (see Session.run).
   */
  #ownTransaction<T>(fn: (tx: Transaction) => Promise<T> | T, options: TransactionOptions): Promise<T> {
    const path = this.#contextPath()
    const run = (session: Session): Promise<T> =>
      session.releaseAfter(runLevel(this, new Connection(this, session, false, this.#executor), fn, options, true))
    const session = path === undefined ? Session.openNow(this.#core) : undefined
    if (session !== undefined) return run(session)
    return Session.open(this.#core, false, undefined, path).then(run)
  }

  /**
   * Closes the pool. Connections still held are closed as they are released; later
   * queries fail with `EngineClosedError`.
   */
  close(): Promise<void> {
    this.#core.closed = true
    const replicas = this.#router?.replicas
    this.#closing ??= Promise.all([this.#core.pool.close(), replicas?.close()]).then(() => undefined)
    return this.#closing
  }

  /** @internal */
  [RUN](statement: Statement, rowMode: RowMode, options: ExecOptions | undefined): Promise<RawResult> {
    const router = this.#router
    if (router !== undefined && !this.#core.closed) {
      const replica = router.route(statement, options)
      if (replica !== undefined) return this.#readOnReplica(replica, statement, rowMode, options)
    }
    return this.#runOnPrimary(statement, rowMode, options)
  }

  /**
   * A read on a replica. One that fails for want of a connection (the replica is down, or
   * dropped it) takes the replica out of the rotation for a while and runs on the primary
   * instead, so the caller never sees it; an error of the statement itself is reported.
   */
  async #readOnReplica(replica: Replica, statement: Statement, rowMode: RowMode, options: ExecOptions | undefined): Promise<RawResult> {
    try {
      return await replica.engine[RUN](statement, rowMode, options)
    } catch (error) {
      if (!isConnectionFailure(error) || this.#core.closed) throw error
      this.#router!.replicas.markDown(replica, error)
      return this.#runOnPrimary(statement, rowMode, options)
    }
  }

  #runOnPrimary(statement: Statement, rowMode: RowMode, options: ExecOptions | undefined): Promise<RawResult> {
    const frame = findFrame(this)
    if (frame) return frame.session.run(frame.tx, statement.sql, statement.parameters, rowMode, options?.timeout)
    const core = this.#core
    if (core.closed) return Promise.reject(new EngineClosedError())
    const timeout = options?.timeout ?? clientSideLimit(core)
    if (timeout === undefined) return runPooled(core, statement.sql, statement.parameters, rowMode)
    return this.#runWithTimeout(statement, rowMode, timeout)
  }

  /** A pooled statement with a per-call timeout: cancelling it needs the connection at hand. */
  async #runWithTimeout(statement: Statement, rowMode: RowMode, timeout: number): Promise<RawResult> {
    const core = this.#core
    const raw = await acquireWithin(core, undefined)
    try {
      return await runStatement(raw, core, statement.sql, statement.parameters, rowMode, timeout)
    } finally {
      core.pool.release(raw, raw.broken)
    }
  }

  /** @internal */
  async [RUN_MANY](statements: readonly Statement[], rowMode: RowMode): Promise<RawResult[]> {
    const router = this.#router
    if (router !== undefined && !statements.every((statement) => router.readsOnly(statement))) router.noteWrite()
    const frame = findFrame(this)
    if (frame) return runMany(this, new Connection(this, frame.session, false, this.#executor), statements, rowMode)
    const session = await Session.open(this.#core, false)
    try {
      return await runMany(this, new Connection(this, session, false, this.#executor), statements, rowMode)
    } finally {
      await session.release()
    }
  }

  /** @internal */
  [OPEN_CURSOR](statement: Statement, options: IterateOptions | undefined): Cursor<unknown> {
    const frame = findFrame(this)
    const hint = 'run it inside db.transaction(...).'
    if (!frame) throw new TransactionError(`iterate() needs a transaction: ${hint}`)
    Cursor.check(frame.session, frame.tx, hint)
    return new Cursor(frame.session, frame.tx, statement, statement.loader, options?.chunkSize)
  }

  /** @internal */
  [EXECUTOR_PROVIDER](): QueryExecutorProvider {
    return this.kysely
  }

  /** @internal */
  override [EXEC_DEFAULTS](): ExecOptions | undefined {
    return this.#core.options.executionOptions
  }
}

/**
 * Creates an engine from a URL and, like GINO's `create_engine`, connects at once: the
 * first connection (or `min` of them) is opened before the promise resolves, so a wrong
 * URL or a server that is down fails here with `ConnectionError` (host, port, database,
 * never the password). `lazy: true` defers every connection to the first use.
 *
 * - `postgres://user:password@host:5432/db?sslmode=require` uses `pg` with its pool
 *   (see `parseEngineUrl` for everything a URL may say);
 * - `pglite://` (memory) or `pglite:///absolute/folder` runs PostgreSQL in-process.
 *
 * @example
 * ```ts
 * const engine = await createEngine('pglite://')
 * const server = await createEngine(process.env.DATABASE_URL!, { max: 20, echo: true })
 * const serverless = await createEngine(process.env.DATABASE_URL!, { pool: false, lazy: true })
 * ```
 */
export function createEngine(url: string, options?: EngineOptions): Promise<Engine> {
  if (!connectChannel.hasSubscribers) return openEngine(url, options)
  const context: ConnectTraceContext = {
    url: redactUrl(url),
    ...engineIdentity(url),
    requestId: currentRequestId(),
  }
  return tracePromise(connectChannel, context, () => openEngine(url, options))
}

/** Driver and database of a URL, for the `gino-ts:connect` event (a malformed URL fails later, in `openEngine`). */
function engineIdentity(url: string): { driver: 'pg' | 'pglite'; database: string | undefined } {
  try {
    const target = parseEngineUrl(url)
    return { driver: target.driver, database: databaseOf(target) }
  } catch {
    return { driver: 'pg', database: undefined }
  }
}

/** The database name of a target: the URL's, or `postgres` for PGlite. */
function databaseOf(target: EngineTarget): string | undefined {
  return target.driver === 'pglite' ? 'postgres' : target.database
}

async function openEngine(url: string, options: EngineOptions | undefined): Promise<Engine> {
  const target = parseEngineUrl(url)
  const resolved = resolveEngineOptions(options)
  if (target.driver === 'pglite') {
    if (resolved.replicas.length > 0) {
      throw new UnsupportedError('replicas need a PostgreSQL server: PGlite has no streaming replicas.')
    }
    if (resolved.statementTimeout !== undefined) {
      throw new UnsupportedError('statementTimeout needs a PostgreSQL server; PGlite cannot interrupt a statement.')
    }
    if (resolved.executionOptions?.timeout !== undefined) {
      throw new UnsupportedError('executionOptions.timeout needs a PostgreSQL server; PGlite cannot interrupt a statement.')
    }
    return new Engine(await PglitePoolAdapter.open(target, resolved), resolved, url, databaseOf(target))
  }
  const replicaTargets = resolved.replicas.map((replicaUrl) => replicaTarget(replicaUrl, target))
  const pool = new PgPoolAdapter(target, resolved)
  if (!resolved.lazy) {
    try {
      await pool.warmUp(resolved.min)
    } catch (error) {
      await pool.close()
      throw error
    }
  }
  const engine = new Engine(pool, resolved, url, databaseOf(target), serverOf(target))
  if (replicaTargets.length > 0) await attachReplicas(engine, resolved, replicaTargets)
  return engine
}

/** `host:port` of a server, for logs and tracing. */
function serverOf(target: ServerTarget): string {
  return `${target.host ?? 'localhost'}:${target.port ?? 5432}`
}

/** A replica URL's server with the primary's database (a streaming replica holds the same ones). */
function replicaTarget(replicaUrl: string, primary: ServerTarget): [string, ServerTarget] {
  const target = parseEngineUrl(replicaUrl)
  if (target.driver !== 'pg') {
    throw new InvalidOptionError('replicas', 'Option "replicas" takes postgres:// URLs of streaming replicas.')
  }
  return [replicaUrl, { ...target, database: primary.database }]
}

/**
 * Opens the replicas' pools (lazily: a replica that is down at startup is only marked down,
 * its reads go to the primary) and routes the engine's reads to them.
 */
async function attachReplicas(engine: Engine, resolved: ResolvedEngineOptions, targets: ReadonlyArray<[string, ServerTarget]>): Promise<void> {
  const replicaOptions: ResolvedEngineOptions = { ...resolved, replicas: [], lazy: true }
  const members = targets.map(([replicaUrl, target]) => {
    const server = serverOf(target)
    const replica = new Engine(new PgPoolAdapter(target, replicaOptions), replicaOptions, replicaUrl, target.database, server, 'replica')
    return new Replica(replica, server)
  })
  const set = new ReplicaSet(members, {
    retryMs: resolved.replicaRetryMs,
    maxLagMs: resolved.maxReplicaLagMs,
    lagCheckMs: resolved.replicaLagCheckMs,
    logger: resolved.logger,
  })
  engine[ATTACH_REPLICAS](set)
  await set.start(!resolved.lazy)
}
