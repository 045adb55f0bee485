import type { Engine, RegisteredGino, TransactionOptions } from '@gino-ts/core'
import type { GinoInstance, GinoIntegration, GinoIntegrationOptions } from '@gino-ts/core/integration'
import type { Request, RequestHandler } from 'express'

/** Express's own defaults of `RequestHandler`'s type parameters. */
type HandlerDefaults = RequestHandler extends RequestHandler<
  infer P,
  infer ResBody,
  infer ReqBody,
  infer ReqQuery,
  infer LocalsObj
>
  ? { params: P; resBody: ResBody; reqBody: ReqBody; reqQuery: ReqQuery; locals: LocalsObj }
  : never

/** The locals constraint of Express handlers. */
export type HandlerLocals = HandlerDefaults['locals']

/** Options of `ginoExpress()`: the integration options plus your `db`. */
export interface ExpressGinoOptions extends GinoIntegrationOptions<Request> {
  /** Your `Gino` instance: the engine is bound to it by `start()`. */
  db: GinoInstance
  /**
   * The request id put on echo lines. Default: `req.id` when another middleware set it
   * (pino-http does), else the `X-Request-Id` header.
   */
  requestId?: (req: Request) => string | undefined
}

/** What `ginoExpress()` returns. */
export interface ExpressGino {
  /** The framework-neutral integration: config, engine, per-request database engines. */
  readonly integration: GinoIntegration<Request>
  /**
   * The middleware giving each request its connection (and database); `app.use()` it
   * before your routes.
   */
  readonly middleware: RequestHandler
  /**
   * Wraps a handler to run in a transaction: it commits when the handler succeeds with a
   * status below 500, and rolls back when it throws, calls `next(err)`, or answers 5xx.
   * The response is held back until the transaction has ended. The wrapper has the
   * handler's own type parameters: a `Request<{ id: string }>` handler stays one (an
   * unannotated handler gets Express's defaults, as a plain `RequestHandler`).
   *
   * @example
   * ```ts
   * app.put('/users/:id', gino.transaction(async (req: Request<{ id: string }>, res) => {
   *   res.json(await User.get(Number(req.params.id)))
   * }))
   * ```
   */
  transaction<
    P = HandlerDefaults['params'],
    ResBody = HandlerDefaults['resBody'],
    ReqBody = HandlerDefaults['reqBody'],
    ReqQuery = HandlerDefaults['reqQuery'],
    LocalsObj extends HandlerLocals = HandlerDefaults['locals'],
  >(
    handler: RequestHandler<P, ResBody, ReqBody, ReqQuery, LocalsObj>,
    options?: TransactionOptions,
  ): RequestHandler<P, ResBody, ReqBody, ReqQuery, LocalsObj>
  /** Creates and binds the engine (with the configured retries). Call before `listen()`. */
  start(): Promise<Engine>
  /** Closes what the integration created and unbinds `db`. */
  close(): Promise<void>
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Your `db`; inside the request it runs on the request's connection (and database). */
      db: RegisteredGino
    }
    interface Locals {
      /** Your `db` (`app.locals.db`; `res.locals.db` once the middleware ran). */
      db: RegisteredGino
    }
  }
}
