import {
  column,
  createEngine,
  GinoHttpError,
  type Engine,
  Gino,
  type ModelClass,
} from '@gino-ts/core'
import { currentRequestScope, firstOr404, getOr404 } from '@gino-ts/core/integration'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type {
  BuildOptions,
  ConformanceApp,
  ConformanceRequest,
  ConformanceRoute,
  FrameworkAdapter,
  LogRecord,
  NeutralOptions,
} from './adapter.js'
import { adminQuery, uniqueName } from './admin.js'
import type { DriverCase } from './drivers.js'

const itemColumns = {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
}

export type ItemModel = ModelClass<string, typeof itemColumns>

/** Everything a group of conformance tests shares, for one framework and one driver. */
export interface SuiteContext {
  readonly adapter: FrameworkAdapter
  readonly driver: DriverCase
  readonly db: Gino
  /** The `Item` model on the suite's table. */
  readonly Item: ItemModel
  readonly table: string
  /** A prefix for names unique to this framework and driver (`cf_fastify_pg`). */
  readonly prefix: string
  /** PGlite: the engine the apps share (a fresh embedded database is slow to create). Server: an engine for setup. */
  readonly engine: () => Engine
  /** Options for an app on this driver; on the server with its own `applicationName`. */
  baseOptions(label: string): { options: NeutralOptions; applicationName: string }
  /** Options for an app on this driver whose engine the integration creates. */
  ownEngineOptions(label: string): { options: NeutralOptions; applicationName: string }
  /** Builds an app (closed after the test). */
  build(
    options: NeutralOptions,
    extra?: { routes?: readonly ConformanceRoute[]; logs?: LogRecord[] },
  ): Promise<ConformanceApp>
  /** The routes of the standard app. */
  routes(hooks?: RouteHooks): ConformanceRoute[]
}

/** Test-controlled behaviour of some standard routes. */
export interface RouteHooks {
  /** `/slow` calls this after its first query, then waits for `gate`. */
  slowStarted?: () => void
  gate?: Promise<void>
  /** `/whoami` records the engine each request ran on. */
  engines?: Engine[]
}

function route(
  method: ConformanceRoute['method'],
  path: string,
  handler: ConformanceRoute['handler'],
  transaction = false,
): ConformanceRoute {
  return { method, path, handler, transaction }
}

function bodyName(request: ConformanceRequest): string {
  const body = request.body as { name?: unknown } | undefined
  return typeof body?.name === 'string' ? body.name : 'unnamed'
}

function standardRoutes(db: Gino, Item: ItemModel, hooks: RouteHooks): ConformanceRoute[] {
  const pid = (): Promise<number | null> =>
    db.scalar('SELECT pg_backend_pid() AS pid') as Promise<number | null>
  const create = (request: ConformanceRequest): Promise<unknown> =>
    Item.create({ name: bodyName(request) })
  return [
    route('GET', '/decorators', (request) =>
      Promise.resolve({ same: request.db === db, bound: db.isBound }),
    ),
    route('POST', '/items', async (request) => {
      request.status(201)
      return create(request)
    }),
    route('GET', '/items/:id', async (request) => getOr404(Item, Number(request.params.id))),
    route('GET', '/items-by-name/:name', async (request) =>
      firstOr404(Item.query.where('name', '=', request.params.name!)),
    ),
    route('GET', '/items', async () => db.all(Item.query.orderBy('id'))),
    route('POST', '/items/:id/rename', async (request) => {
      const item = await getOr404(Item, Number(request.params.id))
      await item.update({ name: bodyName(request) }).apply()
      return item
    }),
    route('POST', '/items/:id/delete', async (request) => {
      const item = await getOr404(Item, Number(request.params.id))
      await item.delete()
      return { deleted: item.id }
    }),
    route('GET', '/lazy', async () => {
      const busy = (): number => db.bind.stats.total - db.bind.stats.idle
      const before = busy()
      await pid()
      return { before, after: busy() }
    }),
    route('GET', '/pids', async () => {
      const first = await pid()
      await new Promise((resolve) => setTimeout(resolve, 5))
      const second = await pid()
      const inTransaction = await db.transaction(() => pid())
      return { first, second, inTransaction }
    }),
    route('POST', '/pids', async (request) => {
      const first = await pid()
      const second = await (request.db as Gino).scalar('SELECT pg_backend_pid()')
      return { first, second, body: request.body }
    }),
    route('POST', '/tx/commit', create, true),
    route(
      'POST',
      '/tx/throw',
      async (request) => {
        await create(request)
        throw new Error('handler failed after inserting')
      },
      true,
    ),
    route(
      'POST',
      '/tx/status-503',
      async (request) => {
        await create(request)
        request.status(503)
        return { unavailable: true }
      },
      true,
    ),
    route(
      'POST',
      '/tx/not-found',
      async (request) => {
        await create(request)
        return getOr404(Item, -1)
      },
      true,
    ),
    route(
      'POST',
      '/tx/nested',
      async (request) => {
        await create(request)
        await db.transaction(async (inner) => {
          await Item.create({ name: `${bodyName(request)}-inner` })
          await inner.rollback()
        })
        return { ok: true }
      },
      true,
    ),
    route(
      'POST',
      '/tx/deferred',
      async (request) => {
        // Both rows pass the statement; the deferred unique constraint fails at COMMIT.
        const value = bodyName(request)
        await db.status(
          `INSERT INTO ${Item.tableName}_deferred (value) VALUES (:value), (:value)`,
          { value },
        )
        return { inserted: 2 }
      },
      true,
    ),
    route(
      'POST',
      '/tx/pids',
      async () => {
        const first = await pid()
        const second = await pid()
        return {
          first,
          second,
          xact: await db.scalar(
            'SELECT txid_current_if_assigned() IS NOT NULL OR now() <> statement_timestamp()',
          ),
        }
      },
      true,
    ),
    route(
      'POST',
      '/tx/killed',
      async (request) => {
        // The server loses this request's backend mid-transaction (a failover, an admin's
        // pg_terminate_backend): its COMMIT or ROLLBACK cannot succeed.
        await create(request)
        const backend = await pid()
        await adminQuery('SELECT pg_terminate_backend($1)', [backend])
        if (request.query.then === 'throw') throw new Error('handler failed after its backend died')
        return { ok: true }
      },
      true,
    ),
    route(
      'POST',
      '/tx/validated',
      async (request) => {
        // Validation before any query: a 400 that must not need the database.
        const body = request.body as { name?: unknown } | undefined
        if (typeof body?.name !== 'string')
          throw new GinoHttpError(400, 'INVALID_REQUEST', 'name is required.')
        return create(request)
      },
      true,
    ),
    route('POST', '/no-tx/throw', async (request) => {
      await create(request)
      throw new Error('handler failed after inserting, without a transaction')
    }),
    route('GET', '/echo', async () => db.scalar("SELECT 'echo_marker' AS marker")),
    route('GET', '/work', async (request) => {
      const first = await pid()
      await db.scalar('SELECT 1')
      if (request.query.fail === '1') throw new Error('planned failure')
      return { first }
    }),
    route('GET', '/slow', async () => {
      const first = await pid()
      hooks.slowStarted?.()
      await hooks.gate
      return { first, second: await pid() }
    }),
    route('GET', '/whoami', async () => {
      hooks.engines?.push(db.bind)
      await hooks.gate
      return {
        database: await db.scalar('SELECT current_database()'),
        selected: currentRequestScope()?.database ?? null,
      }
    }),
    route('GET', '/whereami', async () => ({
      schema: await db.scalar('SELECT current_schema()'),
      selected: currentRequestScope()?.schema ?? null,
    })),
    route('POST', '/marker', async (request) => {
      await db.status('CREATE TABLE IF NOT EXISTS cf_marker (value text)')
      await db.status('INSERT INTO cf_marker (value) VALUES (:value)', { value: bodyName(request) })
      return { ok: true }
    }),
    route('GET', '/marker', async () => {
      await db.status('CREATE TABLE IF NOT EXISTS cf_marker (value text)')
      const rows = await db.all('SELECT value FROM cf_marker ORDER BY value')
      return rows.map((row) => (row as { value: string }).value)
    }),
  ]
}

/** Sets up the shared state of one framework x driver block (call inside its `describe`). */
export function createSuiteContext(adapter: FrameworkAdapter, driver: DriverCase): SuiteContext {
  const prefix = `cf_${adapter.name}_${driver.name}`.toLowerCase().replace(/[^a-z0-9_]/g, '_')
  // Per process: two runs of one suite (two terminals, a CI job) share the server database.
  const table = `${prefix}_${process.pid}_items`
  const db = new Gino()
  const Item = db.model(table, itemColumns)
  const open = new Set<ConformanceApp>()
  let engine: Engine | undefined

  beforeAll(async () => {
    if (driver.name === 'pglite') {
      engine = await createEngine('pglite://')
    } else {
      engine = await createEngine(driver.url, { applicationName: `${prefix}_setup` })
    }
    await engine.status(`DROP TABLE IF EXISTS ${table}`)
    await engine.status(`CREATE TABLE ${table} (id serial PRIMARY KEY, name text NOT NULL)`)
    await engine.status(`DROP TABLE IF EXISTS ${table}_deferred`)
    await engine.status(
      `CREATE TABLE ${table}_deferred (value text UNIQUE DEFERRABLE INITIALLY DEFERRED)`,
    )
  })

  afterEach(async () => {
    const apps = [...open]
    open.clear()
    await Promise.all(apps.map((app) => app.close().catch(() => undefined)))
  })

  afterAll(async () => {
    if (engine === undefined) return
    if (driver.name === 'pg')
      await engine.status(`DROP TABLE IF EXISTS ${table}, ${table}_deferred`)
    await engine.close()
  })

  const context: SuiteContext = {
    adapter,
    driver,
    db,
    Item,
    table,
    prefix,
    engine: () => engine!,
    baseOptions(label) {
      const applicationName = uniqueName(`${prefix}_${label}`)
      if (driver.name === 'pglite')
        return { applicationName, options: { engine: engine! } }
      return {
        applicationName,
        options: { dsn: driver.url, poolMinSize: 0, engineOptions: { applicationName } },
      }
    },
    ownEngineOptions(label) {
      const applicationName = uniqueName(`${prefix}_${label}`)
      if (driver.name === 'pglite')
        return { applicationName, options: { dsn: 'pglite://' } }
      return {
        applicationName,
        options: { dsn: driver.url, poolMinSize: 0, engineOptions: { applicationName } },
      }
    },
    async build(options, extra = {}) {
      const build: BuildOptions = {
        db,
        options,
        routes: extra.routes ?? standardRoutes(db, Item, {}),
        logs: extra.logs ?? [],
      }
      const app = await adapter.build(build)
      open.add(app)
      return app
    },
    routes: (hooks = {}) => standardRoutes(db, Item, hooks),
  }
  return context
}
