/**
 * Every error gino-ts raises is a `GinoError` with a stable `code`, so callers can
 * branch on `err.code` (or `instanceof`) without parsing messages.
 *
 * @example
 * ```ts
 * try {
 *   await User.create({ email })
 * } catch (err) {
 *   if (err instanceof QueryError && err.sqlState === '23505') reply.code(409)
 * }
 * ```
 */
export class GinoError extends Error {
  /** A stable machine-readable code, e.g. `UNINITIALIZED` or `QUERY_FAILED`. */
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/** `db.bind` was used before `setBind()` / `withBind()` / a framework plugin bound an engine. */
export class UninitializedError extends GinoError {
  constructor() {
    super('UNINITIALIZED', 'Gino engine is not initialized.')
  }
}

/** An engine URL that cannot be parsed or whose scheme is not supported. */
export class InvalidDsnError extends GinoError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_DSN', message, options)
  }
}

/** An engine or plugin option that is unknown or has an invalid value. */
export class InvalidOptionError extends GinoError {
  /** The option's name, as given. */
  readonly option: string
  constructor(option: string, message: string) {
    super('INVALID_OPTION', message)
    this.option = option
  }
}

/** `one()` found no row. */
export class NoResultError extends GinoError {
  constructor(message = 'The query returned no rows, exactly one was expected.') {
    super('NO_RESULT', message)
  }
}

/** `one()` or `oneOrNone()` found more than one row. */
export class MultipleResultsError extends GinoError {
  constructor(message = 'The query returned more than one row, at most one was expected.') {
    super('MULTIPLE_RESULTS', message)
  }
}

/** An instance-level update or delete matched no row: the row vanished. */
export class NoSuchRowError extends GinoError {
  constructor(message = 'No row was found for the instance (it may have been deleted).') {
    super('NO_SUCH_ROW', message)
  }
}

/** A transaction or cursor was used the wrong way (ended twice, cursor outside a transaction...). */
export class TransactionError extends GinoError {
  constructor(message: string) {
    super('TRANSACTION_MISUSE', message)
  }
}

/** A connection was used after release, or released twice. */
export class ConnectionReleasedError extends GinoError {
  constructor(message: string) {
    super('CONNECTION_RELEASED', message)
  }
}

/** Where a failed connection was headed; never the password. */
export interface ConnectionTarget {
  readonly host: string | undefined
  readonly port: number | undefined
  readonly database: string | undefined
  readonly user: string | undefined
}

/**
 * No connection to the server could be opened: refused, unknown host, failed
 * authentication, missing database, TLS failure, timeout while connecting. Raised by
 * `createEngine()` (unless `lazy`) and whenever the pool opens a connection later.
 * `cause` is the driver's error; `sqlState` is set when the server refused (e.g. `3D000`
 * for a missing database, `28P01` / `28000` for authentication).
 *
 * @example
 * ```ts
 * try {
 *   await createEngine(process.env.DATABASE_URL!)
 * } catch (err) {
 *   if (err instanceof ConnectionError) console.error(`database down at ${err.host}:${err.port}`)
 * }
 * ```
 */
export class ConnectionError extends GinoError {
  readonly host: string | undefined
  readonly port: number | undefined
  readonly database: string | undefined
  readonly user: string | undefined
  /** PostgreSQL SQLSTATE when the server itself refused the connection. */
  readonly sqlState: string | undefined

  /** `hint`: what to do about it, when known. */
  constructor(target: ConnectionTarget, cause: unknown, hint?: string) {
    const where = `${target.host ?? 'localhost'}:${target.port ?? 5432}/${target.database ?? target.user ?? ''}`
    const advice = hint === undefined ? '' : ` (${hint})`
    super('CONNECTION_FAILED', `Cannot connect to PostgreSQL at ${where}: ${detail(cause)}${advice}`, { cause })
    this.host = target.host
    this.port = target.port
    this.database = target.database
    this.user = target.user
    const fields = (cause ?? {}) as { code?: unknown; severity?: unknown }
    this.sqlState = typeof fields.code === 'string' && fields.severity !== undefined ? fields.code : undefined
  }
}

/** The driver's words for a connection failure; Node's AggregateError (IPv6 then IPv4) has none of its own. */
function detail(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause)
  if (cause.message !== '') return cause.message
  const inner = cause instanceof AggregateError ? (cause.errors[0] as unknown) : undefined
  if (inner !== undefined) return detail(inner)
  const code = (cause as { code?: unknown }).code
  return typeof code === 'string' ? code : cause.name
}

/** No connection became free within the engine's `acquireTimeout`. */
export class PoolTimeoutError extends GinoError {
  readonly timeoutMs: number
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(
      'POOL_TIMEOUT',
      `No database connection became available within ${timeoutMs} ms (pool exhausted); ` +
        'raise the pool max, lower the work held per connection, or raise acquireTimeout.',
      options,
    )
    this.timeoutMs = timeoutMs
  }
}

/** The engine was closed; it accepts no more work. */
export class EngineClosedError extends GinoError {
  constructor() {
    super('ENGINE_CLOSED', 'The engine is closed.')
  }
}

/** A feature the selected driver cannot provide (e.g. statement timeouts on PGlite). */
export class UnsupportedError extends GinoError {
  constructor(message: string) {
    super('UNSUPPORTED', message)
  }
}

/**
 * An optional package that a feature needs is not installed: `pglite://` URLs need
 * `@electric-sql/pglite`. `packageName` names what to install.
 *
 * @example
 * ```ts
 * try {
 *   await createEngine('pglite://')
 * } catch (err) {
 *   if (err instanceof MissingDependencyError) console.error(`npm install ${err.packageName}`)
 * }
 * ```
 */
export class MissingDependencyError extends GinoError {
  /** The npm package to install, e.g. `@electric-sql/pglite`. */
  readonly packageName: string
  constructor(packageName: string, feature: string, options?: { cause?: unknown }) {
    super('MISSING_DEPENDENCY', `${feature} needs the package "${packageName}": install it with \`npm install ${packageName}\`.`, options)
    this.packageName = packageName
  }
}

/**
 * A statement failed. `message` is PostgreSQL's (or the driver's) message alone; the SQL
 * and its parameters are the `sql` and `parameters` properties, for logs, so the message
 * can be shown without leaking either. `sqlState` is the PostgreSQL SQLSTATE, e.g.
 * `23505` for a unique violation; `cause` is the driver's error.
 */
export class QueryError extends GinoError {
  readonly sql: string
  readonly parameters: readonly unknown[]
  /** PostgreSQL SQLSTATE of the failure, when the server reported one. */
  readonly sqlState: string | undefined
  /** Constraint named by the server (unique, foreign key, check), when there is one. */
  readonly constraint: string | undefined

  constructor(sql: string, parameters: readonly unknown[], cause: unknown, code = 'QUERY_FAILED') {
    const driverMessage = cause instanceof Error ? cause.message : String(cause)
    super(code, driverMessage, { cause })
    this.sql = sql
    this.parameters = parameters
    const fields = (cause ?? {}) as { code?: unknown; constraint?: unknown }
    this.sqlState = typeof fields.code === 'string' ? fields.code : undefined
    this.constraint = typeof fields.constraint === 'string' ? fields.constraint : undefined
  }
}

/** A statement was cancelled because it ran longer than its `timeout`. */
export class QueryTimeoutError extends QueryError {
  readonly timeoutMs: number
  constructor(sql: string, parameters: readonly unknown[], cause: unknown, timeoutMs: number) {
    super(sql, parameters, cause, 'QUERY_TIMEOUT')
    this.timeoutMs = timeoutMs
  }
}

/**
 * A prepared statement stopped matching the database inside a transaction: a schema
 * change altered its result (`cached plan must not change result type`, SQLSTATE
 * `0A000`), or it was dropped on the server (`26000`). Outside a transaction gino-ts
 * prepares the statement again and retries once, unseen; inside one the transaction is
 * already aborted, so it surfaces here. The statement is forgotten: run the transaction
 * again and it is prepared afresh.
 *
 * @example
 * ```ts
 * try {
 *   await db.transaction(work)
 * } catch (err) {
 *   if (err instanceof PreparedStatementError) await db.transaction(work) // once more
 * }
 * ```
 */
export class PreparedStatementError extends QueryError {
  constructor(sql: string, parameters: readonly unknown[], cause: unknown) {
    super(sql, parameters, cause, 'PREPARED_STATEMENT_INVALID')
    this.message =
      'A prepared statement no longer matches the database (the schema changed or the statement was dropped) ' +
      'inside a transaction, which is now aborted; run the transaction again.'
  }
}

/**
 * The rejected promise for what a call threw before it had a promise of its own: for
 * methods that report every failure through their promise. An `Error` is kept as it is;
 * anything else is wrapped in one.
 */
export function rejectWith(thrown: unknown): Promise<never> {
  return Promise.reject(thrown instanceof Error ? thrown : new Error(String(thrown)))
}
