import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** The cookie holding a browser's random CSRF seed. */
export const CSRF_COOKIE = 'gino_admin_csrf'
/** The form field (or `X-CSRF-Token` header) carrying the token. */
export const CSRF_FIELD = '_csrf'

/**
 * Double-submit tokens bound to a secret: each browser gets a random seed in an HttpOnly
 * cookie; forms carry HMAC(secret, seed). A site that cannot read the page cannot post a
 * valid token, and a cookie planted by a sibling subdomain is useless without the secret.
 */
export class Csrf {
  readonly #secret: Buffer
  constructor(secret?: string | Uint8Array) {
    this.#secret = secret === undefined ? randomBytes(32) : Buffer.from(secret)
  }

  /** A fresh seed for a browser without one. */
  newSeed(): string {
    return randomBytes(24).toString('base64url')
  }

  token(seed: string): string {
    return createHmac('sha256', this.#secret).update(seed).digest('base64url')
  }

  /** Constant-time check of a posted token against the browser's seed. */
  verify(seed: string | undefined, token: string | undefined): boolean {
    if (seed === undefined || seed === '' || token === undefined) return false
    const expected = Buffer.from(this.token(seed))
    const given = Buffer.from(token)
    return given.length === expected.length && timingSafeEqual(given, expected)
  }
}
