import type { RegisteredGino, TransactionOptions } from '@gino-ts/core'
import type { GinoInstance, GinoIntegration, GinoIntegrationOptions } from '@gino-ts/core/integration'
import type { FastifyRequest } from 'fastify'

/** Options of the Fastify plugin: the integration options plus your `db`. */
export interface FastifyGinoOptions extends GinoIntegrationOptions<FastifyRequest> {
  /** Your `Gino` instance: the engine is bound to it at startup. */
  db: GinoInstance
}

/**
 * Per-route settings, under the route's `config.gino`.
 *
 * @example
 * ```ts
 * app.post('/transfers', { config: { gino: { transaction: true } } }, handler)
 * ```
 */
export interface GinoRouteConfig {
  /**
   * Run the request in a transaction: it commits when the handler succeeds with a status
   * below 500, rolls back when the handler throws or the status is 5xx. `true`, or the
   * transaction's options (`{ isolation: 'serializable' }`).
   */
  transaction?: boolean | TransactionOptions
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Your `db`, bound to the engine. */
    db: RegisteredGino
    /** The integration: its config, engine, per-request database engines. */
    gino: GinoIntegration<FastifyRequest>
  }
  interface FastifyRequest {
    /** Your `db`; inside the request it runs on the request's connection (and database). */
    db: RegisteredGino
  }
  interface FastifyContextConfig {
    gino?: GinoRouteConfig
  }
}
