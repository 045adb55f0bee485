import type { Engine, RegisteredGino, TransactionOptions } from '@gino-ts/core'
import type { GinoInstance, GinoIntegration, GinoIntegrationOptions } from '@gino-ts/core/integration'
import type { Context, Middleware } from 'koa'

/** Options of `ginoKoa()`: the integration options plus your `db`. */
export interface KoaGinoOptions extends GinoIntegrationOptions<Context> {
  /** Your `Gino` instance: the engine is bound to it by `start()`. */
  db: GinoInstance
  /**
   * The request id put on echo lines. Default: `ctx.state.requestId` / `ctx.state.id` when
   * another middleware set it, else the `X-Request-Id` header.
   */
  requestId?: (ctx: Context) => string | undefined
}

/** What `ginoKoa()` returns. */
export interface KoaGino {
  /** The framework-neutral integration: config, engine, per-request database engines. */
  readonly integration: GinoIntegration<Context>
  /**
   * The middleware giving each request its connection (and database); `app.use()` it
   * before your routes.
   */
  readonly middleware: Middleware
  /**
   * A middleware running everything after it in a transaction: it commits when they
   * succeed with a status below 500, and rolls back when they throw or the status is 5xx.
   * Use it per route (`router.post('/x', gino.transaction(), handler)`) or app-wide.
   */
  transaction(options?: TransactionOptions): Middleware
  /** Creates and binds the engine (with the configured retries). Call before `listen()`. */
  start(): Promise<Engine>
  /** Closes what the integration created and unbinds `db`. */
  close(): Promise<void>
}

declare module 'koa' {
  interface DefaultContext {
    /** Your `db` (also `app.context.db`); inside a request it runs on the request's connection (and database). */
    db: RegisteredGino
  }
}
