import type { Gino } from '@gino-ts/core'
import { createHmac } from 'node:crypto'
import { AdminConfigError, createAdminData } from './data/index.js'
import type { AdminData, AdminModelOptions } from './data/types.js'
import type { AdminAuthorize } from './web/authorization.js'
import { type AdminHandler, createAdminHandler } from './web/handler.js'

export interface AdminOptions {
  /** The `db` whose models the admin shows (`db.models`). */
  readonly db: Gino
  /**
   * Who may use the admin, checked on every request: a function answering `true`, `false`
   * (403) or `'unauthenticated'` (401), or `{ token }`: one secret accepted as
   * `Authorization: Bearer <token>` or typed once into the admin's sign-in form. Required.
   */
  readonly authorize?: AdminAuthorize | { readonly token: string }
  /** Lets anyone in without `authorize`: for local development only, refused in production. */
  readonly unsafeAllowAnyone?: boolean
  /** Per-model options, by admin model name (the table name). */
  readonly models?: Readonly<Record<string, AdminModelOptions>>
  /** Where the adapters mount the admin (default `/admin`). */
  readonly prefix?: string
  /** The name in every page's header (default `Admin`). */
  readonly title?: string
  /**
   * The key CSRF tokens and list cursors derive from; give one shared by every instance behind
   * a load balancer (default: random per process, so forms and cursors do not survive a restart).
   */
  readonly secret?: string | Uint8Array
  /**
   * Lists count their rows exactly up to this many (default 20 000); past it the total shown
   * is PostgreSQL's estimate ("about 1 250 000 rows"), as counting a large table reads all of it.
   */
  readonly exactCountUpTo?: number
  /** Largest form body the adapters read (default 1 MiB; larger: 413). */
  readonly maxBodyBytes?: number
  /** Where failures go (default `console.error`); pages only say that something failed. */
  readonly log?: (message: string, error: unknown) => void
}

/** A mounted admin: adapters call `handle` for every request below `prefix`. */
export interface Admin {
  readonly prefix: string
  readonly maxBodyBytes: number
  readonly data: AdminData
  readonly handle: AdminHandler
}

/**
 * Builds the admin once, then mount it with `adminFastify`, `adminRouter` (Express) or
 * `adminKoa`.
 *
 * @example
 * ```ts
 * const admin = createAdmin({ db, authorize: { token: process.env.ADMIN_TOKEN! } })
 * await app.register(adminFastify, { admin })
 * ```
 */
export function createAdmin(options: AdminOptions): Admin {
  const { authorize, unsafeAllowAnyone = false } = options
  if (authorize === undefined) {
    if (!unsafeAllowAnyone) {
      throw new AdminConfigError(
        '@gino-ts/admin: `authorize` is required (a function, or { token }); `unsafeAllowAnyone: true` opens the admin to anyone outside production',
      )
    }
    if (process.env.NODE_ENV === 'production') {
      throw new AdminConfigError('@gino-ts/admin: `unsafeAllowAnyone` is refused when NODE_ENV is production; give `authorize`')
    }
  }
  if (typeof authorize === 'object' && (typeof authorize.token !== 'string' || authorize.token.length < 16)) {
    throw new AdminConfigError('@gino-ts/admin: the admin token must be a string of at least 16 characters')
  }
  const prefix = normalizePrefix(options.prefix ?? '/admin')
  // One key per use: list cursors and CSRF tokens never verify each other.
  const derive = (use: string): Buffer | undefined =>
    options.secret === undefined ? undefined : createHmac('sha256', options.secret).update(use).digest()
  const cursorSecret = derive('cursor')
  const csrfSecret = derive('csrf')
  const data = createAdminData(options.db, {
    models: options.models ?? {},
    ...(cursorSecret === undefined ? {} : { cursorSecret }),
    ...(options.exactCountUpTo === undefined ? {} : { exactCountUpTo: options.exactCountUpTo }),
  })
  const handle = createAdminHandler(data, {
    prefix,
    title: options.title ?? 'Admin',
    authorize: authorize ?? 'anyone',
    ...(csrfSecret === undefined ? {} : { secret: csrfSecret }),
    log: options.log ?? ((message, error) => console.error(message, error)),
  })
  return { prefix, maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024, data, handle }
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '')
  if (trimmed !== '' && !/^\/[A-Za-z0-9._~\-/]*$/.test(trimmed)) {
    throw new AdminConfigError(`@gino-ts/admin: the prefix must be a path such as /admin, not ${JSON.stringify(prefix)}`)
  }
  return trimmed
}
