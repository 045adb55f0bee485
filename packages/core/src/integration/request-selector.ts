import { InvalidOptionError } from '../errors.js'

/** Request headers as Node gives them (`IncomingMessage.headers`): lower-case names. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>

/**
 * Where a request names its per-request database or schema: a query parameter, a header,
 * or a function of the framework's request. `undefined`, `null` or `''` means "none".
 *
 * @example
 * ```ts
 * { query: 'tenant' }                        // ?tenant=acme
 * { header: 'x-tenant' }                     // X-Tenant: acme
 * (request) => request.user?.tenant          // anything the app knows
 * ```
 */
export type RequestSelector<Req> =
  | ((request: Req) => string | null | undefined)
  | { readonly query: string }
  | { readonly header: string }

/** What a selector reads a request from. */
export interface SelectorInput<Req> {
  readonly request: Req
  /** The raw URL (path and query). */
  readonly url: string | undefined
  readonly headers: RequestHeaders | undefined
}

/** Checks a selector option (`databases.select`, `schemas.select`). */
export function checkSelector<Req>(option: string, selector: unknown): RequestSelector<Req> {
  if (typeof selector === 'function') return selector as RequestSelector<Req>
  if (typeof selector === 'object' && selector !== null) {
    const { query, header } = selector as { query?: unknown; header?: unknown }
    const byQuery = typeof query === 'string' && query !== ''
    const byHeader = typeof header === 'string' && header !== ''
    if (byQuery && header === undefined) return { query }
    if (byHeader && query === undefined) return { header: header.toLowerCase() }
  }
  throw new InvalidOptionError(
    option,
    `Option "${option}" must be a function, { query: name } or { header: name }.`,
  )
}

function queryParameter(url: string | undefined, name: string): string | null {
  if (url === undefined) return null
  const query = url.indexOf('?')
  return query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get(name)
}

/** The value a request gives for a selector (unchecked: the caller validates it). */
export function readSelection<Req>(
  selector: RequestSelector<Req>,
  input: SelectorInput<Req>,
): unknown {
  if (typeof selector === 'function') return selector(input.request)
  if ('query' in selector) return queryParameter(input.url, selector.query)
  const value = input.headers?.[selector.header]
  // A header sent twice names two things: refused as not a name.
  return Array.isArray(value) ? (value.length === 1 ? value[0] : value) : value
}

/** How `selectName` checks a selected name, and the typed error it refuses one with. */
export interface NameRules {
  /** What the name is, for the refusal: "database", "schema". */
  readonly kind: string
  readonly isWellFormed: (name: string) => boolean
  readonly isAllowed: (name: string) => boolean
  readonly refuse: (name: string, reason?: string) => Error
}

/**
 * The name a request selects, checked before anything reaches the server: `undefined`
 * when it names none, else a well-formed, allowed name; `rules.refuse(...)` otherwise.
 */
export function selectName<Req>(
  selector: RequestSelector<Req>,
  input: SelectorInput<Req>,
  rules: NameRules,
): string | undefined {
  const chosen = readSelection(selector, input)
  if (chosen === undefined || chosen === null || chosen === '') return undefined
  if (typeof chosen !== 'string') throw rules.refuse(typeof chosen, `is not a ${rules.kind} name`)
  if (!rules.isWellFormed(chosen)) throw rules.refuse(chosen, `is not a valid ${rules.kind} name`)
  if (!rules.isAllowed(chosen)) throw rules.refuse(chosen)
  return chosen
}
