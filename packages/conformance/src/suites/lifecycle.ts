import { createEngine, DatabaseNotConfiguredError, InvalidOptionError } from '@gino-ts/core'
import request from 'supertest'
import { expect, it } from 'vitest'
import type { LogRecord } from '../adapter.js'
import { countConnections, eventually, uniqueName } from '../admin.js'
import type { SuiteContext } from '../context.js'
import { SERVER_DATABASE, serverUrlVia } from '../drivers.js'
import { lateProxy } from '../late-proxy.js'

/** Startup (config, retries), shutdown (what is closed, what is left alone). */
export function lifecycleTests(ctx: SuiteContext): void {
  const server = ctx.driver.name === 'pg'

  it('closes the engine it created at shutdown and unbinds db, leaving no connection behind', async () => {
    const { options, applicationName } = ctx.ownEngineOptions('shutdown')
    const app = await ctx.build({ ...options, poolMinSize: server ? 2 : undefined })
    await request(app.server).get('/pids').expect(200)
    const engine = app.integration.engine
    if (server) expect(await countConnections(applicationName)).toBeGreaterThanOrEqual(2)
    await app.close()
    expect(engine.closed).toBe(true)
    expect(ctx.db.isBound).toBe(false)
    if (server)
      expect(await eventually(async () => (await countConnections(applicationName)) === 0)).toBe(
        true,
      )
  })

  it('leaves an engine passed in open at shutdown', async () => {
    const applicationName = uniqueName(`${ctx.prefix}_given`)
    const engine = server ? await createEngine(ctx.driver.url, { applicationName }) : ctx.engine()
    try {
      const app = await ctx.build({ engine })
      expect(app.integration.engine).toBe(engine)
      await request(app.server).get('/pids').expect(200)
      await app.close()
      expect(engine.closed).toBe(false)
      expect(await engine.scalar('SELECT 41 + 1')).toBe(42)
      expect(ctx.db.isBound).toBe(false)
    } finally {
      if (server) await engine.close()
    }
  })

  it('reads its configuration from DB_* variables of the env option', async () => {
    const applicationName = uniqueName(`${ctx.prefix}_env`)
    const logs: LogRecord[] = []
    const env = {
      DB_DSN: ctx.driver.url,
      DB_POOL_MIN_SIZE: '1',
      DB_POOL_MAX_SIZE: '3',
      DB_ECHO: 'true',
      DB_USE_CONNECTION_FOR_REQUEST: 'false',
      DB_RETRY_LIMIT: '2',
      DB_RETRY_INTERVAL: '0.5',
      DB_KWARGS: JSON.stringify({ application_name: applicationName }),
    }
    const app = await ctx.build({ env }, { logs })
    expect(app.integration.config).toMatchObject({
      dsn: ctx.driver.url,
      echo: true,
      poolMinSize: 1,
      poolMaxSize: 3,
      useConnectionForRequest: false,
      retryLimit: 2,
      retryInterval: 0.5,
    })
    await request(app.server).get('/echo').set('X-Request-Id', 'env-req').expect(200)
    expect(logs.some((line) => line.level === 'debug' && line.msg.includes('echo_marker'))).toBe(
      true,
    )
    if (server) {
      expect(app.integration.engine.options).toMatchObject({ min: 1, max: 3 })
      expect(await countConnections(applicationName)).toBeGreaterThanOrEqual(1)
    } else {
      expect(app.integration.engine.driver).toBe('pglite')
    }
  })

  it('refuses to start without a database URL in production, with a typed error naming the variables', async () => {
    const error: unknown = await ctx.build({ env: { NODE_ENV: 'production' } }).then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(DatabaseNotConfiguredError)
    expect((error as DatabaseNotConfiguredError).code).toBe('DATABASE_NOT_CONFIGURED')
    expect((error as Error).message).toContain('DATABASE_URL')
    expect(ctx.db.isBound).toBe(false)
  })

  it.each([
    ['DB_POOL_MAX_SIZE', 'lots'],
    ['DB_ECHO', 'maybe'],
    ['DB_RETRY_INTERVAL', '-1'],
    ['DB_KWARGS', '{not json'],
    ['DB_DSN', 'mysql://localhost/app'],
  ])('refuses to start with an invalid %s', async (key, value) => {
    const env = { DB_DSN: ctx.driver.url, [key]: value }
    const error: unknown = await ctx.build({ env }).then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect((error as InvalidOptionError).option).toBe(key)
    expect((error as Error).message).toContain(key)
  })

  if (!server) {
    it('falls back to an embedded PGlite database without any DSN outside production, with a warning', async () => {
      const logs: LogRecord[] = []
      const app = await ctx.build({ env: {} }, { logs })
      expect(app.integration.engine.driver).toBe('pglite')
      expect(app.integration.config.fallback).toBe(true)
      expect(
        logs.some(
          (line) =>
            line.level === 'warn' && line.msg.includes('PGlite') && line.msg.includes('LOST'),
        ),
      ).toBe(true)
      await request(app.server).get('/pids').expect(200)
    })

    it('uses the embedded database when DB_EMBEDDED=true asks for it, even in production', async () => {
      const logs: LogRecord[] = []
      const env = { NODE_ENV: 'production', DB_EMBEDDED: 'true' }
      const app = await ctx.build({ env }, { logs })
      expect(app.integration.engine.driver).toBe('pglite')
      expect(logs.filter((line) => line.level === 'warn')).toEqual([])
      await request(app.server).get('/pids').expect(200)
    })
  }

  if (server) {
    it('reads DB_* variables from process.env by default', async () => {
      const saved = { ...process.env }
      const applicationName = uniqueName(`${ctx.prefix}_procenv`)
      Object.assign(process.env, {
        DB_DSN: ctx.driver.url,
        DB_POOL_MIN_SIZE: '0',
        DB_POOL_MAX_SIZE: '4',
        DB_KWARGS: JSON.stringify({ application_name: applicationName }),
      })
      try {
        const app = await ctx.build({})
        expect(app.integration.engine.options).toMatchObject({ min: 0, max: 4 })
        await request(app.server).get('/pids').expect(200)
        expect(await countConnections(applicationName)).toBe(1)
      } finally {
        for (const key of ['DB_DSN', 'DB_POOL_MIN_SIZE', 'DB_POOL_MAX_SIZE', 'DB_KWARGS']) {
          if (saved[key] === undefined) delete process.env[key]
          else process.env[key] = saved[key]
        }
      }
    })

    it('retries at startup until the database comes up', async () => {
      const proxy = await lateProxy(1200)
      const logs: LogRecord[] = []
      try {
        const started = Date.now()
        const app = await ctx.build(
          {
            dsn: serverUrlVia(proxy.port),
            retryLimit: 20,
            retryInterval: 0.2,
            poolMinSize: 1,
          },
          { logs },
        )
        expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
        expect(
          logs.filter((line) => line.level === 'warn' && line.msg.includes('retrying')).length,
        ).toBeGreaterThan(1)
        await request(app.server).get('/pids').expect(200)
        expect(await app.integration.engine.scalar('SELECT current_database()')).toBe(
          SERVER_DATABASE,
        )
      } finally {
        await proxy.close()
      }
    })

    it('gives up at startup after retryLimit attempts', async () => {
      const proxy = await lateProxy(60_000)
      const logs: LogRecord[] = []
      try {
        const started = Date.now()
        const error: unknown = await ctx
          .build(
            {
              dsn: serverUrlVia(proxy.port),
              retryLimit: 3,
              retryInterval: 0.1,
            },
            { logs },
          )
          .then(
            () => undefined,
            (caught: unknown) => caught,
          )
        expect(error).toBeInstanceOf(Error)
        expect(Date.now() - started).toBeGreaterThanOrEqual(200)
        expect(
          logs.filter((line) => line.level === 'warn' && line.msg.includes('retrying')),
        ).toHaveLength(2)
      } finally {
        await proxy.close()
      }
    })
  }
}
