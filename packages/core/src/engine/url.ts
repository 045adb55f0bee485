import { parse as parseConnectionString, type ConnectionOptions } from 'pg-connection-string'
import { InvalidDsnError, InvalidOptionError } from '../errors.js'
import { type SslFiles, type SslMode, type SslOption, SSL_MODES, isSslMode, sslFromMode } from './ssl-mode.js'

export type { SslOption } from './ssl-mode.js'

/** A parsed `postgres://` (or `socket:`) URL, in the driver's terms. */
export interface ServerTarget {
  readonly driver: 'pg'
  /** Host name, IP address, or the folder of a Unix socket (`/var/run/postgresql`). */
  readonly host: string | undefined
  readonly port: number | undefined
  readonly user: string | undefined
  readonly password: string | undefined
  readonly database: string | undefined
  readonly ssl: SslOption | undefined
  /** The URL's `sslmode` word, when it has one. */
  readonly sslMode: SslMode | undefined
  readonly applicationName: string | undefined
  /** libpq's `options`: command-line options for the server, e.g. `-c search_path=app`. */
  readonly options: string | undefined
  /** `connect_timeout` in milliseconds (the URL gives seconds). */
  readonly connectTimeoutMs: number | undefined
  /**
   * `channel_binding`: `disable` turns SCRAM channel binding off; `prefer` and `require`
   * use it whenever the server offers SCRAM-SHA-256-PLUS over TLS. Unlike libpq,
   * node-postgres does not refuse a server that asks for no password at all.
   */
  readonly channelBinding: 'disable' | 'prefer' | 'require' | undefined
  readonly clientEncoding: string | undefined
}

/** A parsed `pglite://` URL: in memory, or persisted in `dataDir`. */
export interface EmbeddedTarget {
  readonly driver: 'pglite'
  readonly dataDir: string | undefined
}

export type EngineTarget = ServerTarget | EmbeddedTarget

/** Query parameters of a server URL that gino-ts understands (libpq's names). */
const SERVER_PARAMS = [
  'host',
  'port',
  'user',
  'password',
  'dbname',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'ssl',
  'application_name',
  'fallback_application_name',
  'options',
  'connect_timeout',
  'channel_binding',
  'client_encoding',
  // node-postgres' own switch for libpq semantics, which gino-ts always applies.
  'uselibpqcompat',
] as const

/** Extra parameters of `socket:/folder?db=name&encoding=utf8` URLs. */
const SOCKET_PARAMS = ['db', 'encoding'] as const

const CHANNEL_BINDING = ['disable', 'prefer', 'require'] as const

/** The URL with any password masked, fit for messages and logs. */
export function redactUrl(url: string): string {
  return url
    .replace(/\/\/([^:@/?#]*):[^@/?#]*@/, '//$1:***@')
    .replace(/([?&]password=)[^&#]*/gi, '$1***')
}

/**
 * Parses an engine URL before any connection is tried. Server URLs are read as libpq
 * reads them (by `pg-connection-string`):
 *
 * - `postgres://user:password@host:port/database?sslmode=require&application_name=app`
 *   (also `postgresql://`); a Unix socket folder goes in `?host=/var/run/postgresql`,
 *   as an encoded host (`postgres://%2Fvar%2Frun%2Fpostgresql/db`), or in
 *   `socket:/var/run/postgresql?db=database`;
 * - `options=-c search_path=app`, `connect_timeout=10` (seconds), `channel_binding=require`,
 *   `client_encoding`, `application_name` / `fallback_application_name`;
 * - `ssl=true` (TLS verified against the system CAs), `sslmode=` any word of
 *   {@link sslFromMode}, with `sslrootcert`, `sslcert`, `sslkey` files;
 * - `pglite://` or `pglite://memory` for an in-memory database;
 * - `pglite:///absolute/folder` for a database persisted in that folder.
 *
 * @example
 * ```ts
 * parseEngineUrl('postgres://app:secret@db.example.com/app?sslmode=verify-full&sslrootcert=/etc/ca.pem')
 * parseEngineUrl('socket:/var/run/postgresql?db=app')
 * ```
 * @throws InvalidDsnError with the URL's password masked.
 */
export function parseEngineUrl(url: string): EngineTarget {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new InvalidDsnError('The database URL is empty; expected postgres://... or pglite://...')
  }
  const match = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(url)
  const scheme = match?.[1]!.toLowerCase()
  if (match === null || (scheme !== 'socket' && !match[2]!.startsWith('//'))) {
    throw new InvalidDsnError(
      `Malformed database URL "${redactUrl(url)}": expected postgres://user@host/db, socket:/folder?db=name or pglite://.`,
    )
  }
  if (scheme === 'pglite') return parseEmbedded(url, match[2]!.slice(2))
  if (scheme === 'postgres' || scheme === 'postgresql' || scheme === 'socket') return parseServer(url, scheme)
  throw new InvalidDsnError(
    `Unknown database URL scheme "${scheme}:" in "${redactUrl(url)}"; supported: postgres://, postgresql://, socket:, pglite://.`,
  )
}

function parseEmbedded(url: string, rest: string): EmbeddedTarget {
  if (rest === '' || rest === 'memory' || rest === 'memory/') return { driver: 'pglite', dataDir: undefined }
  if (!rest.startsWith('/') || rest.includes('?')) {
    throw new InvalidDsnError(
      `Malformed PGlite URL "${url}": use pglite:// (in memory) or pglite:///absolute/folder.`,
    )
  }
  try {
    return { driver: 'pglite', dataDir: decodeURIComponent(rest) }
  } catch (cause) {
    throw new InvalidDsnError(`Malformed percent-encoding in PGlite URL "${url}".`, { cause })
  }
}

function queryKeys(url: string): string[] {
  const query = /\?([^#]*)/.exec(url)?.[1]
  if (!query) return []
  return [...new URLSearchParams(query).keys()]
}

function reason(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause)
  const code = (cause as { code?: unknown }).code
  // A missing certificate file: say which file, which is no secret.
  if (code === 'ENOENT' || code === 'EACCES') return cause.message
  if (cause instanceof URIError) return 'malformed percent-encoding'
  return cause.message.includes('SECURITY WARNING')
    ? 'sslmode=verify-ca needs sslrootcert=<CA file> (libpq would read ~/.postgresql/root.crt)'
    : 'not a valid URL'
}

function parseServer(url: string, scheme: string): ServerTarget {
  const allowed: readonly string[] = scheme === 'socket' ? [...SERVER_PARAMS, ...SOCKET_PARAMS] : SERVER_PARAMS
  for (const key of queryKeys(url)) {
    if (!allowed.includes(key)) {
      throw new InvalidDsnError(`Unknown parameter "${key}" in database URL; valid: ${allowed.join(', ')}.`)
    }
  }
  let config: ConnectionOptions
  try {
    // libpq semantics for sslmode; an explicit `uselibpqcompat` in the URL may not be
    // combined with the option, and is then read from the URL.
    const explicit = queryKeys(url).includes('uselibpqcompat')
    config = parseConnectionString(url, { useLibpqCompat: !explicit })
  } catch (cause) {
    throw new InvalidDsnError(`Malformed database URL "${redactUrl(url)}": ${reason(cause)}.`, { cause })
  }
  const text = (key: string): string | undefined => {
    const value = config[key]
    return typeof value === 'string' && value !== '' ? value : undefined
  }
  return {
    driver: 'pg',
    host: text('host'),
    port: readPort(text('port')),
    user: text('user'),
    password: text('password'),
    database: text('dbname') ?? text('database'),
    ssl: readSsl(config, text('sslmode')),
    sslMode: text('sslmode') as SslMode | undefined,
    applicationName: text('application_name') ?? text('fallback_application_name'),
    options: text('options'),
    connectTimeoutMs: readConnectTimeout(text('connect_timeout')),
    channelBinding: readChannelBinding(text('channel_binding')),
    clientEncoding: text('client_encoding'),
  }
}

function readPort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const port = Number(text)
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new InvalidDsnError(`Invalid port "${text}" in database URL.`)
  }
  return port
}

function readConnectTimeout(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const seconds = Number(text)
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new InvalidDsnError(`Invalid connect_timeout "${text}" in database URL: expected whole seconds.`)
  }
  // As libpq: 0 waits forever, and less than 2 seconds counts as 2.
  return seconds === 0 ? undefined : Math.max(seconds, 2) * 1000
}

function readChannelBinding(text: string | undefined): ServerTarget['channelBinding'] {
  if (text === undefined) return undefined
  if (!(CHANNEL_BINDING as readonly string[]).includes(text)) {
    throw new InvalidDsnError(`Invalid channel_binding "${text}"; valid: ${CHANNEL_BINDING.join(', ')}.`)
  }
  return text as ServerTarget['channelBinding']
}

function readSsl(config: ConnectionOptions, sslmode: string | undefined): SslOption | undefined {
  const read = typeof config.ssl === 'object' ? config.ssl : {}
  const files: SslFiles = { ca: read.ca ?? undefined, cert: read.cert ?? undefined, key: read.key ?? undefined }
  if (sslmode !== undefined) {
    if (!isSslMode(sslmode)) {
      throw new InvalidDsnError(`Invalid sslmode "${sslmode}"; valid: ${SSL_MODES.join(', ')}.`)
    }
    try {
      return sslFromMode(sslmode, files)
    } catch (cause) {
      if (cause instanceof InvalidOptionError) throw new InvalidDsnError(cause.message, { cause })
      throw cause
    }
  }
  if (config.ssl === true || config.ssl === false) return config.ssl
  if (config.ssl === 'false') return false
  if (typeof config.ssl === 'string') {
    throw new InvalidDsnError(`Invalid ssl "${config.ssl}" in database URL; valid: true, false, 1, 0.`)
  }
  // Certificate files without sslmode: libpq's default (prefer) with the files at hand.
  if (typeof config.ssl === 'object') return sslFromMode(files.ca === undefined ? 'prefer' : 'require', files)
  return undefined
}
