import { InvalidOptionError } from '../errors.js'
import { functionKey } from '../routing/read-only-functions.js'
import { type IsolationLevel, ISOLATION_LEVELS } from '../transaction/tx-frame.js'
import type { SslOption } from './ssl-mode.js'

/**
 * Engine-wide defaults of the per-call execution options (GINO's engine
 * `execution_options`); a per-call option wins. Model methods (`get`, `create`,
 * `all`...) always load instances.
 *
 * Result types follow the per-call options only: with `returnModel: false` here, a
 * `db.all(User.query)` returns plain rows while its static type says `User[]`, so pass
 * `{ returnModel: false }` per call where the types matter.
 */
export interface EngineExecutionOptions {
  /** Cancel each statement on the server after this many milliseconds (pg only). */
  timeout?: number
  /** `false`: queries built from a model return plain rows unless a call says otherwise. */
  returnModel?: boolean
}

/** One executed statement, as `echo` reports it. */
export interface EchoEntry {
  readonly sql: string
  readonly parameters: readonly unknown[]
  /** Time to the result; outside a transaction or scope it includes waiting for a pooled connection. */
  readonly durationMs: number
  readonly rowCount: number | null
  /** Set when the statement failed. */
  readonly error?: unknown
}

/** Where the engine writes echo lines and warnings. `console` fits. */
export interface Logger {
  info(message: string): void
  warn(message: string): void
}

/**
 * Options of `createEngine()` / `db.setBind()`. Unknown keys are an error.
 *
 * @example
 * ```ts
 * const engine = await createEngine('postgres://postgres@localhost/app', {
 *   max: 20, acquireTimeout: 5_000, statementTimeout: 30_000, echo: true,
 * })
 * ```
 */
export interface EngineOptions {
  /** Connections opened at start and kept open (pg only). Default 0. */
  min?: number
  /** Most connections open at once. Default 10 (always 1 on PGlite). */
  max?: number
  /** Milliseconds to wait for a free connection before `PoolTimeoutError`. Default 30000. */
  acquireTimeout?: number
  /** Milliseconds an idle connection stays open. Default 10000. */
  idleTimeout?: number
  /**
   * Server-side `statement_timeout` in milliseconds for every statement (pg only); an
   * over-long statement fails with `QueryTimeoutError`. Sent as a startup parameter of
   * each connection, unless `pooler` is set (see there).
   */
  statementTimeout?: number
  /**
   * Don't connect in `createEngine()`. By default the engine opens its first connection
   * (or `min` of them) at once, so a wrong URL or a server that is down fails at startup
   * with `ConnectionError`, as GINO's `create_engine` does. Default false.
   */
  lazy?: boolean
  /**
   * `false` for no pool (GINO's NullPool): every use opens its own connection and closes
   * it afterwards. Fits serverless functions and external poolers; `max` still caps how
   * many are open at once, and `min` must be 0. Default true (pg only).
   */
  pool?: boolean
  /**
   * The URL points at a transaction-mode pooler (PgBouncer, Supavisor, RDS Proxy...),
   * which hands each transaction to any server connection and refuses startup parameters
   * it does not know. Then the engine keeps no session state: `statementTimeout` is set
   * with `SET LOCAL` sent with each `BEGIN` (one round trip, reverted at its end, so it
   * never leaks to another client), and a statement outside a transaction is cancelled
   * by the driver (a CancelRequest, which poolers forward) once the limit passes.
   * A schema scope (`withSchema`, `acquire({ schema })`) is likewise `SET LOCAL` in each
   * transaction, and its statements outside a transaction run in one of their own.
   * Per-call `{ timeout }` works the same with or without it. Default false.
   *
   * @example
   * ```ts
   * const engine = await createEngine('postgres://app@pgbouncer:6432/app', { pooler: true, statementTimeout: 5_000 })
   * ```
   */
  pooler?: boolean
  /**
   * Prepare statements automatically (on a server and on PGlite): each connection keeps up to
   * `statementCacheSize` named statements keyed by their SQL text, so the server parses and
   * plans a statement once per connection instead of on every run. Default true, except
   * with `pooler: true`, where it defaults to false: a transaction-mode pooler (PgBouncer
   * before 1.21 or without `max_prepared_statements`) hands each transaction to any server
   * connection, where a statement prepared on another does not exist. Set `prepare: true`
   * with `pooler: true` only for a pooler that keeps prepared statements itself.
   *
   * A schema change that alters a cached statement's result (`cached plan must not change
   * result type`) or a statement dropped on the server (`DISCARD ALL`) is recovered from by
   * preparing it again and retrying once, outside a transaction; inside one the transaction
   * is already aborted, so it fails with `PreparedStatementError` (the next run prepares
   * the statement afresh).
   *
   * @example
   * ```ts
   * const engine = await createEngine(process.env.DATABASE_URL!, { prepare: false })
   * ```
   */
  prepare?: boolean
  /** Prepared statements kept per connection, least recently used dropped first. Default 100. */
  statementCacheSize?: number
  /**
   * Statements outside any transaction that may wait on one connection (pg only). When all
   * `max` connections are out and nobody waits for one, such a query or DML statement is
   * written on the connection with the fewest unanswered ones, up to this many, instead of
   * queuing for a free connection (as postgres.js does): the server always has the next
   * statement at hand. Each is its own protocol batch, so an error in one affects no other;
   * a lost connection fails all it carried, and a slow statement delays those queued
   * behind it. Statements with a per-call `timeout`, session commands (SET, BEGIN, DDL)
   * and everything in a transaction or scope never share. `1` turns sharing off. Default
   * 4, and 1 with `pooler: true`.
   *
   * @example
   * ```ts
   * const engine = await createEngine(process.env.DATABASE_URL!, { max: 8, pipelineDepth: 2 })
   * ```
   */
  pipelineDepth?: number
  /** TLS for pg, passed as is: `true` or `{ ca, cert, key, rejectUnauthorized }`. Wins over `sslmode` in the URL. */
  ssl?: SslOption
  /** `application_name` reported to the server (pg only). */
  applicationName?: string
  /** Log every statement with parameters and duration: `true` uses `logger`; a function gets each entry. */
  echo?: boolean | ((entry: EchoEntry) => void)
  /** Receives echo lines and warnings. Default: the console. */
  logger?: Logger
  /**
   * Log every statement that takes at least this many milliseconds through `logger.warn`,
   * with its SQL and duration (never its parameter values). Default: off.
   *
   * @example
   * ```ts
   * const engine = await createEngine('pglite://', { slowQueryMs: 200 })
   * // [gino] slow query (812.4 ms): SELECT ... -- on logger.warn
   * ```
   */
  slowQueryMs?: number
  /** Extra options handed to the driver as is (`pg.Pool` config or `PGlite` options). */
  driverOptions?: Record<string, unknown>
  /**
   * Isolation level of every transaction that does not name one (GINO's
   * `isolation_level`); `transaction(fn, { isolation })` wins. Default: the server's.
   */
  isolationLevel?: IsolationLevel
  /**
   * Defaults of the per-call execution options; a per-call option wins.
   *
   * @example
   * ```ts
   * const engine = await createEngine(url, { executionOptions: { timeout: 5_000 } })
   * await engine.all('SELECT pg_sleep(1)')                   // cancelled after 5 s
   * await engine.all('SELECT pg_sleep(9)', [], { timeout: 10_000 }) // per call wins
   * ```
   */
  executionOptions?: EngineExecutionOptions
  /**
   * URLs of streaming replicas of this server (pg only; a `pglite://` engine with replicas
   * is an `UnsupportedError`). Outside a transaction, statements that only read go to
   * them in turn, everything else to the primary; see "Read replicas" in the README for
   * the rule. Only the server part of each URL counts (host, port, user, password, TLS):
   * the database is always the primary engine's, which a streaming replica also holds.
   * Each replica gets a pool with this engine's options.
   *
   * @example
   * ```ts
   * await db.setBind('postgres://app@primary/app', {
   *   replicas: ['postgres://app@replica-1/app', 'postgres://app@replica-2/app'],
   * })
   * const users = await db.all(User.selectAll()) // on replica-1, then replica-2...
   * await db.primary(() => User.get(1))         // on the primary
   * ```
   */
  replicas?: readonly string[]
  /**
   * Milliseconds a replica that could not be reached (or dropped its connection) gets no
   * reads; its reads go to the primary meanwhile, then it is tried again. Default 30000.
   */
  replicaRetryMs?: number
  /**
   * Most replay lag, in milliseconds, a replica may have to get reads: checked every
   * `replicaLagCheckMs` with `pg_last_xact_replay_timestamp()` (never per query); a replica
   * further behind gets no reads until it catches up. Default: not checked.
   */
  maxReplicaLagMs?: number
  /** Milliseconds between replica lag checks (with `maxReplicaLagMs`). Default 5000. */
  replicaLagCheckMs?: number
  /**
   * Functions, besides the built-in allow-list (count, sum, coalesce, lower, now...), that
   * only read: a query calling them may still go to a replica. Names as called
   * (`'my_schema.score'`), matched case-insensitively.
   */
  readOnlyFunctions?: readonly string[]
}

/** Options after validation and defaults. */
export interface ResolvedEngineOptions {
  readonly min: number
  readonly max: number
  readonly acquireTimeout: number
  readonly idleTimeout: number
  readonly statementTimeout: number | undefined
  readonly lazy: boolean
  readonly pool: boolean
  readonly pooler: boolean
  /** Statements prepared per connection; 0 when `prepare` is off. */
  readonly statementCacheSize: number
  /** Statements outside transactions that may share one busy connection; 1: none. */
  readonly pipelineDepth: number
  readonly ssl: SslOption | undefined
  readonly applicationName: string | undefined
  readonly echo: ((entry: EchoEntry) => void) | undefined
  readonly logger: Logger
  /** Statements slower than this (milliseconds) are logged at warn; undefined: off. */
  readonly slowQueryMs: number | undefined
  readonly driverOptions: Readonly<Record<string, unknown>>
  readonly isolationLevel: IsolationLevel | undefined
  readonly executionOptions: Readonly<EngineExecutionOptions> | undefined
  /** Replica URLs; empty without replicas. */
  readonly replicas: readonly string[]
  readonly replicaRetryMs: number
  readonly maxReplicaLagMs: number | undefined
  readonly replicaLagCheckMs: number
  /** Extra read-only function names, lower case. */
  readonly readOnlyFunctions: ReadonlySet<string>
}

/** The option names `createEngine` accepts. */
export const ENGINE_OPTION_NAMES = [
  'min',
  'max',
  'acquireTimeout',
  'idleTimeout',
  'statementTimeout',
  'lazy',
  'pool',
  'pooler',
  'prepare',
  'statementCacheSize',
  'pipelineDepth',
  'ssl',
  'applicationName',
  'echo',
  'logger',
  'slowQueryMs',
  'driverOptions',
  'isolationLevel',
  'executionOptions',
  'replicas',
  'replicaRetryMs',
  'maxReplicaLagMs',
  'replicaLagCheckMs',
  'readOnlyFunctions',
] as const satisfies ReadonlyArray<keyof EngineOptions>

function count(options: EngineOptions, name: keyof EngineOptions, fallback: number, min = 0): number {
  const value = options[name]
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new InvalidOptionError(name, `Option "${name}" must be an integer >= ${min}, got ${JSON.stringify(value)}.`)
  }
  return value
}

function formatEcho(entry: EchoEntry): string {
  const params = entry.parameters.length ? ` -- ${JSON.stringify(entry.parameters, jsonSafe)}` : ''
  const status = entry.error ? ' FAILED' : ''
  return `[gino] ${entry.sql}${params} (${entry.durationMs.toFixed(2)} ms${status})`
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value
}

/** Validates options and fills in defaults; an unknown option names the valid ones. */
export function resolveEngineOptions(options: EngineOptions | undefined): ResolvedEngineOptions {
  const given = options ?? {}
  if (typeof given !== 'object') {
    throw new InvalidOptionError('options', 'Engine options must be an object.')
  }
  for (const key of Object.keys(given)) {
    if (!(ENGINE_OPTION_NAMES as readonly string[]).includes(key)) {
      throw new InvalidOptionError(
        key,
        `Unknown engine option "${key}"; valid options: ${ENGINE_OPTION_NAMES.join(', ')}.`,
      )
    }
  }
  const min = count(given, 'min', 0)
  const max = count(given, 'max', 10, 1)
  if (min > max) throw new InvalidOptionError('min', `Option "min" (${min}) exceeds "max" (${max}).`)
  const statementTimeout =
    given.statementTimeout === undefined ? undefined : count(given, 'statementTimeout', 0, 1)
  const { echo, logger = console, ssl, applicationName, driverOptions = {} } = given
  if (echo !== undefined && typeof echo !== 'boolean' && typeof echo !== 'function') {
    throw new InvalidOptionError('echo', 'Option "echo" must be a boolean or a function.')
  }
  if (typeof logger.info !== 'function' || typeof logger.warn !== 'function') {
    throw new InvalidOptionError('logger', 'Option "logger" must have info() and warn() methods.')
  }
  if (ssl !== undefined && typeof ssl !== 'boolean' && (typeof ssl !== 'object' || ssl === null)) {
    throw new InvalidOptionError('ssl', 'Option "ssl" must be a boolean or a TLS options object.')
  }
  if (applicationName !== undefined && typeof applicationName !== 'string') {
    throw new InvalidOptionError('applicationName', 'Option "applicationName" must be a string.')
  }
  const flag = (name: 'lazy' | 'pool' | 'pooler' | 'prepare', fallback: boolean): boolean => {
    const value = given[name]
    if (value === undefined) return fallback
    if (typeof value !== 'boolean') {
      throw new InvalidOptionError(name, `Option "${name}" must be a boolean, got ${JSON.stringify(value)}.`)
    }
    return value
  }
  const pool = flag('pool', true)
  if (!pool && min > 0) {
    throw new InvalidOptionError('min', 'Option "min" must be 0 with "pool: false": no connection is kept open.')
  }
  if (typeof driverOptions !== 'object' || driverOptions === null) {
    throw new InvalidOptionError('driverOptions', 'Option "driverOptions" must be an object.')
  }
  const pooler = flag('pooler', false)
  const prepare = flag('prepare', !pooler)
  const statementCacheSize = count(given, 'statementCacheSize', 100, 1)
  return {
    isolationLevel: isolationLevel(given.isolationLevel),
    executionOptions: executionOptions(given.executionOptions),
    min,
    max,
    acquireTimeout: count(given, 'acquireTimeout', 30_000, 1),
    idleTimeout: count(given, 'idleTimeout', 10_000, 1),
    statementTimeout,
    lazy: flag('lazy', false),
    pool,
    pooler,
    statementCacheSize: prepare ? statementCacheSize : 0,
    pipelineDepth: count(given, 'pipelineDepth', pooler ? 1 : 4, 1),
    ssl,
    applicationName,
    echo: echo === true ? (entry) => logger.info(formatEcho(entry)) : echo || undefined,
    logger,
    slowQueryMs: slowQueryMs(given.slowQueryMs),
    driverOptions,
    replicas: stringList(given, 'replicas'),
    replicaRetryMs: count(given, 'replicaRetryMs', 30_000, 1),
    maxReplicaLagMs: given.maxReplicaLagMs === undefined ? undefined : count(given, 'maxReplicaLagMs', 0),
    replicaLagCheckMs: count(given, 'replicaLagCheckMs', 5_000, 1),
    readOnlyFunctions: new Set(stringList(given, 'readOnlyFunctions').map((name) => functionKey(name))),
  }
}

function stringList(options: EngineOptions, name: 'replicas' | 'readOnlyFunctions'): readonly string[] {
  const value = options[name]
  if (value === undefined) return []
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw new InvalidOptionError(name, `Option "${name}" must be an array of non-empty strings.`)
  }
  return [...(value as readonly string[])]
}

function slowQueryMs(value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidOptionError('slowQueryMs', `Option "slowQueryMs" must be a number of milliseconds >= 0, got ${JSON.stringify(value)}.`)
  }
  return value
}

function isolationLevel(value: unknown): IsolationLevel | undefined {
  if (value === undefined) return undefined
  const level = typeof value === 'string' ? value.toLowerCase() : value
  if (typeof level !== 'string' || !(ISOLATION_LEVELS as readonly string[]).includes(level)) {
    throw new InvalidOptionError(
      'isolationLevel',
      `Unknown isolation level ${JSON.stringify(value)}; valid: ${ISOLATION_LEVELS.join(', ')}.`,
    )
  }
  return level as IsolationLevel
}

function executionOptions(value: unknown): EngineExecutionOptions | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'object' || value === null) {
    throw new InvalidOptionError('executionOptions', 'Option "executionOptions" must be an object.')
  }
  const { timeout, returnModel, ...rest } = value as Record<string, unknown>
  const unknown = Object.keys(rest)[0]
  if (unknown !== undefined) {
    throw new InvalidOptionError(
      'executionOptions',
      `Unknown execution option "${unknown}"; engine-wide defaults may set: timeout, returnModel.`,
    )
  }
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1)) {
    throw new InvalidOptionError('executionOptions', 'executionOptions.timeout must be a positive integer of milliseconds.')
  }
  if (returnModel !== undefined && typeof returnModel !== 'boolean') {
    throw new InvalidOptionError('executionOptions', 'executionOptions.returnModel must be a boolean.')
  }
  return {
    ...(timeout === undefined ? {} : { timeout }),
    ...(returnModel === undefined ? {} : { returnModel }),
  }
}
