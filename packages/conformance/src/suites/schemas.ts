import diagnosticsChannel from 'node:diagnostics_channel'
import type { Engine } from '@gino-ts/core'
import request from 'supertest'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { LogRecord, NeutralOptions } from '../adapter.js'
import { eventually, uniqueName } from '../admin.js'
import type { SuiteContext } from '../context.js'

interface WhereAmI {
  schema: string
  selected: string | null
}

/**
 * The SQL of every statement sent while `fn` runs (the `gino-ts:query` tracing channel),
 * and after it until `settled` holds (a request's connection is released after its answer).
 */
async function statementsOf(
  fn: () => Promise<unknown>,
  settled: (seen: readonly string[]) => boolean = () => true,
): Promise<string[]> {
  const seen: string[] = []
  const channel = diagnosticsChannel.tracingChannel<object, { sql: string }>('gino-ts:query')
  const handlers = {
    start: (context: { sql: string }) => void seen.push(context.sql),
    end() {},
    asyncStart() {},
    asyncEnd() {},
    error() {},
  }
  channel.subscribe(handlers)
  try {
    await fn()
    await eventually(() => settled(seen))
  } finally {
    channel.unsubscribe(handlers)
  }
  return seen
}

/** `SHOW search_path` on every connection of the pool: all of them taken at once. */
async function pooledSearchPaths(engine: Engine, size: number): Promise<unknown[]> {
  const connections = await Promise.all(Array.from({ length: size }, () => engine.acquire()))
  try {
    return await Promise.all(connections.map((conn) => conn.scalar('SHOW search_path')))
  } finally {
    await Promise.all(connections.map((conn) => conn.release()))
  }
}

/**
 * Per-request schemas (schema per tenant): the allow-list answers 400 before anything is
 * sent, tenants' rows never mix, connections go back with the default search_path, and
 * behind a transaction-mode pooler the schema is SET LOCAL in each transaction.
 */
export function schemasTests(ctx: SuiteContext): void {
  const server = ctx.driver.name === 'pg'
  let tenantA = ''
  let tenantB = ''
  let defaultPath: unknown

  beforeAll(async () => {
    tenantA = uniqueName(`${ctx.prefix}_ta`)
    tenantB = uniqueName(`${ctx.prefix}_tb`)
    // The Item model has no schema of its own: createAll makes its table in each tenant.
    for (const schema of [tenantA, tenantB])
      await ctx.db.createAll({ schema, createSchema: true, bind: ctx.engine(), models: [ctx.Item] })
    defaultPath = await ctx.engine().scalar('SHOW search_path')
  })

  afterAll(async () => {
    for (const schema of [tenantA, tenantB])
      await ctx.engine().status(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  })

  const withSchemas = (
    label: string,
    extra: Partial<NeutralOptions> = {},
    select?: NonNullable<NeutralOptions['schemas']>['select'],
  ): NeutralOptions => {
    const { options } = ctx.baseOptions(label)
    return {
      ...options,
      poolMaxSize: 2,
      ...extra,
      schemas: { allow: [tenantA, tenantB], ...(select === undefined ? {} : { select }) },
    }
  }

  const tenantNames = async (schema: string): Promise<string[]> => {
    const rows = await ctx.engine().all(`SELECT name FROM "${schema}".${ctx.table} ORDER BY id`)
    return rows.map((row) => (row as { name: string }).name)
  }

  it('runs each request in the schema it names; without one, in the default search_path', async () => {
    const logs: LogRecord[] = []
    const app = await ctx.build(withSchemas('schq', { echo: true }), { logs })
    const inA = (await request(app.server).get(`/whereami?schema=${tenantA}`).expect(200))
      .body as WhereAmI
    const inB = (await request(app.server).get(`/whereami?schema=${tenantB}`).expect(200))
      .body as WhereAmI
    const none = (await request(app.server).get('/whereami').expect(200)).body as WhereAmI
    expect(inA).toEqual({ schema: tenantA, selected: tenantA })
    expect(inB).toEqual({ schema: tenantB, selected: tenantB })
    expect(none).toEqual({ schema: 'public', selected: null })
    // Echo lines of a request name its schema (PGlite's shared engine is given: no echo).
    if (server) {
      const echoed = logs.find((line) => line.sql === 'SELECT current_schema()')
      expect(echoed).toMatchObject({ level: 'debug', schema: tenantA })
    }
  })

  it("never mixes two tenants' rows under concurrent requests, and gives the pool back its default search_path", async () => {
    const app = await ctx.build(withSchemas('schmix', {}, { header: 'x-tenant' }))
    const create = (schema: string, name: string) =>
      request(app.server).post('/items').set('x-tenant', schema).send({ name })
    const list = (schema: string) => request(app.server).get('/items').set('x-tenant', schema)
    const rounds = 12
    // Writes and reads of both tenants interleaved on a pool of two connections.
    const all = await Promise.all(
      Array.from({ length: rounds }, (_, index) => [
        create(tenantA, `a-${index}`),
        list(tenantB),
        create(tenantB, `b-${index}`),
        list(tenantA),
      ]).flat(),
    )
    const seen = (body: unknown): string[] =>
      (body as Array<{ name: string }>).map((row) => row.name)
    for (const [index, res] of all.entries()) {
      const kind = index % 4
      expect(res.status).toBe(kind === 0 || kind === 2 ? 201 : 200)
      if (kind === 1) expect(seen(res.body).every((name) => name.startsWith('b-'))).toBe(true)
      if (kind === 3) expect(seen(res.body).every((name) => name.startsWith('a-'))).toBe(true)
    }
    expect((await tenantNames(tenantA)).sort()).toEqual(
      Array.from({ length: rounds }, (_, index) => `a-${index}`).sort(),
    )
    expect((await tenantNames(tenantB)).every((name) => name.startsWith('b-'))).toBe(true)
    expect(seen((await list(tenantB).expect(200)).body)).toHaveLength(rounds)

    if (server) {
      expect(app.integration.engine.stats.total).toBe(2)
      expect(await pooledSearchPaths(app.integration.engine, 2)).toEqual([defaultPath, defaultPath])
    } else {
      expect(await app.integration.engine.scalar('SHOW search_path')).toBe(defaultPath)
    }
  })

  it('answers 400 for a schema not allowed, before any statement is sent', async () => {
    const app = await ctx.build(withSchemas('schdeny'))
    const refused = `${tenantA}_other`
    let denied: request.Response | undefined
    let malformed: request.Response | undefined
    const sent = await statementsOf(async () => {
      denied = await request(app.server).get(`/whereami?schema=${refused}`)
      malformed = await request(app.server).get(
        `/whereami?schema=${encodeURIComponent('x"; DROP TABLE y; --'.padEnd(70, 'z'))}`,
      )
    })
    expect(denied?.status).toBe(400)
    // Through the app's error handler, which shapes `{ error, code }` bodies.
    expect(denied?.body).toEqual({
      error: `Schema "${refused}" is not allowed.`,
      code: 'SCHEMA_NOT_ALLOWED',
    })
    expect(malformed?.status).toBe(400)
    expect((malformed?.body as { code: string }).code).toBe('SCHEMA_NOT_ALLOWED')
    expect(sent).toEqual([])
  })

  it('gives a request with a schema its connection even with useConnectionForRequest: false', async () => {
    const app = await ctx.build(withSchemas('schnoconn', { useConnectionForRequest: false }))
    const res = await request(app.server).get(`/whereami?schema=${tenantB}`).expect(200)
    expect((res.body as WhereAmI).schema).toBe(tenantB)
  })

  it('runs the route transaction in the schema: commit keeps the row there, a throw keeps nothing', async () => {
    const app = await ctx.build(withSchemas('schtx'))
    const reset = 'RESET search_path'
    const sent = await statementsOf(
      () =>
        request(app.server)
          .post(`/tx/commit?schema=${tenantB}`)
          .send({ name: 'b-tx-commit' })
          .expect(200),
      (seen) => seen.includes(reset),
    )
    // Taken at the first statement, the connection is in the schema before the lazy BEGIN.
    expect(sent).toEqual([`SET search_path TO "${tenantB}"`, 'BEGIN', sent[2], 'COMMIT', reset])
    expect(sent[2]).toMatch(/^insert into/i)
    await request(app.server)
      .post(`/tx/throw?schema=${tenantB}`)
      .send({ name: 'b-tx-throw' })
      .expect(500)
    const names = await tenantNames(tenantB)
    expect(names).toContain('b-tx-commit')
    expect(names).not.toContain('b-tx-throw')
  })

  it.skipIf(!server)(
    'behind a transaction-mode pooler (pooler: true), SETs the schema LOCAL in each transaction, never on the session',
    async () => {
      const { options } = ctx.baseOptions('schpooler')
      const app = await ctx.build(
        withSchemas('schpooler', {
          engineOptions: { ...options.engineOptions, pooler: true },
        }),
      )
      const sent = await statementsOf(async () => {
        await request(app.server)
          .post(`/tx/commit?schema=${tenantA}`)
          .send({ name: 'a-pooler-tx' })
          .expect(200)
        const listed = await request(app.server).get(`/items?schema=${tenantA}`).expect(200)
        expect((listed.body as Array<{ name: string }>).map((row) => row.name)).toContain(
          'a-pooler-tx',
        )
      })
      const begin = `BEGIN; SET LOCAL search_path TO "${tenantA}"`
      expect(sent.filter((sql) => sql === begin)).toHaveLength(2)
      expect(sent.filter((sql) => /^\s*(SET search_path|RESET)/i.test(sql))).toEqual([])
      expect(await tenantNames(tenantA)).toContain('a-pooler-tx')
      expect(await pooledSearchPaths(app.integration.engine, 1)).toEqual([defaultPath])
    },
  )
}
