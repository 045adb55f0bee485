import { type Engine, Gino, type RegisteredGino } from '@gino-ts/core'
import { type GinoIntegration } from '@gino-ts/core/integration'
import Koa, { type Context, type Middleware } from 'koa'
import { describe, expectTypeOf, it } from 'vitest'
import { ginoKoa, type KoaGino } from '../src/index.js'

describe('@gino-ts/koa types', () => {
  const app = new Koa()
  const db = new Gino()

  it('returns the integration handle', () => {
    const gino = ginoKoa(app, { db, dsn: 'pglite://', logger: console })
    expectTypeOf(gino).toEqualTypeOf<KoaGino>()
    expectTypeOf(gino.middleware).toEqualTypeOf<Middleware>()
    expectTypeOf(gino.transaction({ isolation: 'serializable' })).toEqualTypeOf<Middleware>()
    expectTypeOf(gino.integration).toEqualTypeOf<GinoIntegration<Context>>()
    expectTypeOf(gino.start()).toEqualTypeOf<Promise<Engine>>()
  })

  it('types ctx.db and app.context.db', () => {
    expectTypeOf(app.context.db).toEqualTypeOf<RegisteredGino>()
    app.use(async (ctx, next) => {
      expectTypeOf(ctx.db).toEqualTypeOf<RegisteredGino>()
      await next()
    })
  })

  it('takes the options, with a db of any table types', () => {
    ginoKoa(app, { db: new Gino<{ users: { id: number } }>() })
    ginoKoa(app, {
      db,
      databases: {
        allow: ['a'],
        select: (ctx) => {
          expectTypeOf(ctx).toEqualTypeOf<Context>()
          return ctx.get('x-tenant')
        },
      },
      schemas: {
        allow: ['a'],
        select: (ctx) => {
          expectTypeOf(ctx).toEqualTypeOf<Context>()
          return ctx.get('x-tenant')
        },
      },
    })
    ginoKoa(app, { db, schemas: { allow: ['a'], select: { header: 'x-tenant' } } })
    // @ts-expect-error db is required
    ginoKoa(app, { dsn: 'pglite://' })
  })
})
