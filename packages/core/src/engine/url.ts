import { readFileSync } from 'node:fs'
import { InvalidDsnError } from '../errors.js'

/** A TLS setting passed to `pg` as is: `true`, or options such as `{ ca, rejectUnauthorized }`. */
export type SslOption =
  | boolean
  | {
      ca?: string | Buffer | Array<string | Buffer>
      cert?: string | Buffer
      key?: string | Buffer
      rejectUnauthorized?: boolean
      servername?: string
    }

/** A parsed `postgres://` URL. */
export interface ServerTarget {
  readonly driver: 'pg'
  readonly host: string | undefined
  readonly port: number | undefined
  readonly user: string | undefined
  readonly password: string | undefined
  readonly database: string | undefined
  readonly ssl: SslOption | undefined
  readonly applicationName: string | undefined
}

/** A parsed `pglite://` URL: in memory, or persisted in `dataDir`. */
export interface EmbeddedTarget {
  readonly driver: 'pglite'
  readonly dataDir: string | undefined
}

export type EngineTarget = ServerTarget | EmbeddedTarget

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
  'application_name',
] as const

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
}

function decode(part: string): string | undefined {
  if (part === '') return undefined
  try {
    return decodeURIComponent(part)
  } catch (cause) {
    throw new InvalidDsnError(`Malformed percent-encoding in database URL part "${part}".`, { cause })
  }
}

function readPem(path: string, param: string): Buffer {
  try {
    return readFileSync(path)
  } catch (cause) {
    throw new InvalidDsnError(`Cannot read ${param} file "${path}" named in the database URL.`, {
      cause,
    })
  }
}

/**
 * Parses an engine URL before any connection is tried.
 *
 * - `postgres://user:password@host:port/database?sslmode=require&application_name=app`
 *   (also `postgresql://`; a Unix socket folder goes in `?host=/var/run/postgresql`);
 * - `pglite://` or `pglite://memory` for an in-memory database;
 * - `pglite:///absolute/folder` for a database persisted in that folder.
 *
 * `sslmode` follows libpq: `disable` turns TLS off; `require` (and `prefer`, `allow`)
 * encrypts without verifying the certificate; `verify-ca` / `verify-full` verify it
 * against `sslrootcert` (or the system CAs).
 */
export function parseEngineUrl(url: string): EngineTarget {
  if (typeof url !== 'string' || url.trim() === '') {
    throw new InvalidDsnError('The database URL is empty; expected postgres://... or pglite://...')
  }
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url)
  if (!match) {
    throw new InvalidDsnError(
      `Malformed database URL "${redact(url)}": expected postgres://user@host/db or pglite://.`,
    )
  }
  const scheme = match[1]!.toLowerCase()
  if (scheme === 'pglite') return parseEmbedded(url, match[2]!)
  if (scheme === 'postgres' || scheme === 'postgresql') return parseServer(url)
  throw new InvalidDsnError(
    `Unknown database URL scheme "${scheme}:" in "${redact(url)}"; supported: postgres://, postgresql://, pglite://.`,
  )
}

function parseEmbedded(url: string, rest: string): EmbeddedTarget {
  if (rest === '' || rest === 'memory' || rest === 'memory/') return { driver: 'pglite', dataDir: undefined }
  if (!rest.startsWith('/') || rest.includes('?')) {
    throw new InvalidDsnError(
      `Malformed PGlite URL "${url}": use pglite:// (in memory) or pglite:///absolute/folder.`,
    )
  }
  return { driver: 'pglite', dataDir: decode(rest) }
}

// `postgres://user@/db` names no host (libpq then uses its default, or `?host=`); the
// WHATWG parser refuses an empty host after user info, so a stand-in host is parsed.
const USER_WITHOUT_HOST = /^([a-z]+:\/\/[^/?#@]*@)(?=[/?#]|$)/i
const NO_HOST = 'gino-no-host.invalid'

function parseServer(url: string): ServerTarget {
  let parsed: URL
  const withoutHost = USER_WITHOUT_HOST.test(url)
  try {
    parsed = new URL(withoutHost ? url.replace(USER_WITHOUT_HOST, `$1${NO_HOST}`) : url)
  } catch (cause) {
    throw new InvalidDsnError(`Malformed database URL "${redact(url)}".`, { cause })
  }
  const params = new Map<string, string>()
  for (const [key, value] of parsed.searchParams) {
    if (!(SERVER_PARAMS as readonly string[]).includes(key)) {
      throw new InvalidDsnError(
        `Unknown parameter "${key}" in database URL; valid: ${SERVER_PARAMS.join(', ')}.`,
      )
    }
    params.set(key, value)
  }
  const portText = params.get('port') ?? parsed.port
  let port: number | undefined
  if (portText !== '') {
    port = Number(portText)
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new InvalidDsnError(`Invalid port "${portText}" in database URL.`)
    }
  }
  const path = parsed.pathname.replace(/^\//, '')
  const sslmode = params.get('sslmode')
  let ssl: SslOption | undefined
  if (sslmode !== undefined) {
    if (!(SSL_MODES as readonly string[]).includes(sslmode)) {
      throw new InvalidDsnError(`Invalid sslmode "${sslmode}"; valid: ${SSL_MODES.join(', ')}.`)
    }
    if (sslmode === 'disable') ssl = false
    else {
      const verify = sslmode === 'verify-ca' || sslmode === 'verify-full'
      const rootCert = params.get('sslrootcert')
      const cert = params.get('sslcert')
      const key = params.get('sslkey')
      ssl = {
        rejectUnauthorized: verify,
        ...(rootCert ? { ca: readPem(rootCert, 'sslrootcert') } : {}),
        ...(cert ? { cert: readPem(cert, 'sslcert') } : {}),
        ...(key ? { key: readPem(key, 'sslkey') } : {}),
        // verify-ca checks the chain but not the host name, as libpq does.
        ...(sslmode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
      }
    }
  }
  return {
    driver: 'pg',
    // An IPv6 literal comes bracketed (`[::1]`); the driver wants the bare address.
    host: params.get('host') ?? (withoutHost ? undefined : decode(parsed.hostname.replace(/^\[(.*)\]$/, '$1'))),
    port,
    user: params.get('user') ?? decode(parsed.username),
    password: params.get('password') ?? decode(parsed.password),
    database: params.get('dbname') ?? decode(path),
    ssl,
    applicationName: params.get('application_name'),
  }
}
