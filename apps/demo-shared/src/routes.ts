/**
 * The routes of the demo API, listed once so that the three apps answer a request no route
 * takes the same way: 405 with `Allow` for a known path, 404 for an unknown one.
 */
import { routeNotFound, type ErrorBody } from './error-response.js'

/** A route path (`:name` is one path segment) and the methods it answers. */
export interface RouteSpec {
  readonly path: string
  readonly methods: readonly string[]
}

/** Every route of the demo API (`GET` routes also answer `HEAD`). */
export const ROUTES: readonly RouteSpec[] = [
  { path: '/health', methods: ['GET'] },
  { path: '/users', methods: ['GET', 'POST'] },
  { path: '/users/bulk', methods: ['POST'] },
  { path: '/users/:id', methods: ['GET', 'PATCH', 'DELETE'] },
  { path: '/users/:id/books', methods: ['GET'] },
  { path: '/users/:id/visits', methods: ['POST'] },
  { path: '/stats/visits', methods: ['GET'] },
  { path: '/current-database', methods: ['GET'] },
]

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']

function matches(pattern: string, path: string): boolean {
  const want = pattern.split('/')
  const got = path.split('/')
  return (
    want.length === got.length &&
    want.every((part, i) => (part.startsWith(':') ? got[i] !== '' : part === got[i]))
  )
}

/**
 * The methods the routes matching `path` answer (case-sensitive, no trailing slash),
 * in a fixed order; empty when no route has this path.
 *
 * @example
 * ```ts
 * allowedMethods('/users/7') // ['GET', 'HEAD', 'PATCH', 'DELETE']
 * ```
 */
export function allowedMethods(path: string): string[] {
  const methods = new Set<string>()
  for (const route of ROUTES) {
    if (!matches(route.path, path)) continue
    for (const method of route.methods) {
      methods.add(method)
      if (method === 'GET') methods.add('HEAD')
    }
  }
  return METHOD_ORDER.filter((method) => methods.has(method))
}

/** What to answer a request that no route took. */
export interface NoRouteResponse {
  readonly status: 204 | 404 | 405
  readonly headers: Readonly<Record<string, string>>
  readonly body: ErrorBody | undefined
}

/**
 * The answer to a request no route took: `OPTIONS` on a known path is a 204 listing the
 * methods in `Allow`; another method on a known path a 405 with `Allow`; an unknown path a
 * 404.
 *
 * @example
 * ```ts
 * noRoute('PUT', '/users') // 405, Allow: GET, HEAD, POST
 * ```
 */
export function noRoute(method: string, path: string): NoRouteResponse {
  const allowed = allowedMethods(path)
  if (allowed.length === 0) return { status: 404, headers: {}, body: routeNotFound(method, path) }
  const headers = { Allow: allowed.join(', ') }
  if (method === 'OPTIONS') return { status: 204, headers, body: undefined }
  const shown = path.length > 200 ? `${path.slice(0, 200)}...` : path
  return {
    status: 405,
    headers,
    body: {
      error: `${method} is not allowed on ${shown}; allowed: ${headers.Allow}.`,
      code: 'METHOD_NOT_ALLOWED',
    },
  }
}
