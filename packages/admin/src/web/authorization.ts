import { createHash, timingSafeEqual } from 'node:crypto'
import { requestCookies } from './cookies.js'
import { type AdminRequest, header } from './request.js'

/**
 * Decides who may use the admin: `true` lets the request through, `false` answers 403,
 * `'unauthenticated'` answers 401 (the visitor should sign in first).
 */
export type AdminAuthorize = (
  request: AdminRequest,
) => boolean | 'unauthenticated' | Promise<boolean | 'unauthenticated'>

/** The cookie token authorization keeps the token in after the sign-in form. */
export const TOKEN_COOKIE = 'gino_admin_token'

const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

/** Constant-time equality of two secrets of any length. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * Authorization by one shared token, sent as `Authorization: Bearer <token>` or kept in an
 * HttpOnly cookie by the admin's sign-in form (401 without it, 403 with a wrong one).
 */
export function tokenAuthorize(token: string): AdminAuthorize {
  if (token.length < 16) throw new TypeError('@gino-ts/admin: the admin token must be at least 16 characters long')
  return (request) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(header(request, 'authorization') ?? '')?.[1]
    const given = bearer ?? requestCookies(request)[TOKEN_COOKIE]
    if (given === undefined || given === '') return 'unauthenticated'
    return sameSecret(given, token)
  }
}
