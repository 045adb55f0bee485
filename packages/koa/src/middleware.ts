import { GinoHttpError, type RegisteredGino, type TransactionOptions } from '@gino-ts/core'
import { GinoIntegration, runRequestTransaction } from '@gino-ts/core/integration'
import type Koa from 'koa'
import type { Context, Middleware, Next } from 'koa'
import type { KoaGino, KoaGinoOptions } from './types.js'

function defaultRequestId(ctx: Context): string | undefined {
  const state = ctx.state as { requestId?: unknown; id?: unknown }
  const id = state.requestId ?? state.id
  if (typeof id === 'string' || typeof id === 'number') return String(id)
  return ctx.get('x-request-id') || undefined
}

/**
 * Koa integration: `app.context.db` (so `ctx.db`) is your `db`; `start()` binds it to an
 * engine, `close()` closes what was created; `middleware` gives each request a lazy
 * connection of its own (every query downstream reuses it; it is released when the
 * response ends) on its per-request database and in its per-request schema if `databases`
 * / `schemas` are configured;
 * `transaction()` runs what follows it in a request transaction.
 *
 * @example
 * ```ts
 * import Koa from 'koa'
 * import { ginoKoa, getOr404 } from '@gino-ts/koa'
 *
 * const app = new Koa()
 * const gino = ginoKoa(app, { db, dsn: process.env.DATABASE_URL })
 * app.use(gino.middleware)
 * router.get('/users/:id', async (ctx) => { ctx.body = await getOr404(User, Number(ctx.params.id)) })
 * router.post('/users', gino.transaction(), async (ctx) => { ctx.body = await User.create(ctx.request.body) })
 * await gino.start()
 * app.listen(3000)
 * ```
 */
export function ginoKoa(app: Koa, options: KoaGinoOptions): KoaGino {
  const { db, requestId = defaultRequestId, ...integrationOptions } = options
  const integration = new GinoIntegration<Context>(db, integrationOptions)
  const decorated = db as unknown as RegisteredGino
  app.context.db = decorated

  const middleware: Middleware = async function gino(ctx: Context, next: Next): Promise<void> {
    let admitted
    try {
      admitted = await integration.admit({
        request: ctx,
        url: ctx.originalUrl,
        headers: ctx.req.headers,
        response: ctx.res,
        requestId: requestId(ctx),
      })
    } catch (error) {
      // Thrown on to the app's error handling (an upstream try/catch, or Koa's own, which
      // reads `status`, `expose` and `headers`), like every other error.
      if (error instanceof GinoHttpError && error.headers !== undefined) ctx.set(error.headers)
      throw error
    }
    await admitted.run(() => next())
  }

  function transaction(txOptions?: TransactionOptions): Middleware {
    return async function ginoTransaction(ctx: Context, next: Next): Promise<void> {
      await runRequestTransaction(
        db,
        () => next(),
        () => ctx.status,
        txOptions,
      )
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
