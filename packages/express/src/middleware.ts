import { GinoHttpError, type RegisteredGino, type TransactionOptions } from '@gino-ts/core'
import { GinoIntegration, runRequestTransaction } from '@gino-ts/core/integration'
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express'
import { holdResponse } from './hold-response.js'
import type { ExpressGino, ExpressGinoOptions, HandlerLocals } from './types.js'

function defaultRequestId(req: Request): string | undefined {
  const id = (req as { id?: unknown }).id
  if (typeof id === 'string' || typeof id === 'number') return String(id)
  return req.get('x-request-id')
}

/**
 * Express integration: `app.locals.db` and `req.db` are your `db`; `start()` binds it to
 * an engine, `close()` closes what was created; `middleware` gives each request a lazy
 * connection of its own (every query of the handler reuses it; it is released when the
 * response ends) on its per-request database and in its per-request schema if `databases`
 * / `schemas` are configured; `transaction()`
 * wraps a handler in a request transaction.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { ginoExpress, getOr404 } from '@gino-ts/express'
 *
 * const app = express()
 * const gino = ginoExpress(app, { db, dsn: process.env.DATABASE_URL, logger: pino() })
 * app.use(gino.middleware)
 * app.use(express.json())
 * app.get('/users/:id', async (req, res) => { res.json(await getOr404(User, Number(req.params.id))) })
 * app.post('/users', gino.transaction(async (req, res) => { res.status(201).json(await User.create(req.body)) }))
 * await gino.start()
 * const server = app.listen(3000)
 * ```
 */
export function ginoExpress(app: Express, options: ExpressGinoOptions): ExpressGino {
  const { db, requestId = defaultRequestId, ...integrationOptions } = options
  const integration = new GinoIntegration<Request>(db, integrationOptions)
  const decorated = db as unknown as RegisteredGino
  app.locals.db = decorated
  Object.defineProperty(app.request, 'db', { value: decorated, configurable: true, writable: true })

  const middleware = async function gino(
    req: Request,
    res: Response,
    next: NextFunction,
  ): Promise<void> {
    res.locals.db = decorated
    let admitted
    try {
      admitted = await integration.admit({
        request: req,
        url: req.originalUrl,
        headers: req.headers,
        response: res,
        requestId: requestId(req),
      })
    } catch (error) {
      // The integration's own answers (400, 503) go to the app's error handler, like
      // every other error; their headers (Retry-After) are set here.
      if (error instanceof GinoHttpError && error.headers !== undefined) res.set(error.headers)
      next(error)
      return
    }
    await admitted.run(() => next())
  }

  function transaction<P, ResBody, ReqBody, ReqQuery, LocalsObj extends HandlerLocals>(
    handler: RequestHandler<P, ResBody, ReqBody, ReqQuery, LocalsObj>,
    txOptions?: TransactionOptions,
  ): RequestHandler<P, ResBody, ReqBody, ReqQuery, LocalsObj> {
    return async function ginoTransaction(
      req: Request<P, ResBody, ReqBody, ReqQuery, LocalsObj>,
      res: Response<ResBody, LocalsObj>,
      next: NextFunction,
    ): Promise<void> {
      const held = holdResponse(res)
      let passed: { error: unknown } | undefined
      const inner: NextFunction = (error?: unknown) => {
        passed = { error }
      }
      try {
        await runRequestTransaction(
          db,
          async () => {
            await handler(req, res, inner)
            if (
              passed?.error !== undefined &&
              passed.error !== 'route' &&
              passed.error !== 'router'
            ) {
              throw passed.error
            }
          },
          () => res.statusCode,
          txOptions,
        )
      } catch (error) {
        held.release(false)
        next(error)
        return
      }
      held.release(true)
      if (passed !== undefined) next(passed.error)
    }
  }

  return {
    integration,
    middleware,
    transaction,
    start: () => integration.start(),
    close: () => integration.stop(),
  }
}
