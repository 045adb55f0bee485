import { type Engine, Gino, type RegisteredGino } from '@gino-ts/core'
import { type GinoIntegration } from '@gino-ts/core/integration'
import express, { type Request, type RequestHandler, type Response } from 'express'
import { describe, expectTypeOf, it } from 'vitest'
import { type ExpressGino, ginoExpress } from '../src/index.js'

describe('@gino-ts/express types', () => {
  const app = express()
  const db = new Gino()

  it('returns the integration handle', () => {
    const gino = ginoExpress(app, { db, dsn: 'pglite://', logger: console })
    expectTypeOf(gino).toEqualTypeOf<ExpressGino>()
    expectTypeOf(gino.middleware).toEqualTypeOf<RequestHandler>()
    expectTypeOf(gino.integration).toEqualTypeOf<GinoIntegration<Request>>()
    expectTypeOf(gino.start()).toEqualTypeOf<Promise<Engine>>()
    expectTypeOf(gino.transaction((_req, res) => void res.json({}))).toEqualTypeOf<RequestHandler>()
  })

  it('types req.db, app.locals.db and res.locals.db', () => {
    expectTypeOf(app.locals.db).toEqualTypeOf<RegisteredGino>()
    app.get('/', (req, res) => {
      expectTypeOf(req.db).toEqualTypeOf<RegisteredGino>()
      expectTypeOf(res.locals.db).toEqualTypeOf<RegisteredGino>()
      res.end()
    })
  })

  it('takes the options, with a db of any table types', () => {
    ginoExpress(app, { db: new Gino<{ users: { id: number } }>() })
    ginoExpress(app, {
      db,
      requestId: (req) => req.get('x-trace-id'),
      databases: {
        allow: ['a', 'b'],
        select: (req) => {
          expectTypeOf(req).toEqualTypeOf<Request>()
          return req.get('x-tenant')
        },
      },
      schemas: {
        allow: (name) => name.startsWith('tenant_'),
        select: (req) => {
          expectTypeOf(req).toEqualTypeOf<Request>()
          return req.get('x-tenant')
        },
      },
    })
    ginoExpress(app, { db, schemas: { allow: ['a'], select: { query: 'tenant' } } })
    // @ts-expect-error db is required
    ginoExpress(app, { dsn: 'pglite://' })
    // @ts-expect-error echo is a boolean
    ginoExpress(app, { db, echo: 'yes' })
  })
})

describe('gino.transaction() keeps the handler types', () => {
  const app = express()
  const gino = ginoExpress(app, { db: new Gino() })

  it('takes a Request<{ id: string }> handler under strict and returns a handler of the same params', () => {
    const handler = gino.transaction((req: Request<{ id: string }>, res: Response) => {
      expectTypeOf(req.params.id).toEqualTypeOf<string>()
      res.json({ id: req.params.id })
    })
    expectTypeOf(handler).toEqualTypeOf<RequestHandler<{ id: string }>>()
    app.put('/users/:id', handler)
  })

  it('gives an unannotated handler the Express defaults', () => {
    app.get(
      '/teams/:team/users/:user',
      gino.transaction((_req, res) => {
        res.end()
      }),
    )
    expectTypeOf(gino.transaction((_req, res) => void res.json({}))).toEqualTypeOf<RequestHandler>()
  })

  it('refuses a handler of another shape', () => {
    // @ts-expect-error a handler takes a request first
    gino.transaction((req: number) => req)
  })
})
