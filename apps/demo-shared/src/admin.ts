import { type Admin, createAdmin } from '@gino-ts/admin'
import { db } from './models.js'

/** Where the demos mount the admin. */
export const ADMIN_PREFIX = '/admin'

/**
 * The demos' admin over their models, authorized by one token (`ADMIN_TOKEN`): sent as
 * `Authorization: Bearer <token>`, or typed once into the admin's sign-in page, which keeps
 * it in an HttpOnly cookie. No token, no admin: the apps do not mount it.
 *
 * @example
 * ```ts
 * const admin = demoAdmin(options.adminToken)
 * if (admin) app.use(adminRouter(admin))
 * ```
 */
export function demoAdmin(token: string | undefined): Admin | undefined {
  if (token === undefined || token === '') return undefined
  return createAdmin({
    db,
    authorize: { token },
    prefix: ADMIN_PREFIX,
    title: 'gino-ts demo',
    models: {
      users: { label: (row) => `${String(row.name)} (#${String(row.id)})` },
      books: { label: (row) => String(row.title) },
    },
  })
}

/** The request is for the admin (the JSON-only checks of the API let it through). */
export function isAdminPath(url: string): boolean {
  return url === ADMIN_PREFIX || url.startsWith(`${ADMIN_PREFIX}/`) || url.startsWith(`${ADMIN_PREFIX}?`)
}
