import {
  cleanName,
  cleanNewUser,
  db,
  demoAdmin,
  isAdminPath,
  type DemoOptions,
  errorResponse,
  MAX_BODY_BYTES,
  NEW_USER_SCHEMA,
  NEW_USERS_SCHEMA,
  noRoute,
  parseId,
  parsePage,
  prepareDatabase,
  requireJsonBody,
  User,
  USER_CHANGES_SCHEMA,
  userWithBooks,
  validationError,
  Visit,
  visitCounts,
} from '@gino-ts/demo-shared'
import { sql } from '@gino-ts/core'
import { fastifyGino, firstOr404, getOr404 } from '@gino-ts/fastify'
import { adminFastify } from '@gino-ts/admin/fastify'
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts'
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'

interface IdParams {
  id: string
}

// The path parameters of /users/:id as a schema, for the routes whose types the provider infers.
const ID_PARAMS_SCHEMA = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
} as const

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
    // Bodies are validated as they are: no coercion ({"name": 5} is no string), and an
    // unknown field is refused rather than silently dropped (Fastify's defaults do both).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
  }).withTypeProvider<JsonSchemaToTsProvider>()
  await app.register(fastifyGino, {
    db,
    dsn: options.dsn,
    // GET /current-database?db=NAME runs on database NAME (one lazily created engine per name).
    databases: { allow: options.allowedDatabases },
  })
  // The engine is bound once the plugin has loaded: migrate (or create) the tables, seed an empty database.
  app.addHook('onReady', () => prepareDatabase(options.schema))

  app.setErrorHandler<FastifyError>((error, request, reply) => {
    // A route schema refused the body: the same 400 { error, code } as the other apps.
    const failed = error.validation === undefined ? error : validationError(error.validation)
    const { status, body, headers, unexpected } = errorResponse(failed)
    if (unexpected) request.log.error({ err: error }, 'request failed')
    return reply.code(status).headers(headers).send(body)
  })
  // No route took it: 405 with Allow on a known path, else 404.
  app.setNotFoundHandler((request, reply) => {
    const { status, headers, body } = noRoute(request.method, request.url.split('?')[0]!)
    return reply.code(status).headers(headers).send(body)
  })
  // The admin at /admin when ADMIN_TOKEN is set: HTML forms, with their own CSRF checks.
  const admin = demoAdmin(options.adminToken)
  if (admin !== undefined) await app.register(adminFastify, { admin })
  // Only JSON bodies (415 else: no form another site could post), checked before parsing.
  app.addHook('onRequest', (request, reply, done) => {
    if (admin !== undefined && isAdminPath(request.url)) {
      done()
      return
    }
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

  // Bodies are checked by route schemas generated from the User model; the type provider
  // infers request.body from them ({ name: string }).
  app.post('/users', { schema: { body: NEW_USER_SCHEMA } }, async (request, reply) => {
    const user = await User.create(cleanNewUser(request.body))
    return reply.code(201).send(user)
  })

  app.post('/users/bulk', { schema: { body: NEW_USERS_SCHEMA } }, async (request, reply) => {
    // One INSERT ... VALUES (...), (...) RETURNING for the whole list.
    const users = await User.insertMany(request.body.map(cleanNewUser))
    return reply.code(201).send({ count: users.length, ids: users.map((user) => user.id) })
  })

  app.get<{ Params: IdParams }>('/users/:id', async (request) =>
    getOr404(User, parseId(request.params.id)),
  )

  app.patch(
    '/users/:id',
    {
      config: { gino: { transaction: true } },
      schema: { params: ID_PARAMS_SCHEMA, body: USER_CHANGES_SCHEMA },
    },
    async (request) => {
      const { name } = request.body
      const user = await getOr404(User, parseId(request.params.id))
      return user.update(name === undefined ? {} : { name: cleanName(name) }).apply()
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
