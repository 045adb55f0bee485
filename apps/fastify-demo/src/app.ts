import {
  db,
  type DemoOptions,
  errorResponse,
  MAX_BODY_BYTES,
  noRoute,
  parseId,
  parseNewUser,
  parseNewUsers,
  parsePage,
  parseUserChanges,
  prepareDatabase,
  requireJsonBody,
  User,
  userWithBooks,
  Visit,
  visitCounts,
} from '@gino-ts/demo-shared'
import { sql } from '@gino-ts/core'
import { fastifyGino, firstOr404, getOr404 } from '@gino-ts/fastify'
import Fastify, { type FastifyInstance } from 'fastify'

interface IdParams {
  id: string
}

/**
 * The demo service on Fastify: `@gino-ts/fastify` binds `db` when the app starts (and
 * closes the engine with it); every request runs on a connection of its own.
 *
 * @example
 * ```ts
 * const app = await buildApp({ dsn: 'pglite://', allowedDatabases: [] })
 * await app.listen({ port: 3000 })
 * ```
 */
export async function buildApp(options: DemoOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // While stopping, requests that arrive on connections already open are still served
    // (answered with Connection: close) rather than answered 503: see serve() in demo-shared.
    return503OnClosing: false,
    bodyLimit: MAX_BODY_BYTES,
  })
  await app.register(fastifyGino, {
    db,
    dsn: options.dsn,
    // GET /current-database?db=NAME runs on database NAME (one lazily created engine per name).
    databases: { allow: options.allowedDatabases },
  })
  // The engine is bound once the plugin has loaded: migrate (or create) the tables, seed an empty database.
  app.addHook('onReady', () => prepareDatabase(options.schema))

  app.setErrorHandler((error, request, reply) => {
    const { status, body, headers, unexpected } = errorResponse(error)
    if (unexpected) request.log.error({ err: error }, 'request failed')
    return reply.code(status).headers(headers).send(body)
  })
  // No route took it: 405 with Allow on a known path, else 404.
  app.setNotFoundHandler((request, reply) => {
    const { status, headers, body } = noRoute(request.method, request.url.split('?')[0]!)
    return reply.code(status).headers(headers).send(body)
  })
  // Only JSON bodies (415 else: no form another site could post), checked before parsing.
  app.addHook('onRequest', (request, reply, done) => {
    // Fastify's router matches /users/ as /users/:id with an empty id; the other apps do
    // not, and /users/ is no route of the API: the same 404 as any unknown path.
    const params = request.params as Record<string, string | undefined>
    if (Object.values(params).includes('')) {
      reply.callNotFound()
      return
    }
    try {
      requireJsonBody(request.headers)
      done()
    } catch (error) {
      done(error as Error)
    }
  })

  app.get('/health', () => ({ ok: true }))

  app.get<{ Querystring: Record<string, unknown> }>('/users', async (request) => {
    const { limit, offset } = parsePage(request.query)
    return User.all((query) => query.orderBy('id').limit(limit).offset(offset))
  })

  app.post('/users', async (request, reply) => {
    const user = await User.create(parseNewUser(request.body))
    return reply.code(201).send(user)
  })

  app.post('/users/bulk', async (request, reply) => {
    // One INSERT ... VALUES (...), (...) RETURNING for the whole list.
    const users = await User.insertMany(parseNewUsers(request.body))
    return reply.code(201).send({ count: users.length, ids: users.map((user) => user.id) })
  })

  app.get<{ Params: IdParams }>('/users/:id', async (request) =>
    getOr404(User, parseId(request.params.id)),
  )

  app.patch<{ Params: IdParams }>(
    '/users/:id',
    { config: { gino: { transaction: true } } },
    async (request) => {
      const changes = parseUserChanges(request.body)
      const user = await getOr404(User, parseId(request.params.id))
      return user.update(changes).apply()
    },
  )

  app.delete<{ Params: IdParams }>('/users/:id', async (request, reply) => {
    const user = await getOr404(User, parseId(request.params.id))
    await user.delete()
    return reply.code(204).send()
  })

  app.get<{ Params: IdParams }>('/users/:id/books', async (request) =>
    firstOr404(userWithBooks(parseId(request.params.id))),
  )

  app.post<{ Params: IdParams }>(
    '/users/:id/visits',
    { config: { gino: { transaction: true } } },
    async (request, reply) => {
      const user = await getOr404(User, parseId(request.params.id))
      return reply.code(201).send(await Visit.create({ userId: user.id }))
    },
  )

  app.get('/stats/visits', async () =>
    (await visitCounts()).map(([user, visits]) => ({ user, visits })),
  )

  app.get('/current-database', async () => ({
    dbname: await db.scalar(sql<{ dbname: string }>`SELECT current_database() AS dbname`),
  }))

  return app
}
