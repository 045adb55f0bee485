import type { EngineOptions } from '../engine/options.js'
import { InvalidOptionError } from '../errors.js'
import { databaseUrl } from './database-url.js'
import { DatabaseNotAllowedError } from './http-errors.js'

/**
 * Per-request databases (GINO's "multiple databases on the fly", made safe): a request
 * names a database, the name is checked against `allow` before anything reaches the
 * server, and the request runs on that database's engine, created on first use and kept
 * in a bounded cache. `db.bind` (so every model call) resolves to it inside the request.
 *
 * @example
 * ```ts
 * databases: {
 *   allow: (name) => /^tenant_\d+$/.test(name),
 *   select: (request) => request.headers['x-tenant'],
 *   max: 20,
 * }
 * ```
 */
export interface DatabasesOptions<Req> {
  /** The names requests may use: a list, or a predicate. Required: there is no "allow all" default. */
  allow: readonly string[] | ((name: string) => boolean)
  /**
   * The database a request wants; `undefined`, `null` or `''` = the default engine.
   * Default: the `db` query parameter.
   */
  select?: (request: Req) => string | null | undefined
  /** The URL of a database; default: the base URL with its database replaced (`databaseUrl`). */
  url?: (name: string, baseUrl: string) => string
  /** Engines kept open at most (least recently used closed first). Default 10. */
  max?: number
  /** Engine options for these engines, over the integration's (e.g. smaller pools). */
  engineOptions?: EngineOptions
  /**
   * After a database fails to open, requests for it are answered 503 with `Retry-After`
   * for `initial` seconds (default 1), doubling with each failure in a row up to `max`
   * (default 30), before it is tried again: no connection storm on a missing database.
   */
  failureBackoff?: { initial?: number; max?: number }
}

/** `DatabasesOptions` validated, with defaults. */
export interface DatabasesSettings<Req> {
  readonly isAllowed: (name: string) => boolean
  readonly select: ((request: Req) => string | null | undefined) | undefined
  readonly url: (name: string, baseUrl: string) => string
  readonly max: number
  readonly engineOptions: EngineOptions
  /** Milliseconds. */
  readonly failureBackoff: { readonly initialMs: number; readonly maxMs: number }
}

/** Validates the `databases` option. */
export function resolveDatabases<Req>(options: DatabasesOptions<Req>): DatabasesSettings<Req> {
  const {
    allow,
    select,
    url = (name: string, base: string) => databaseUrl(base, name),
    max = 10,
    engineOptions = {},
    failureBackoff = {},
  } = options
  const { initial = 1, max: maxBackoff = 30 } = failureBackoff
  for (const [key, value] of [
    ['initial', initial],
    ['max', maxBackoff],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidOptionError(
        `databases.failureBackoff.${key}`,
        `Option "databases.failureBackoff.${key}" must be a number of seconds >= 0, got ${String(value)}.`,
      )
    }
  }
  let isAllowed: (name: string) => boolean
  if (typeof allow === 'function') isAllowed = allow
  else if (Array.isArray(allow)) {
    const names = new Set<string>(allow)
    isAllowed = (name) => names.has(name)
  } else {
    throw new InvalidOptionError(
      'databases.allow',
      'Option "databases.allow" must be an array of names or a predicate.',
    )
  }
  if (!Number.isInteger(max) || max < 1) {
    throw new InvalidOptionError(
      'databases.max',
      `Option "databases.max" must be an integer >= 1, got ${String(max)}.`,
    )
  }
  if (select !== undefined && typeof select !== 'function') {
    throw new InvalidOptionError(
      'databases.select',
      'Option "databases.select" must be a function.',
    )
  }
  if (typeof url !== 'function') {
    throw new InvalidOptionError('databases.url', 'Option "databases.url" must be a function.')
  }
  return {
    isAllowed,
    select,
    url,
    max,
    engineOptions,
    failureBackoff: { initialMs: initial * 1000, maxMs: maxBackoff * 1000 },
  }
}

/** PostgreSQL names are at most 63 bytes; path-like names never make it to a URL or folder. */
function isWellFormed(name: string): boolean {
  return (
    Buffer.byteLength(name) <= 63 &&
    name !== '.' &&
    name !== '..' &&
    !/[\u0000-\u001f/\\]/.test(name)
  )
}

function queryParameter(url: string | undefined, name: string): string | null {
  if (url === undefined) return null
  const query = url.indexOf('?')
  return query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get(name)
}

/**
 * The database a request selects, checked: `undefined` for the default engine, else an
 * allowed name; `DatabaseNotAllowedError` (400) otherwise.
 */
export function selectDatabase<Req>(
  settings: DatabasesSettings<Req>,
  request: Req,
  url: string | undefined,
): string | undefined {
  const chosen: unknown = settings.select ? settings.select(request) : queryParameter(url, 'db')
  if (chosen === undefined || chosen === null || chosen === '') return undefined
  if (typeof chosen !== 'string')
    throw new DatabaseNotAllowedError(typeof chosen, 'is not a database name')
  if (!isWellFormed(chosen))
    throw new DatabaseNotAllowedError(chosen, 'is not a valid database name')
  if (!settings.isAllowed(chosen)) throw new DatabaseNotAllowedError(chosen)
  return chosen
}
