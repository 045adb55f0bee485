import { Router, type Request, type Response } from 'express'
import type { Admin } from '../create-admin.js'
import type { AdminResponse } from '../web/request.js'
import { BodyTooLargeError, pathBelow, queryFields, readBody, TOO_LARGE, toFields } from './form-body.js'

/**
 * The admin as an Express router, answering below `admin.prefix`. Forms are read by the
 * router itself (up to `admin.maxBodyBytes`) unless a body parser ran before it.
 *
 * @example
 * ```ts
 * app.use(adminRouter(createAdmin({ db, authorize: { token: process.env.ADMIN_TOKEN! } })))
 * ```
 */
export function adminRouter(admin: Admin): Router {
  const router = Router()
  router.use(async function ginoAdmin(req: Request, res: Response, next) {
    const path = pathBelow(req.originalUrl, admin.prefix)
    if (path === undefined) {
      next()
      return
    }
    let answer: AdminResponse
    try {
      const parsed = toFields((req as { body?: unknown }).body)
      const body = parsed ?? (req.method === 'POST' ? await readBody(req, admin.maxBodyBytes) : undefined)
      answer = await admin.handle({
        method: req.method,
        path,
        query: queryFields(req.originalUrl),
        headers: req.headers,
        ...(body === undefined ? {} : { body }),
        secure: req.secure,
      })
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) {
        next(error)
        return
      }
      answer = TOO_LARGE
    }
    res.status(answer.status)
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value)
    res.end(answer.body)
  })
  return router
}
