import type { AdminData, AdminModel } from '../data/types.js'
import { type Asset, assetResponse, loadAssets } from './assets.js'
import { type AdminAuthorize, TOKEN_COOKIE, tokenAuthorize } from './authorization.js'
import { requestCookies, setCookie } from './cookies.js'
import { CSRF_COOKIE, CSRF_FIELD, Csrf } from './csrf.js'
import type { Html } from './html.js'
import type { PageContext } from './pages/layout.js'
import { loginPage, messagePage } from './pages/message-page.js'
import { type AdminRequest, type AdminResponse, header, lastValue } from './request.js'
import { AdminRoutes, type RouteResult } from './routes.js'
import { PAGE_HEADERS } from './security-headers.js'
import { AdminUrls } from './urls.js'

/** How the web layer is set up (from `createAdmin`'s options). */
export interface AdminHandlerOptions {
  /** Where the admin is mounted, without a trailing slash (`/admin`). */
  readonly prefix: string
  readonly title: string
  /** A function, or one token accepted as bearer or through the sign-in form. */
  readonly authorize: AdminAuthorize | { readonly token: string } | 'anyone'
  /** The key CSRF tokens are derived with (default: random per process). */
  readonly secret?: string | Uint8Array
  /** Where failures are reported (their details never reach the page). */
  readonly log: (message: string, error: unknown) => void
}

/** The framework-neutral admin: one request in, one response out. */
export type AdminHandler = (request: AdminRequest) => Promise<AdminResponse>

type Route =
  | { readonly name: 'index' }
  | { readonly name: 'asset'; readonly file: string }
  | { readonly name: 'login' }
  | { readonly name: 'list' | 'create' | 'bulk-delete' | 'choices'; readonly model: string }
  | { readonly name: 'row' | 'edit' | 'delete'; readonly model: string; readonly key: string }

/** The methods each route answers (others: 405 with `Allow`). */
const METHODS: Record<Route['name'], readonly string[]> = {
  index: ['GET', 'HEAD'],
  asset: ['GET', 'HEAD'],
  login: ['GET', 'HEAD', 'POST'],
  list: ['GET', 'HEAD'],
  create: ['GET', 'HEAD', 'POST'],
  'bulk-delete': ['POST'],
  choices: ['GET', 'HEAD'],
  row: ['GET', 'HEAD'],
  edit: ['GET', 'HEAD', 'POST'],
  delete: ['GET', 'HEAD', 'POST'],
}

function parseRoute(path: string): Route | undefined {
  let parts: string[]
  try {
    parts = path.replace(/^\/+/, '').split('/').map(decodeURIComponent)
  } catch {
    return undefined
  }
  if (parts.length === 1 && parts[0] === '') return { name: 'index' }
  if (parts.some((part) => part === '')) return undefined
  const [first, second, third] = parts as [string, string?, string?]
  if (parts.length === 2 && first === '_assets') return { name: 'asset', file: second! }
  if (parts.length === 1 && first === '_login') return { name: 'login' }
  if (parts.length === 1) return { name: 'list', model: first }
  if (parts.length === 2 && second === '_new') return { name: 'create', model: first }
  if (parts.length === 2 && second === '_delete') return { name: 'bulk-delete', model: first }
  if (parts.length === 2 && second === '_choices') return { name: 'choices', model: first }
  if (parts.length === 2) return { name: 'row', model: first, key: second! }
  if (parts.length === 3 && third === 'edit') return { name: 'edit', model: first, key: second! }
  if (parts.length === 3 && third === 'delete') return { name: 'delete', model: first, key: second! }
  return undefined
}

/**
 * Builds the admin's request handler over a data layer: authorization on every page, a
 * CSRF check on every POST, escaped pages with a strict Content-Security-Policy, and no
 * failure detail in any answer.
 */
export function createAdminHandler(data: AdminData, options: AdminHandlerOptions): AdminHandler {
  const urls = new AdminUrls(options.prefix)
  const assets = loadAssets()
  const assetUrl = (name: string): string => urls.asset(name, assets.get(name)!.version)
  const csrf = new Csrf(options.secret)
  const tokenMode = typeof options.authorize === 'object'
  const authorize: AdminAuthorize =
    options.authorize === 'anyone'
      ? () => true
      : typeof options.authorize === 'function'
        ? options.authorize
        : tokenAuthorize(options.authorize.token)
  const cookiePath = options.prefix === '' ? '/' : options.prefix

  // HEAD is answered as GET would be, then stripped of its body (`withoutBody`).
  const answer = async (request: AdminRequest): Promise<AdminResponse> => {
    const method = request.method.toUpperCase()
    const route = parseRoute(request.path)
    if (route?.name === 'asset') {
      const asset: Asset | undefined = assets.get(route.file)
      if (asset !== undefined && (method === 'GET' || method === 'HEAD')) {
        return assetResponse(asset, lastValue(request.query.v))
      }
    }

    // Every browser gets a random CSRF seed; its forms carry HMAC(secret, seed).
    const setCookies: string[] = []
    let seed = requestCookies(request)[CSRF_COOKIE]
    if (seed === undefined || seed.length < 16) {
      seed = csrf.newSeed()
      setCookies.push(setCookie(CSRF_COOKIE, seed, { path: cookiePath, secure: request.secure === true }))
    }
    const base = { title: options.title, urls, csrfToken: csrf.token(seed), assets: { css: assetUrl('admin.css'), js: assetUrl('admin.js') } }
    const anonymous: PageContext = { ...base, models: [] }
    const context: PageContext = { ...base, models: data.models }

    const respond = (status: number, page: Html, extra: Record<string, string> = {}): AdminResponse => ({
      status,
      headers: {
        ...PAGE_HEADERS,
        'content-type': 'text/html; charset=utf-8',
        ...extra,
        ...(setCookies.length === 0 ? {} : { 'set-cookie': setCookies }),
      },
      body: page.toString(),
    })

    try {
      if (method === 'POST') {
        const token = lastValue(request.body?.[CSRF_FIELD]) ?? header(request, 'x-csrf-token')
        if (!csrf.verify(requestCookies(request)[CSRF_COOKIE], token)) {
          return respond(403, messagePage(anonymous, 'Forbidden', 'This form has expired or did not come from the admin. Reload the page and try again.'))
        }
      }
      if (route?.name === 'login' && tokenMode) {
        if (method !== 'POST') return respond(200, loginPage(anonymous, false))
        const token = lastValue(request.body?.token) ?? ''
        const allowed = await authorize({ ...request, headers: { authorization: `Bearer ${token}` }, cookies: {} })
        if (allowed !== true) return respond(401, loginPage(anonymous, true))
        setCookies.push(setCookie(TOKEN_COOKIE, token, { path: cookiePath, secure: request.secure === true }))
        return respond(303, messagePage(anonymous, 'Signed in', 'Signed in.'), { location: urls.index() })
      }

      const allowed = await authorize(request)
      if (allowed === 'unauthenticated') {
        return tokenMode
          ? respond(401, loginPage(anonymous, false), { 'www-authenticate': 'Bearer realm="admin"' })
          : respond(401, messagePage(anonymous, 'Sign in required', 'Sign in to use the admin.'))
      }
      if (allowed !== true) return respond(403, messagePage(anonymous, 'Forbidden', 'You may not use the admin.'))

      const model = route !== undefined && 'model' in route ? data.model(route.model) : undefined
      if (route === undefined || route.name === 'asset' || route.name === 'login' || ('model' in route && model === undefined)) {
        return respond(404, messagePage(context, 'Not found', 'There is no such page.'))
      }
      const allow = METHODS[route.name]
      if (!allow.includes(method)) {
        return respond(405, messagePage(context, 'Method not allowed', 'This page does not answer this method.'), { allow: allow.join(', ') })
      }
      const result = await dispatch(new AdminRoutes(data, context), route, model, method, request)
      switch (result.kind) {
        case 'page':
          return respond(result.status, result.page)
        case 'redirect':
          return respond(303, messagePage(context, 'Redirect', 'Done.'), { location: result.location })
        case 'json':
          return {
            status: 200,
            headers: { ...PAGE_HEADERS, 'content-type': 'application/json; charset=utf-8' },
            body: JSON.stringify(result.body),
          }
        case 'not-found':
          return respond(404, messagePage(context, 'Not found', 'There is no such row.'))
      }
    } catch (error) {
      if (isNamed(error, 'AdminNotFoundError')) return respond(404, messagePage(context, 'Not found', 'There is no such row.'))
      if (isNamed(error, 'AdminInputError')) {
        return respond(400, messagePage(context, 'Bad request', 'This link or form cannot be read (an unknown field, or an expired page link).'))
      }
      options.log('@gino-ts/admin: request failed', error)
      return respond(500, messagePage(context, 'Something went wrong', 'The admin could not answer this request. The details are in the server log.'))
    }
  }

  return async function adminHandler(request) {
    const response = await answer(request)
    return request.method.toUpperCase() === 'HEAD' ? withoutBody(response) : response
  }
}

/** The answer to HEAD: GET's status and headers (its length included), no body. */
function withoutBody(response: AdminResponse): AdminResponse {
  const length = typeof response.body === 'string' ? Buffer.byteLength(response.body) : response.body.byteLength
  return { ...response, headers: { ...response.headers, 'content-length': String(length) }, body: '' }
}

/** The data layer's refusals, told apart by name (they carry no detail worth showing). */
function isNamed(error: unknown, name: 'AdminNotFoundError' | 'AdminInputError'): boolean {
  return error instanceof Error && error.name === name
}

function dispatch(
  routes: AdminRoutes,
  route: Exclude<Route, { name: 'asset' | 'login' }>,
  model: AdminModel | undefined,
  method: string,
  request: AdminRequest,
): Promise<RouteResult> | RouteResult {
  const body = request.body ?? {}
  if (route.name === 'index') return routes.index()
  const m = model!
  switch (route.name) {
    case 'list':
      return routes.list(m, request)
    case 'create':
      return method === 'POST' ? routes.create(m, body) : routes.createForm(m)
    case 'bulk-delete':
      return routes.bulkDelete(m, body)
    case 'choices':
      return routes.choicesJson(m, request)
    case 'row':
      return routes.row(m, route.key, request)
    case 'edit':
      return method === 'POST' ? routes.update(m, route.key, body) : routes.editForm(m, route.key)
    case 'delete':
      return method === 'POST' ? routes.deleteRow(m, route.key, body) : routes.deleteForm(m, route.key)
  }
}
