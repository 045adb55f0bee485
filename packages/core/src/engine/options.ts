import { InvalidOptionError } from '../errors.js'
import type { SslOption } from './url.js'

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
  /** Server-side `statement_timeout` in milliseconds for every statement (pg only). */
  statementTimeout?: number
  /** TLS for pg, passed as is: `true` or `{ ca, cert, key, rejectUnauthorized }`. Wins over `sslmode` in the URL. */
  ssl?: SslOption
  /** `application_name` reported to the server (pg only). */
  applicationName?: string
  /** Log every statement with parameters and duration: `true` uses `logger`; a function gets each entry. */
  echo?: boolean | ((entry: EchoEntry) => void)
  /** Receives echo lines and warnings. Default: the console. */
  logger?: Logger
  /** Extra options handed to the driver as is (`pg.Pool` config or `PGlite` options). */
  driverOptions?: Record<string, unknown>
}

/** Options after validation and defaults. */
export interface ResolvedEngineOptions {
  readonly min: number
  readonly max: number
  readonly acquireTimeout: number
  readonly idleTimeout: number
  readonly statementTimeout: number | undefined
  readonly ssl: SslOption | undefined
  readonly applicationName: string | undefined
  readonly echo: ((entry: EchoEntry) => void) | undefined
  readonly logger: Logger
  readonly driverOptions: Readonly<Record<string, unknown>>
}

/** The option names `createEngine` accepts. */
export const ENGINE_OPTION_NAMES = [
  'min',
  'max',
  'acquireTimeout',
  'idleTimeout',
  'statementTimeout',
  'ssl',
  'applicationName',
  'echo',
  'logger',
  'driverOptions',
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
  if (typeof driverOptions !== 'object' || driverOptions === null) {
    throw new InvalidOptionError('driverOptions', 'Option "driverOptions" must be an object.')
  }
  return {
    min,
    max,
    acquireTimeout: count(given, 'acquireTimeout', 30_000, 1),
    idleTimeout: count(given, 'idleTimeout', 10_000, 1),
    statementTimeout,
    ssl,
    applicationName,
    echo: echo === true ? (entry) => logger.info(formatEcho(entry)) : echo || undefined,
    logger,
    driverOptions,
  }
}
