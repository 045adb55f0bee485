import { sql } from '@gino-ts/core'
import {
  db,
  type DemoOptions,
  demoAdmin,
  errorResponse,
  MAX_BODY_BYTES,
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
import { adminRouter } from '@gino-ts/admin/express'
import { type ExpressGino, firstOr404, getOr404, ginoExpress } from '@gino-ts/express'
import express, { type ErrorRequestHandler, type Express } from 'express'

/** The app and its gino integration (`gino.close()` stops the database side). */
export interface ExpressDemo {
  readonly app: Express
  readonly gino: ExpressGino
}

/**
 * The demo service on Express: `@gino-ts/express` gives every request a connection of
 * its own; `gino.start()` binds `db` before the app is returned, with its tables ready.
 *
 * @example
 * ```ts
 * const { app } = await createApp({ dsn: 'pglite://', allowedDatabases: [] })
 * app.listen(3000)
 * ```
 */
export async function createApp(options: DemoOptions): Promise<ExpressDemo> {
  const app = express()
  // As the other two apps: /users and /Users, /users and /users/ are different paths.
  app.set('case sensitive routing', true)
  app.set('strict routing', true)
  const gino = ginoExpress(app, {
    db,
    dsn: options.dsn,
    // GET /current-database?db=NAME runs on database NAME (one lazily created engine per name).
    databases: { allow: options.allowedDatabases },
  })
  app.use(gino.middleware)
  // The admin at /admin when ADMIN_TOKEN is set: HTML forms, with their own CSRF checks.
  const admin = demoAdmin(options.adminToken)
  if (admin !== undefined) app.use(adminRouter(admin))
  // Only JSON bodies (415 else: no form another site could post), up to MAX_BODY_BYTES.
  app.use((req, _res, next) => {
    requireJsonBody(req.headers)
    next()
  })
  app.use(express.json({ limit: MAX_BODY_BYTES }))

  app.get('/health', (_req, res) => {
    res.json({ ok: true })
  })

  app.get('/users', async (req, res) => {
    const { limit, offset } = parsePage(req.query)
    res.json(await User.all((query) => query.orderBy('id').limit(limit).offset(offset)))
  })

  app.post('/users', async (req, res) => {
    res.status(201).json(await User.create(parseNewUser(req.body)))
  })

  app.post('/users/bulk', async (req, res) => {
    // One INSERT ... VALUES (...), (...) RETURNING for the whole list.
    const users = await User.insertMany(parseNewUsers(req.body))
    res.status(201).json({ count: users.length, ids: users.map((user) => user.id) })
  })

  app.get('/users/:id', async (req, res) => {
    res.json(await getOr404(User, parseId(req.params.id)))
  })

  app.patch(
    '/users/:id',
    gino.transaction(async (req, res) => {
      const changes = parseUserChanges(req.body)
      const user = await getOr404(User, parseId(req.params.id))
      res.json(await user.update(changes).apply())
    }),
  )

  app.delete('/users/:id', async (req, res) => {
    const user = await getOr404(User, parseId(req.params.id))
    await user.delete()
    res.status(204).end()
  })

  app.get('/users/:id/books', async (req, res) => {
    res.json(await firstOr404(userWithBooks(parseId(req.params.id))))
  })

  app.post(
    '/users/:id/visits',
    gino.transaction(async (req, res) => {
      const user = await getOr404(User, parseId(req.params.id))
      res.status(201).json(await Visit.create({ userId: user.id }))
    }),
  )

  app.get('/stats/visits', async (_req, res) => {
    res.json((await visitCounts()).map(([user, visits]) => ({ user, visits })))
  })

  app.get('/current-database', async (_req, res) => {
    const dbname = await db.scalar(sql<{ dbname: string }>`SELECT current_database() AS dbname`)
    res.json({ dbname })
  })

  // No route took it: 405 with Allow on a known path, else 404.
  app.use((req, res) => {
    const { status, headers, body } = noRoute(req.method, req.path)
    res.status(status).set(headers)
    if (body === undefined) res.end()
    else res.json(body)
  })
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const { status, body, headers, unexpected } = errorResponse(error)
    if (unexpected) console.error('request failed:', error)
    res.status(status).set(headers).json(body)
  }
  app.use(onError)

  await startWithDatabase(gino, options.schema)
  return { app, gino }
}
