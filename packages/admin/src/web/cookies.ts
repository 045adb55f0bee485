import { type AdminRequest, header } from './request.js'

/** Cookies of a request: the adapter's, else parsed from the `Cookie` header. */
export function requestCookies(request: AdminRequest): Readonly<Record<string, string>> {
  if (request.cookies !== undefined) return request.cookies
  const cookies: Record<string, string> = {}
  for (const part of (header(request, 'cookie') ?? '').split(';')) {
    const at = part.indexOf('=')
    if (at < 0) continue
    const name = part.slice(0, at).trim()
    if (name === '' || name in cookies) continue
    try {
      cookies[name] = decodeURIComponent(part.slice(at + 1).trim())
    } catch {
      // A malformed value is no cookie of ours.
    }
  }
  return cookies
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Strict, scoped to the admin's path. */
export function setCookie(name: string, value: string, options: { path: string; secure: boolean; maxAge?: number }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path}`, 'HttpOnly', 'SameSite=Strict']
  if (options.secure) parts.push('Secure')
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`)
  return parts.join('; ')
}
