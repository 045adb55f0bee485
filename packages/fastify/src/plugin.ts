import { GinoHttpError, type RegisteredGino, type TransactionOptions } from '@gino-ts/core'
import { GinoIntegration, type RequestScope } from '@gino-ts/core/integration'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { FastifyGinoOptions } from './types.js'

interface RequestState {
  readonly scope: RequestScope
  readonly transaction: TransactionOptions | undefined
}

function routeTransaction(request: FastifyRequest): TransactionOptions | undefined {
  const setting = request.routeOptions.config.gino?.transaction
  if (setting === undefined || setting === false) return undefined
  return setting === true ? {} : setting
}

async function ginoPlugin(fastify: FastifyInstance, options: FastifyGinoOptions): Promise<void> {
  const { db, ...integrationOptions } = options
  const gino = new GinoIntegration<FastifyRequest>(db, {
    logger: fastify.log,
    ...integrationOptions,
  })
  const states = new WeakMap<FastifyRequest, RequestState>()
  const decorated = db as unknown as RegisteredGino

  fastify.decorate('db', decorated)
  fastify.decorate('gino', gino)
  fastify.decorateRequest('db', null as unknown as RegisteredGino)

  fastify.addHook(
    'onRequest',
    (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
      request.db = decorated
      const transaction = routeTransaction(request)
      let proceeded = false
      const proceed = (): void => {
        proceeded = true
        done()
      }
      // The integration's own answers (400, 503) go through Fastify's error path, so the
      // app's error handler shapes them like every other error.
      const fail = (error: unknown): void => {
        if (proceeded) return
        if (error instanceof GinoHttpError && error.headers !== undefined)
          void reply.headers(error.headers)
        done(error as Error)
      }
      gino
        .admit({
          request,
          url: request.raw.url,
          headers: request.headers,
          response: reply.raw,
          requestId: request.id,
          logger: request.log,
          connection: transaction !== undefined,
        })
        .then((admitted) => {
          states.set(request, { scope: admitted.scope, transaction })
          // Fastify goes on with the request from `done()`, so the rest of the lifecycle
          // (body parsing included: Fastify binds its parsers to the request's async
          // context) runs inside the scope.
          return admitted.run(proceed)
        })
        .catch(fail)
    },
  )

  // A transactional route's handler ends its transaction before the answer is sent: a
  // failed COMMIT becomes the handler's error, so the app's error handler answers it
  // (ending it in onSend would bypass that handler). `onSend` still ends what a handler
  // answering with `reply.send()` left open.
  fastify.addHook('onRoute', (route) => {
    const setting = route.config?.gino?.transaction
    if (setting === undefined || setting === false) return
    const handler = route.handler
    route.handler = function ginoTransactionalHandler(
      this: FastifyInstance,
      request: FastifyRequest,
      reply: FastifyReply,
    ): unknown {
      const scope = states.get(request)?.scope
      const failed = async (error: unknown): Promise<never> => {
        if (scope !== undefined) {
          scope.failed = true
          // The handler's error is the answer; a failed ROLLBACK (the connection is
          // gone, the server rolled back anyway) goes to the log.
          await scope.end(500).catch((rollbackError: unknown) => {
            request.log.warn({ err: rollbackError }, '[gino] request transaction rollback failed')
          })
        }
        throw error
      }
      // A value to send: the transaction ends first. A handler that answers with
      // `reply.send()` (returning the reply, or nothing) has it ended in `onSend`.
      const settle = async (value: unknown): Promise<unknown> => {
        if (scope !== undefined && value !== undefined && value !== reply && !reply.sent)
          await scope.end(reply.statusCode)
        return value
      }
      const run = (): unknown => {
        let result: unknown
        try {
          result = handler.call(this, request, reply)
        } catch (error) {
          return failed(error)
        }
        if (result instanceof Promise) return result.then(settle, failed)
        // Synchronous handlers keep their meaning (nothing returned: reply.send() comes later).
        if (result === undefined || result === reply) return result
        return settle(result)
      }
      // Traced as the request transaction (the handler's statements nest under it).
      return scope === undefined ? run() : scope.traceHandler(run)
    }
  })

  fastify.addHook('preHandler', async (request: FastifyRequest) => {
    const state = states.get(request)
    if (state?.transaction !== undefined) await state.scope.begin(state.transaction)
  })

  fastify.addHook(
    'onError',
    (request: FastifyRequest, _reply: FastifyReply, _error: Error, done: () => void) => {
      const state = states.get(request)
      if (state !== undefined) state.scope.failed = true
      done()
    },
  )

  fastify.addHook(
    'onSend',
    async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      await states.get(request)?.scope.end(reply.statusCode)
      return payload
    },
  )

  fastify.addHook('onClose', async () => {
    await gino.stop()
  })

  await gino.start()
}

/**
 * Binds your `db` to an engine when Fastify starts and closes what it created when it
 * stops. Each request runs with a lazy connection of its own (every query of the handler
 * reuses it; it is released when the response ends), optionally in a transaction
 * (`config.gino.transaction`), on a per-request database (`databases`) and in a
 * per-request schema (`schemas`) if configured.
 * Decorates `fastify.db`, `fastify.gino` and `request.db`.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import { fastifyGino } from '@gino-ts/fastify'
 *
 * const app = Fastify({ logger: true })
 * await app.register(fastifyGino, { db, dsn: 'postgres://localhost/app' })
 * app.get('/users/:id', (request) => getOr404(User, Number(request.params.id)))
 * ```
 */
export const fastifyGino: FastifyPluginAsync<FastifyGinoOptions> = fp(ginoPlugin, {
  name: '@gino-ts/fastify',
  fastify: '5.x',
})
