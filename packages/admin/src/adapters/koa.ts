import type { Middleware } from 'koa'
import type { Admin } from '../create-admin.js'
import type { AdminResponse } from '../web/request.js'
import { BodyTooLargeError, pathBelow, queryFields, readBody, TOO_LARGE, toFields } from './form-body.js'

/**
 * The admin as a Koa middleware, answering below `admin.prefix` and passing other requests
 * on. Forms are read by the middleware itself (up to `admin.maxBodyBytes`) unless a body
 * parser ran before it.
 *
 * @example
 * ```ts
 * app.use(adminKoa(createAdmin({ db, authorize: { token: process.env.ADMIN_TOKEN! } })))
 * ```
 */
export function adminKoa(admin: Admin): Middleware {
  return async function ginoAdmin(ctx, next) {
    const path = pathBelow(ctx.originalUrl, admin.prefix)
    if (path === undefined) {
      await next()
      return
    }
    let answer: AdminResponse
    try {
      const parsed = toFields((ctx.request as { body?: unknown }).body)
      const body = parsed ?? (ctx.method === 'POST' ? await readBody(ctx.req, admin.maxBodyBytes) : undefined)
      answer = await admin.handle({
        method: ctx.method,
        path,
        query: queryFields(ctx.originalUrl),
        headers: ctx.headers,
        ...(body === undefined ? {} : { body }),
        secure: ctx.secure,
      })
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error
      answer = TOO_LARGE
    }
    ctx.status = answer.status
    ctx.set(answer.headers as Record<string, string | string[]>)
    // Koa would set the length of an empty body; HEAD keeps the length the admin computed.
    if (ctx.method !== 'HEAD') ctx.body = typeof answer.body === 'string' ? answer.body : Buffer.from(answer.body)
  }
}
