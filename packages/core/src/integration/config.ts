import type { EngineOptions } from '../engine/options.js'
import { parseEngineUrl, type SslOption } from '../engine/url.js'
import { isSslMode, SSL_MODES, sslFromMode } from '../engine/ssl-mode.js'
import { GinoError, InvalidOptionError } from '../errors.js'
import { DatabaseNotConfiguredError } from './database-not-configured-error.js'
import {
  type ConfigValue,
  readBoolean,
  readInteger,
  readList,
  readObject,
  readSeconds,
  readString,
} from './config-values.js'

/**
 * Database settings of the framework integrations. Each one falls back to a `DB_`
 * environment variable (named in brackets), then to its default.
 *
 * With no URL at all, the embedded in-memory PGlite is used only when asked for
 * (`embedded: true`, `DB_EMBEDDED=true`), or outside `NODE_ENV=production` with a
 * warning; in production startup fails with a `DatabaseNotConfiguredError`.
 */
export interface GinoConfigOptions {
  /**
   * Database URL [`DB_DSN`, then `DATABASE_URL`]: `postgres://...` or `pglite://`. Wins
   * over the parts below.
   */
  dsn?: string
  /**
   * Without a URL, use the embedded in-memory PGlite database (its data is lost at exit)
   * [`DB_EMBEDDED`]. Default: only outside `NODE_ENV=production`, with a warning;
   * `false` never falls back.
   */
  embedded?: boolean
  /** Server host [`DB_HOST`], default `localhost`; a path starting with `/` is a Unix socket folder. */
  host?: string
  /** Server port [`DB_PORT`]. */
  port?: number
  /** User name [`DB_USER`]. */
  user?: string
  /** Password [`DB_PASSWORD`]. */
  password?: string
  /** Database name [`DB_DATABASE`]. */
  database?: string
  /** Log every statement at debug level through the framework's logger [`DB_ECHO`], default false. */
  echo?: boolean
  /** Connections opened at startup and kept [`DB_POOL_MIN_SIZE`], default 5 (at most the max). */
  poolMinSize?: number
  /** Most connections open at once [`DB_POOL_MAX_SIZE`], default 10. */
  poolMaxSize?: number
  /**
   * TLS [`DB_SSL`]: `true` verifies the server certificate, `false` disables TLS, or pg's
   * TLS options. The variable takes `true`/`false` or a libpq sslmode: `disable`, `allow`,
   * `prefer`, `require`, `no-verify` (encrypt without verifying), `verify-ca` (verify the
   * chain, not the host name), `verify-full` (verify both).
   */
  ssl?: SslOption
  /** Give each request a lazy connection for all its queries [`DB_USE_CONNECTION_FOR_REQUEST`], default true. */
  useConnectionForRequest?: boolean
  /** Connection attempts at startup before giving up [`DB_RETRY_LIMIT`], default 1 (no retry). */
  retryLimit?: number
  /** Seconds before the second startup attempt [`DB_RETRY_INTERVAL`], default 1; later waits double. */
  retryInterval?: number
  /** Longest wait between startup attempts, in seconds [`DB_RETRY_MAX_INTERVAL`], default 30: each wait doubles up to it. */
  retryMaxInterval?: number
  /**
   * Prepare statements automatically [`DB_PREPARE`]; see the engine option `prepare`.
   * Default: on, except with the engine option `pooler: true`. `DB_PREPARE=false` for a
   * pooler that cannot keep prepared statements.
   */
  prepare?: boolean
  /**
   * Statements outside transactions that may wait on one busy connection when every
   * connection is out [`DB_PIPELINE_DEPTH`]; see the engine option `pipelineDepth`.
   * Default 4 (1 with `pooler: true`); 1 turns sharing off.
   */
  pipelineDepth?: number
  /**
   * Log statements taking at least this many milliseconds at warn level, with their SQL
   * and duration but no parameter values [`DB_SLOW_QUERY_MS`]; see the engine option
   * `slowQueryMs`. Default: off.
   */
  slowQueryMs?: number
  /**
   * URLs of streaming replicas that take the reads [`DB_REPLICA_DSNS`, comma-separated];
   * see the engine option `replicas` (a request's reads go to the primary once it wrote).
   * Default: none.
   */
  replicaDsns?: readonly string[]
  /** Extra driver options (`pg.Pool` config or `PGlite` options) [`DB_KWARGS`, as JSON]. */
  driverOptions?: Record<string, unknown>
  /** Other engine options (`acquireTimeout`, `applicationName`, `statementTimeout`...). */
  engineOptions?: Omit<EngineOptions, 'min' | 'max' | 'ssl' | 'echo' | 'driverOptions' | 'logger'>
}

/** Environment variables as `process.env` holds them. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>

/** Settings after the options, the environment and the defaults are merged and validated. */
export interface GinoConfig {
  /** The database URL engines are created from (`pglite://` when none is configured). */
  readonly dsn: string
  /** True when no URL was configured and the embedded in-memory PGlite is used. */
  readonly fallback: boolean
  /**
   * With `fallback`: true when it was not asked for (`embedded` unset, outside
   * production), so the integration warns at startup.
   */
  readonly warnFallback: boolean
  readonly echo: boolean
  readonly poolMinSize: number
  readonly poolMaxSize: number
  readonly ssl: SslOption | undefined
  readonly useConnectionForRequest: boolean
  readonly retryLimit: number
  /** Seconds. */
  readonly retryInterval: number
  /** Seconds. */
  readonly retryMaxInterval: number
  readonly driverOptions: Readonly<Record<string, unknown>> | undefined
  /** What `createEngine` gets (pool sizes are left out on PGlite, whose pool is one connection). */
  readonly engineOptions: EngineOptions
}

const ENV_NAMES = {
  dsn: 'DB_DSN',
  embedded: 'DB_EMBEDDED',
  host: 'DB_HOST',
  port: 'DB_PORT',
  user: 'DB_USER',
  password: 'DB_PASSWORD',
  database: 'DB_DATABASE',
  echo: 'DB_ECHO',
  poolMinSize: 'DB_POOL_MIN_SIZE',
  poolMaxSize: 'DB_POOL_MAX_SIZE',
  ssl: 'DB_SSL',
  useConnectionForRequest: 'DB_USE_CONNECTION_FOR_REQUEST',
  retryLimit: 'DB_RETRY_LIMIT',
  retryInterval: 'DB_RETRY_INTERVAL',
  retryMaxInterval: 'DB_RETRY_MAX_INTERVAL',
  driverOptions: 'DB_KWARGS',
  prepare: 'DB_PREPARE',
  pipelineDepth: 'DB_PIPELINE_DEPTH',
  slowQueryMs: 'DB_SLOW_QUERY_MS',
  replicaDsns: 'DB_REPLICA_DSNS',
} as const satisfies Partial<Record<keyof GinoConfigOptions, string>>

type Key = keyof typeof ENV_NAMES
const URL_PARTS = ['host', 'port', 'user', 'password', 'database'] as const

/** The value from the options, else from the environment (an empty variable counts as unset). */
function lookup(options: GinoConfigOptions, env: ConfigEnv, key: Key): ConfigValue | undefined {
  if (options[key] !== undefined) return { key, value: options[key] }
  const text = env[ENV_NAMES[key]]
  return text === undefined || text === '' ? undefined : { key: ENV_NAMES[key], value: text }
}

/** `DB_SSL`: true/false, or an sslmode read exactly as in a URL (`sslFromMode`). */
function readSsl(value: ConfigValue): SslOption {
  if (typeof value.value === 'object' && value.value !== null) return value.value
  if (typeof value.value === 'string') {
    const mode = value.value.trim().toLowerCase()
    if (isSslMode(mode)) return sslFromMode(mode)
    try {
      return readBoolean(value)
    } catch {
      throw new InvalidOptionError(
        value.key,
        `Invalid ${value.key}: expected true, false or an sslmode (${SSL_MODES.join(', ')}), got ${JSON.stringify(value.value)}.`,
      )
    }
  }
  return readBoolean(value)
}

function buildUrl(options: GinoConfigOptions, env: ConfigEnv, fromOptions: boolean): string {
  const part = (key: (typeof URL_PARTS)[number]): ConfigValue | undefined =>
    fromOptions ? lookup(options, env, key) : lookup({}, env, key)
  const host = part('host')
  const port = part('port')
  const user = part('user')
  const password = part('password')
  const database = part('database')
  const hostName = host ? readString(host) : 'localhost'
  const socket = hostName.startsWith('/')
  const hostPart = socket ? 'localhost' : hostName.includes(':') ? `[${hostName}]` : hostName
  const portPart = port ? `:${readInteger(port, 1, 65535)}` : ''
  const credentials = user
    ? encodeURIComponent(readString(user)) +
      (password ? `:${encodeURIComponent(readString(password))}` : '') +
      '@'
    : ''
  const path = database ? encodeURIComponent(readString(database)) : ''
  const query = socket ? `?host=${encodeURIComponent(hostName)}` : ''
  return `postgres://${credentials}${hostPart}${portPart}/${path}${query}`
}

/** `DATABASE_URL`, as most hosting platforms set it (read after `DB_DSN`). */
function databaseUrlVariable(env: ConfigEnv): ConfigValue | undefined {
  const text = env.DATABASE_URL
  return text === undefined || text === '' ? undefined : { key: 'DATABASE_URL', value: text }
}

/**
 * The environment variables that name a PostgreSQL server for the integrations, in the
 * order they are read (a URL first, then its parts).
 */
export const DATABASE_ENV_VARIABLES = [
  'DB_DSN',
  'DATABASE_URL',
  'DB_HOST',
  'DB_PORT',
  'DB_USER',
  'DB_PASSWORD',
  'DB_DATABASE',
] as const

/** What `resolveUrl` reads, in order: named by `DatabaseNotConfiguredError`. */
const LOOKED_AT = ['dsn', ...DATABASE_ENV_VARIABLES] as const

/**
 * Without any URL: the embedded database when asked for, or outside production (with a
 * warning); a `DatabaseNotConfiguredError` otherwise.
 */
function decideFallback(options: GinoConfigOptions, env: ConfigEnv): { warn: boolean } {
  const asked = lookup(options, env, 'embedded')
  const embedded = asked ? readBoolean(asked) : undefined
  if (embedded === true) return { warn: false }
  if (embedded === false) throw new DatabaseNotConfiguredError(LOOKED_AT, `${asked!.key} is false`)
  if (env.NODE_ENV === 'production')
    throw new DatabaseNotConfiguredError(LOOKED_AT, 'NODE_ENV is production')
  return { warn: true }
}

function resolveUrl(
  options: GinoConfigOptions,
  env: ConfigEnv,
): { url: string; key: string; fallback: boolean } {
  if (options.dsn !== undefined)
    return { url: readString({ key: 'dsn', value: options.dsn }), key: 'dsn', fallback: false }
  if (URL_PARTS.some((key) => options[key] !== undefined))
    return { url: buildUrl(options, env, true), key: 'host', fallback: false }
  const dsn = lookup({}, env, 'dsn') ?? databaseUrlVariable(env)
  if (dsn) return { url: readString(dsn), key: dsn.key, fallback: false }
  if (URL_PARTS.some((key) => lookup({}, env, key)))
    return { url: buildUrl(options, env, false), key: 'DB_HOST', fallback: false }
  return { url: 'pglite://', key: 'dsn', fallback: true }
}

/**
 * Merges integration options with `DB_*` environment variables and defaults, and
 * validates them; an invalid value is an `InvalidOptionError` naming the option or the
 * variable. Nothing connects here.
 *
 * @example
 * ```ts
 * const config = resolveGinoConfig({ poolMaxSize: 20 }, { DB_DSN: 'postgres://localhost/app', DB_ECHO: 'true' })
 * config.engineOptions // { min: 5, max: 20, echo: ..., ... }
 * ```
 */
export function resolveGinoConfig(
  options: GinoConfigOptions = {},
  env: ConfigEnv = process.env,
): GinoConfig {
  const { url, key: urlKey, fallback } = resolveUrl(options, env)
  const warnFallback = fallback ? decideFallback(options, env).warn : false
  let embedded: boolean
  try {
    embedded = parseEngineUrl(url).driver === 'pglite'
  } catch (error) {
    const reason = error instanceof GinoError ? error.message : String(error)
    throw new InvalidOptionError(urlKey, `Invalid ${urlKey}: ${reason}`)
  }
  const get = (key: Key): ConfigValue | undefined => lookup(options, env, key)
  const maxValue = get('poolMaxSize')
  const minValue = get('poolMinSize')
  const poolMaxSize = maxValue ? readInteger(maxValue, 1) : 10
  // The default minimum (5) yields to a smaller configured maximum; an explicit one does not.
  const poolMinSize = minValue ? readInteger(minValue, 0) : Math.min(5, poolMaxSize)
  if (minValue && poolMinSize > poolMaxSize) {
    throw new InvalidOptionError(
      minValue.key,
      `Invalid ${minValue.key}: ${poolMinSize} exceeds the pool maximum (${poolMaxSize}).`,
    )
  }
  const sslValue = get('ssl')
  const ssl = sslValue ? readSsl(sslValue) : undefined
  const kwargs = get('driverOptions')
  const driverOptions = kwargs ? readObject(kwargs) : undefined
  const flag = (key: Key, fallbackValue: boolean): boolean => {
    const value = get(key)
    return value ? readBoolean(value) : fallbackValue
  }
  const retryLimitValue = get('retryLimit')
  const retryIntervalValue = get('retryInterval')
  const retryMaxIntervalValue = get('retryMaxInterval')
  const retryInterval = retryIntervalValue ? readSeconds(retryIntervalValue) : 1
  const prepareValue = get('prepare')
  const depthValue = get('pipelineDepth')
  const slowValue = get('slowQueryMs')
  const replicasValue = get('replicaDsns')
  const replicas = replicasValue ? readList(replicasValue) : []
  const engineOptions: EngineOptions = {
    ...options.engineOptions,
    ...(prepareValue ? { prepare: readBoolean(prepareValue) } : {}),
    ...(depthValue ? { pipelineDepth: readInteger(depthValue, 1) } : {}),
    ...(slowValue ? { slowQueryMs: readInteger(slowValue, 0) } : {}),
    ...(replicas.length > 0 ? { replicas } : {}),
    ...(embedded ? {} : { min: poolMinSize, max: poolMaxSize }),
    ...(ssl === undefined ? {} : { ssl }),
    ...(driverOptions === undefined ? {} : { driverOptions }),
  }
  return {
    dsn: url,
    fallback,
    warnFallback,
    echo: flag('echo', false),
    poolMinSize,
    poolMaxSize,
    ssl,
    useConnectionForRequest: flag('useConnectionForRequest', true),
    retryLimit: retryLimitValue ? readInteger(retryLimitValue, 1) : 1,
    retryInterval,
    retryMaxInterval: retryMaxIntervalValue
      ? Math.max(readSeconds(retryMaxIntervalValue), retryInterval)
      : Math.max(30, retryInterval),
    driverOptions,
    engineOptions,
  }
}
