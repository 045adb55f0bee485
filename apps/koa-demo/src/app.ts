import { bodyParser } from '@koa/bodyparser'
import { Router } from '@koa/router'
import { sql } from '@gino-ts/core'
import {
  db,
  type DemoOptions,
  errorResponse,
  MAX_BODY_BYTES,
  demoAdmin,
  noRoute,
  parseId,
  parseNewUser,
  parseNewUsers,
  parsePage,
  parseUserChanges,
  startWithDatabase,
  requireJsonBody,
  User,
  userWithBooks,
  Visit,
  visitCounts,
} from '@gino-ts/demo-shared'
import { adminKoa } from '@gino-ts/admin/koa'
import { firstOr404, getOr404, ginoKoa, type KoaGino } from '@gino-ts/koa'
import Koa, { type Context, type Next } from 'koa'

/** The app and its gino integration (`gino.close()` stops the database side). */
export interface KoaDemo {
  readonly app: Koa
  readonly gino: KoaGino
}

/** Answers errors thrown downstream as `{ "error": message }` JSON. */
async function handleErrors(ctx: Context, next: Next): Promise<void> {
  try {
    await next()
  } catch (error) {
    const { status, body, headers, unexpected } = errorResponse(error)
    if (unexpected) ctx.app.emit('error', error, ctx)
    ctx.status = status
    ctx.set(headers)
    ctx.body = body
  }
}

/** Reached when no route matched: 405 with Allow on a known path, else 404. */
function noRouteMatched(ctx: Context): void {
  const { status, headers, body } = noRoute(ctx.method, ctx.path)
  ctx.status = status
  ctx.set(headers)
  if (body !== undefined) ctx.body = body
}

/** Only JSON bodies (415 else: no form another site could post), checked before parsing. */
async function jsonBodiesOnly(ctx: Context, next: Next): Promise<void> {
  requireJsonBody(ctx.headers)
  await next()
}

function routes(gino: KoaGino): Router {
  // As the other two apps: /users and /Users, /users and /users/ are different paths.
  const router = new Router({ sensitive: true, strict: true })

  router.get('/health', (ctx) => {
    ctx.body = { ok: true }
  })

  router.get('/users', async (ctx) => {
    const { limit, offset } = parsePage(ctx.query)
    ctx.body = await User.all((query) => query.orderBy('id').limit(limit).offset(offset))
  })

  router.post('/users', async (ctx) => {
    ctx.status = 201
    ctx.body = await User.create(parseNewUser(ctx.request.body))
  })

  router.post('/users/bulk', async (ctx) => {
    // One INSERT ... VALUES (...), (...) RETURNING for the whole list.
    const users = await User.insertMany(parseNewUsers(ctx.request.body))
    ctx.status = 201
    ctx.body = { count: users.length, ids: users.map((user) => user.id) }
  })

  router.get('/users/:id', async (ctx) => {
    ctx.body = await getOr404(User, parseId(ctx.params.id))
  })

  router.patch('/users/:id', gino.transaction(), async (ctx) => {
    const changes = parseUserChanges(ctx.request.body)
    const user = await getOr404(User, parseId(ctx.params.id))
    ctx.body = await user.update(changes).apply()
  })

  router.delete('/users/:id', async (ctx) => {
    const user = await getOr404(User, parseId(ctx.params.id))
    await user.delete()
    ctx.status = 204
  })

  router.get('/users/:id/books', async (ctx) => {
    ctx.body = await firstOr404(userWithBooks(parseId(ctx.params.id)))
  })

  router.post('/users/:id/visits', gino.transaction(), async (ctx) => {
    const user = await getOr404(User, parseId(ctx.params.id))
    ctx.status = 201
    ctx.body = await Visit.create({ userId: user.id })
  })

  router.get('/stats/visits', async (ctx) => {
    ctx.body = (await visitCounts()).map(([user, visits]) => ({ user, visits }))
  })

  router.get('/current-database', async (ctx) => {
    ctx.body = {
      dbname: await db.scalar(sql<{ dbname: string }>`SELECT current_database() AS dbname`),
    }
  })

  return router
}

/**
 * The demo service on Koa: `@gino-ts/koa` gives every request a connection of its own;
 * `gino.start()` binds `db` before the app is returned, with its tables ready.
 *
 * @example
 * ```ts
 * const { app } = await createApp({ dsn: 'pglite://', allowedDatabases: [] })
 * app.listen(3000)
 * ```
 */
export async function createApp(options: DemoOptions): Promise<KoaDemo> {
  const app = new Koa()
  const gino = ginoKoa(app, {
    db,
    dsn: options.dsn,
    // GET /current-database?db=NAME runs on database NAME (one lazily created engine per name).
    databases: { allow: options.allowedDatabases },
  })
  const router = routes(gino)
  app.use(handleErrors)
  app.use(gino.middleware)
  // The admin at /admin when ADMIN_TOKEN is set: HTML forms, with their own CSRF checks.
  const admin = demoAdmin(options.adminToken)
  if (admin !== undefined) app.use(adminKoa(admin))
  app.use(jsonBodiesOnly)
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: MAX_BODY_BYTES }))
  app.use(router.routes())
  app.use(noRouteMatched)

  await startWithDatabase(gino, options.schema)
  return { app, gino }
}
