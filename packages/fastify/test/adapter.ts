import { errorAnswer, type FrameworkAdapter, type LogRecord } from '@gino-ts/conformance'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { fastifyGino } from '../src/index.js'

const LEVELS: Record<number, LogRecord['level']> = {
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
}

/** The conformance app on Fastify: the plugin registered as the README shows. */
export const fastifyAdapter: FrameworkAdapter = {
  name: 'fastify',
  async build({ db, options, routes, logs }) {
    const stream = {
      write(line: string) {
        const record = JSON.parse(line) as { level: number; msg: string } & Record<string, unknown>
        const level = LEVELS[record.level]
        if (level) logs.push({ ...record, level, msg: record.msg })
      },
    }
    const app = Fastify({ logger: { level: 'debug', stream }, requestIdHeader: 'x-request-id' })
    app.setErrorHandler((error, _request, reply) => {
      const { status, body } = errorAnswer(error)
      return reply.code(status).send(body)
    })
    await app.register(fastifyGino, { db, ...options })
    for (const route of routes) {
      app.route({
        method: route.method,
        url: route.path,
        config: { gino: { transaction: route.transaction === true } },
        handler: async (request: FastifyRequest, reply: FastifyReply) =>
          route.handler({
            db: request.db,
            params: request.params as Record<string, string>,
            query: request.query as Record<string, string>,
            body: request.body,
            status: (code) => void reply.code(code),
          }),
      })
    }
    try {
      await app.listen({ port: 0, host: '127.0.0.1' })
    } catch (error) {
      await app.close()
      throw error
    }
    return { server: app.server, integration: app.gino, appDb: app.db, close: () => app.close() }
  },
}
