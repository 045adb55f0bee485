import type { EngineOptions } from '../engine/options.js'
import { InvalidOptionError } from '../errors.js'
import { type AllowList, allowListCheck } from './allow-list.js'
import { databaseUrl } from './database-url.js'
import { DatabaseNotAllowedError } from './http-errors.js'
import {
  checkSelector,
  selectName,
  type RequestHeaders,
  type RequestSelector,
} from './request-selector.js'

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
  allow: AllowList
  /**
   * Where a request names its database: a function of the request, `{ query: name }` or
   * `{ header: name }`; `undefined`, `null` or `''` = the default engine. Default: the
   * `db` query parameter.
   */
  select?: RequestSelector<Req>
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
  readonly select: RequestSelector<Req>
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
  const isAllowed = allowListCheck('databases.allow', allow)
  if (!Number.isInteger(max) || max < 1) {
    throw new InvalidOptionError(
      'databases.max',
      `Option "databases.max" must be an integer >= 1, got ${String(max)}.`,
    )
  }
  if (typeof url !== 'function') {
    throw new InvalidOptionError('databases.url', 'Option "databases.url" must be a function.')
  }
  return {
    isAllowed,
    select: select === undefined ? { query: 'db' } : checkSelector<Req>('databases.select', select),
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

/**
 * The database a request selects, checked: `undefined` for the default engine, else an
 * allowed name; `DatabaseNotAllowedError` (400) otherwise.
 */
export function selectDatabase<Req>(
  settings: DatabasesSettings<Req>,
  request: Req,
  url: string | undefined,
  headers?: RequestHeaders,
): string | undefined {
  return selectName(
    settings.select,
    { request, url, headers },
    {
      kind: 'database',
      isWellFormed,
      isAllowed: settings.isAllowed,
      refuse: (name, reason) => new DatabaseNotAllowedError(name, reason),
    },
  )
}
