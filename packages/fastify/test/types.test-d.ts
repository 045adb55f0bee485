import { column, type Engine, Gino, type RegisteredGino } from '@gino-ts/core'
import { type GinoIntegration, type RequestScope } from '@gino-ts/core/integration'
import Fastify, { type FastifyContextConfig, type FastifyRequest } from 'fastify'
import { describe, expectTypeOf, it } from 'vitest'
import { currentRequestScope, fastifyGino, getOr404, type GinoRouteConfig } from '../src/index.js'

describe('@gino-ts/fastify types', () => {
  const app = Fastify()
  const db = new Gino()

  it('decorates the instance and the request with db, and the instance with gino', () => {
    expectTypeOf(app.db).toEqualTypeOf<RegisteredGino>()
    expectTypeOf(app.gino).toEqualTypeOf<GinoIntegration<FastifyRequest>>()
    expectTypeOf(app.gino.engine).toEqualTypeOf<Engine>()
    app.get('/', (request, reply) => {
      expectTypeOf(request.db).toEqualTypeOf<RegisteredGino>()
      expectTypeOf(currentRequestScope()).toEqualTypeOf<RequestScope | undefined>()
      return reply.send(null)
    })
  })

  it('takes the plugin options, with a db of any table types', () => {
    void app.register(fastifyGino, { db, dsn: 'pglite://', echo: true, poolMaxSize: 5 })
    void app.register(fastifyGino, { db: new Gino<{ users: { id: number } }>() })
    void app.register(fastifyGino, {
      db,
      databases: {
        allow: (name) => name.startsWith('tenant_'),
        select: (request) => {
          expectTypeOf(request).toEqualTypeOf<FastifyRequest>()
          return request.headers['x-tenant'] as string | undefined
        },
      },
      schemas: {
        allow: ['tenant_a'],
        select: (request) => {
          expectTypeOf(request).toEqualTypeOf<FastifyRequest>()
          return request.headers['x-tenant'] as string | undefined
        },
      },
    })
    void app.register(fastifyGino, {
      db,
      schemas: { allow: ['a'], select: { header: 'x-tenant' } },
    })
    // @ts-expect-error a selector is a function, { query } or { header }
    void app.register(fastifyGino, { db, schemas: { allow: ['a'], select: 'x-tenant' } })
    // @ts-expect-error db is required
    void app.register(fastifyGino, { dsn: 'pglite://' })
    // @ts-expect-error poolMaxSize is a number
    void app.register(fastifyGino, { db, poolMaxSize: '5' })
  })

  it('types the per-route transaction setting', () => {
    app.post('/a', { config: { gino: { transaction: true } } }, (_request, reply) =>
      reply.send(null),
    )
    app.post(
      '/b',
      { config: { gino: { transaction: { isolation: 'serializable' } } } },
      (_request, reply) => reply.send(null),
    )
    expectTypeOf<FastifyContextConfig['gino']>().toEqualTypeOf<GinoRouteConfig | undefined>()
  })

  it('resolves getOr404 to the model instance', () => {
    const User = db.model('users', { id: column.serial().primaryKey(), name: column.text() })
    app.get('/users/:id', async (request) => {
      const user = await getOr404(User, Number((request.params as { id: string }).id))
      expectTypeOf(user.name).toEqualTypeOf<string | null>()
      return user
    })
  })
})
