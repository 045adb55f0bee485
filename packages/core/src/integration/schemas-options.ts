import { schemaNameProblem } from '../connection/search-path.js'
import { type AllowList, allowListCheck } from './allow-list.js'
import { SchemaNotAllowedError } from './http-errors.js'
import {
  checkSelector,
  selectName,
  type RequestHeaders,
  type RequestSelector,
} from './request-selector.js'

/**
 * Per-request schemas (schema per tenant): a request names a schema, the name is checked
 * against `allow` before anything reaches the server, and the request's statements run
 * with `search_path` set to that schema (sent as a quoted identifier), so models without
 * an explicit schema read and write that tenant's tables. Shaped like `databases`; the
 * two combine (a schema of a per-request database).
 *
 * On a server the request's connection gets `SET search_path` when it is taken and
 * `RESET search_path` before it goes back to the pool; with the engine option
 * `pooler: true` (a transaction-mode pooler) it is `SET LOCAL` in each transaction
 * instead, and a statement outside a transaction runs in one of its own. A request with a
 * schema always gets a request connection, even with `useConnectionForRequest: false`.
 *
 * @example
 * ```ts
 * schemas: {
 *   allow: ['tenant_a', 'tenant_b'],   // or (name) => /^tenant_[a-z]+$/.test(name)
 *   select: { header: 'x-tenant' },    // or { query: 'tenant' }, or (request) => ...
 * }
 * ```
 */
export interface SchemasOptions<Req> {
  /** The schemas requests may use: a list, or a predicate. Required: there is no "allow all" default. */
  allow: AllowList
  /**
   * Where a request names its schema: a function of the request, `{ query: name }` or
   * `{ header: name }`; `undefined`, `null` or `''` = the default `search_path`.
   * Default: the `schema` query parameter.
   */
  select?: RequestSelector<Req>
}

/** `SchemasOptions` validated, with defaults. */
export interface SchemasSettings<Req> {
  readonly isAllowed: (name: string) => boolean
  readonly select: RequestSelector<Req>
}

/** Validates the `schemas` option. */
export function resolveSchemas<Req>(options: SchemasOptions<Req>): SchemasSettings<Req> {
  return {
    isAllowed: allowListCheck('schemas.allow', options.allow),
    select:
      options.select === undefined
        ? { query: 'schema' }
        : checkSelector<Req>('schemas.select', options.select),
  }
}

/**
 * The schema a request selects, checked: `undefined` for the default `search_path`, else
 * an allowed name; `SchemaNotAllowedError` (400) otherwise, before anything is sent.
 */
export function selectSchema<Req>(
  settings: SchemasSettings<Req>,
  request: Req,
  url: string | undefined,
  headers?: RequestHeaders,
): string | undefined {
  return selectName(
    settings.select,
    { request, url, headers },
    {
      kind: 'schema',
      isWellFormed: (name) => schemaNameProblem(name) === undefined,
      isAllowed: settings.isAllowed,
      refuse: (name, reason) => new SchemaNotAllowedError(name, reason),
    },
  )
}
