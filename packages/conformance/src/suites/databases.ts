import diagnosticsChannel from 'node:diagnostics_channel'
import { type Engine, TRACING_CHANNELS, type TraceContextBase } from '@gino-ts/core'
import { databaseUrl } from '@gino-ts/core/integration'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NeutralOptions } from '../adapter.js'
import { countConnections, createDatabase, dropDatabase, eventually, uniqueName } from '../admin.js'
import type { SuiteContext } from '../context.js'
import { SERVER_DATABASE } from '../drivers.js'

/** `url` with `password` in it (a server URL; a PGlite one is returned as it is). */
function withPassword(url: string, password: string): string {
  if (!url.startsWith('postgres')) return url
  const parsed = new URL(url)
  parsed.password = password
  return parsed.toString()
}

interface WhoAmI {
  database: string
  selected: string | null
}

/** Per-request databases: allow-list, lazy shared creation, 503 and retry, LRU bound. */
export function databasesTests(ctx: SuiteContext): void {
  describe('per-request databases', () => {
    const server = ctx.driver.name === 'pg'
    let first = ''
    let second = ''
    let late = ''

    beforeAll(async () => {
      first = uniqueName(`${ctx.prefix}_a`)
      second = uniqueName(`${ctx.prefix}_b`)
      late = uniqueName(`${ctx.prefix}_late`)
      if (server) await Promise.all([createDatabase(first), createDatabase(second)])
    })

    afterAll(async () => {
      if (server) await Promise.all([first, second, late].map((name) => dropDatabase(name)))
    })

    /** Options with `databases`, counting the URLs asked for. */
    const withDatabases = (
      label: string,
      extra: Partial<NonNullable<NeutralOptions['databases']>> = {},
    ) => {
      const { options, applicationName } = ctx.baseOptions(label)
      const urls: string[] = []
      const databases: NonNullable<NeutralOptions['databases']> = {
        allow: [first, second, late],
        url: (name, base) => {
          urls.push(name)
          return databaseUrl(base, name)
        },
        ...extra,
      }
      return { options: { ...options, databases }, applicationName, urls }
    }

    it('runs each request on the database it names, db.bind resolving to its engine, and closes them at shutdown', async () => {
      const engines: Engine[] = []
      const { options, applicationName } = withDatabases('dbs', {
        // With a password in the per-request URLs, which db.stats() must not show.
        url: (name, base) => withPassword(databaseUrl(base, name), 'stats-secret'),
      })
      const app = await ctx.build(options, { routes: ctx.routes({ engines }) })
      // The engine's creation is traced with the id of the request it is created for.
      const connects: Array<string | undefined> = []
      const connectChannel = diagnosticsChannel.tracingChannel<object, TraceContextBase>(
        TRACING_CHANNELS.connect,
      )
      const onConnect = {
        start: (context: TraceContextBase) => void connects.push(context.requestId),
        end() {},
        asyncStart() {},
        asyncEnd() {},
        error() {},
      }
      connectChannel.subscribe(onConnect)
      try {
        await request(app.server)
          .post(`/marker?db=${first}`)
          .set('X-Request-Id', 'db-req-1')
          .send({ name: 'in-first' })
          .expect(200)
      } finally {
        connectChannel.unsubscribe(onConnect)
      }
      expect(connects).toEqual(['db-req-1'])
      await request(app.server).post(`/marker?db=${second}`).send({ name: 'in-second' }).expect(200)
      expect((await request(app.server).get(`/marker?db=${first}`).expect(200)).body).toEqual([
        'in-first',
      ])
      expect((await request(app.server).get(`/marker?db=${second}`).expect(200)).body).toEqual([
        'in-second',
      ])

      const a = (await request(app.server).get(`/whoami?db=${first}`).expect(200)).body as WhoAmI
      const b = (await request(app.server).get(`/whoami?db=${second}`).expect(200)).body as WhoAmI
      const none = (await request(app.server).get('/whoami').expect(200)).body as WhoAmI
      expect([a.selected, b.selected, none.selected]).toEqual([first, second, null])
      if (server)
        expect([a.database, b.database, none.database]).toEqual([first, second, SERVER_DATABASE])
      expect(engines[0]).not.toBe(engines[1])
      expect(engines[2]).toBe(app.integration.engine)
      expect(app.integration.databases!.stats).toMatchObject({ size: 2, created: 2, failed: 0 })

      // db.stats() lists the per-request engines after the bound one, least recently used first.
      const pools = ctx.db.stats()
      expect(pools.map((pool) => pool.perRequestDatabase)).toEqual([undefined, first, second])
      expect(pools[0]!.url).toBe(app.integration.engine.url)
      for (const [index, name] of [first, second].entries()) {
        const pool = pools[index + 1]!
        expect(pool).toMatchObject({
          driver: ctx.driver.name,
          database: server ? name : 'postgres',
          waiting: 0,
        })
        expect(pool.url).toBe(engines[index]!.url)
        expect(pool.total).toBeGreaterThanOrEqual(1)
        expect(pool.idle).toBe(pool.total)
      }
      expect(JSON.stringify(pools)).not.toContain('stats-secret')

      await app.close()
      expect(engines.slice(0, 2).map((engine) => engine.closed)).toEqual([true, true])
      expect(ctx.db.stats()).toEqual([])
      if (server) {
        expect(await eventually(async () => (await countConnections(applicationName)) === 0)).toBe(
          true,
        )
      }
    })

    it('creates one engine for 50 concurrent first requests of a database', async () => {
      const { options, urls } = withDatabases('dbconc')
      const app = await ctx.build(options)
      const results = await Promise.all(
        Array.from({ length: 50 }, () => request(app.server).get(`/whoami?db=${first}`)),
      )
      expect(results.map((res) => res.status)).toEqual(Array.from({ length: 50 }, () => 200))
      expect(urls).toEqual([first])
      expect(app.integration.databases!.stats).toMatchObject({ size: 1, created: 1 })
    })

    it('answers 400 for a database not allowed, before anything reaches the server', async () => {
      const { options, urls, applicationName } = withDatabases('dbdeny')
      const app = await ctx.build(options)
      // Through the app's error handler, which shapes `{ error, code }` bodies.
      const denied = await request(app.server).get('/whoami?db=postgres').expect(400)
      expect(denied.body).toEqual({
        error: 'Database "postgres" is not allowed.',
        code: 'DATABASE_NOT_ALLOWED',
      })
      const malformed = await request(app.server)
        .get(`/whoami?db=${encodeURIComponent('../etc')}`)
        .expect(400)
      expect((malformed.body as { code: string }).code).toBe('DATABASE_NOT_ALLOWED')
      expect(urls).toEqual([])
      expect(app.integration.databases!.stats).toMatchObject({ size: 0, created: 0 })
      if (server) expect(await countConnections(applicationName, 'postgres')).toBe(0)
    })

    it('answers 503 with Retry-After while a database cannot be opened, without a connection storm, and serves it once it can', async () => {
      let broken = true
      const { options, urls } = withDatabases('dblate', {
        // Long enough for the 20-request burst below to land within it on a loaded machine.
        failureBackoff: { initial: 1 },
        // PGlite has no missing database: a URL that cannot be opened stands in for it.
        url: (name, base) => {
          urls.push(name)
          return !server && broken ? 'pglite://not-a-folder' : databaseUrl(base, name)
        },
      })
      const app = await ctx.build(options)
      const failed = await request(app.server).get(`/whoami?db=${late}`).expect(503)
      expect(failed.body).toEqual({
        error: `Database "${late}" is unavailable; retry later.`,
        code: 'DATABASE_UNAVAILABLE',
      })
      expect(Number(failed.headers['retry-after'])).toBeGreaterThanOrEqual(1)
      expect(app.integration.databases!.stats).toMatchObject({ size: 0, failed: 1 })

      // Meanwhile every request is answered at once, and nothing is tried again.
      const storm = await Promise.all(
        Array.from({ length: 20 }, () => request(app.server).get(`/whoami?db=${late}`)),
      )
      expect(storm.map((res) => res.status)).toEqual(Array.from({ length: 20 }, () => 503))
      expect(storm.every((res) => Number(res.headers['retry-after']) >= 1)).toBe(true)
      expect(urls).toEqual([late])
      expect(app.integration.databases!.stats).toMatchObject({ created: 1, failed: 1 })

      if (server) await createDatabase(late)
      broken = false
      // Once the back-off is over, the next request opens the database.
      let served: WhoAmI | undefined
      const recovered = await eventually(async () => {
        const res = await request(app.server).get(`/whoami?db=${late}`)
        if (res.status !== 200) return false
        served = res.body as WhoAmI
        return true
      }, 5000)
      expect(recovered).toBe(true)
      if (!served) throw new Error('unreachable')
      expect(served.selected).toBe(late)
      if (server) expect(served.database).toBe(late)
      expect(urls).toEqual([late, late])
    })

    it('closes the least recently used engine past the bound, once its requests are over', async () => {
      let open!: () => void
      const gate = new Promise<void>((resolve) => (open = resolve))
      const { options } = withDatabases('dblru', { max: 1 })
      const holding = { engines: [] as Engine[], gate }
      const app = await ctx.build(options, { routes: ctx.routes(holding) })
      const slow = request(app.server)
        .get(`/whoami?db=${first}`)
        .then((res) => res)
      expect(await eventually(() => holding.engines.length === 1)).toBe(true)
      const held = holding.engines[0]!

      // `second` pushes `first` out of the cache, but a request still runs on it.
      const other = request(app.server)
        .get(`/whoami?db=${second}`)
        .then((res) => res)
      expect(await eventually(() => holding.engines.length === 2)).toBe(true)
      expect(app.integration.databases!.names()).toEqual([second])
      expect(held.closed).toBe(false)
      open()
      expect((await slow).status).toBe(200)
      expect((await other).status).toBe(200)
      expect(await eventually(() => held.closed)).toBe(true)

      const again = (await request(app.server).get(`/whoami?db=${first}`).expect(200))
        .body as WhoAmI
      expect(again.selected).toBe(first)
      expect(holding.engines[2]).not.toBe(held)
      expect(await eventually(() => holding.engines[1]!.closed)).toBe(true)
      expect(app.integration.databases!.stats).toMatchObject({ size: 1, created: 3, closed: 2 })
    })
  })
}
