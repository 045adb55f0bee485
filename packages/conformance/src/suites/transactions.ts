import request from 'supertest'
import { expect, it } from 'vitest'
import type { LogRecord } from '../adapter.js'
import type { SuiteContext } from '../context.js'
import { serverUrlVia } from '../drivers.js'
import { lateProxy } from '../late-proxy.js'

/** The statements an echo log shows, first word only (`BEGIN`, `INSERT`, `COMMIT`...). */
function statements(logs: readonly LogRecord[]): string[] {
  return logs
    .filter((line) => line.level === 'debug' && typeof line.sql === 'string')
    .map((line) => (line.sql as string).trim().split(/\s+/)[0]!.toUpperCase())
}

/** Per-route transactions: commit on success, roll back on a throw or a 5xx answer. */
export function transactionTests(ctx: SuiteContext): void {
  const names = async (prefix: string): Promise<string[]> => {
    const rows = await ctx
      .engine()
      .all(`SELECT name FROM ${ctx.table} WHERE name LIKE :prefix ORDER BY name`, {
        prefix: `${prefix}%`,
      })
    return rows.map((row) => (row as { name: string }).name)
  }

  it('commits the route transaction when the handler succeeds', async () => {
    const app = await ctx.build(ctx.baseOptions('txok').options)
    await request(app.server).post('/tx/commit').send({ name: 'tx-commit' }).expect(200)
    expect(await names('tx-commit')).toEqual(['tx-commit'])
  })

  it('rolls the route transaction back when the handler throws', async () => {
    const app = await ctx.build(ctx.baseOptions('txthrow').options)
    await request(app.server).post('/tx/throw').send({ name: 'tx-throw' }).expect(500)
    expect(await names('tx-throw')).toEqual([])
  })

  it('rolls the route transaction back when the handler answers 5xx', async () => {
    const app = await ctx.build(ctx.baseOptions('tx503').options)
    await request(app.server).post('/tx/status-503').send({ name: 'tx-503' }).expect(503)
    expect(await names('tx-503')).toEqual([])
  })

  it('rolls the route transaction back when the handler throws a 404', async () => {
    const app = await ctx.build(ctx.baseOptions('tx404').options)
    await request(app.server).post('/tx/not-found').send({ name: 'tx-404' }).expect(404)
    expect(await names('tx-404')).toEqual([])
  })

  it('answers only once the commit is done: a commit that fails is a 500 and keeps nothing', async () => {
    const app = await ctx.build(ctx.baseOptions('txdeferred').options)
    const res = await request(app.server).post('/tx/deferred').send({ name: 'tx-deferred' })
    expect(res.status).toBe(500)
    // Answered by the app's error handler (its `{ error, code }` shape), not around it.
    expect(res.body).toEqual({ error: 'Internal Server Error', code: 'QUERY_FAILED' })
    const rows = await ctx.engine().all(`SELECT value FROM ${ctx.table}_deferred`)
    expect(rows).toEqual([])
  })

  if (ctx.driver.name === 'pg') {
    it.each([
      ['COMMIT', 'return', expect.any(String) as unknown],
      ['ROLLBACK', 'throw', 'INTERNAL'],
    ])(
      'answers through the app error handler when the %s of a request transaction fails (backend killed), with no SQL',
      async (_statement, then, code) => {
        const app = await ctx.build(ctx.baseOptions(`txkilled${then}`).options)
        const res = await request(app.server)
          .post(`/tx/killed?then=${then}`)
          .send({ name: `tx-killed-${then}` })
        expect(res.status).toBe(500)
        expect(res.body).toEqual({ error: 'Internal Server Error', code })
        expect(res.text).not.toMatch(/COMMIT|ROLLBACK|SQL|INSERT/)
        expect(await names(`tx-killed-${then}`)).toEqual([])
        // The app goes on serving with its other connections.
        await request(app.server)
          .post('/tx/commit')
          .send({ name: `tx-after-${then}` })
          .expect(200)
      },
    )
  }

  it('opens the route transaction lazily: a request failing validation sends no BEGIN, a valid one sends it with its first statement', async () => {
    const logs: LogRecord[] = []
    const app = await ctx.build({ ...ctx.ownEngineOptions('txlazy').options, echo: true }, { logs })
    logs.length = 0
    const invalid = await request(app.server).post('/tx/validated').send({}).expect(400)
    expect(invalid.body).toEqual({ error: 'name is required.', code: 'INVALID_REQUEST' })
    expect(statements(logs)).toEqual([])

    // (An app of its own on PGlite is a fresh database: a route that needs no table.)
    await request(app.server).post('/tx/pids').send({}).expect(200)
    expect(statements(logs)).toEqual(['BEGIN', 'SELECT', 'SELECT', 'SELECT', 'COMMIT'])
  })

  if (ctx.driver.name === 'pg') {
    it('answers a transactional route failing validation with its 400 while the database is unreachable', async () => {
      const proxy = await lateProxy(0)
      await proxy.listening
      const { options } = ctx.ownEngineOptions('txdown')
      const app = await ctx.build({ ...options, dsn: serverUrlVia(proxy.port) })
      await proxy.close() // the database is now unreachable
      const res = await request(app.server).post('/tx/validated').send({})
      expect(res.status).toBe(400)
      expect(res.body).toEqual({ error: 'name is required.', code: 'INVALID_REQUEST' })
      // A request that does need the database fails: it really is unreachable.
      await request(app.server).post('/tx/validated').send({ name: 'tx-down' }).expect(500)
    })
  }

  it('turns db.transaction() inside a route transaction into a savepoint', async () => {
    const app = await ctx.build(ctx.baseOptions('txnested').options)
    await request(app.server).post('/tx/nested').send({ name: 'tx-nested' }).expect(200)
    expect(await names('tx-nested')).toEqual(['tx-nested'])
  })

  it('leaves routes without the option in autocommit: a throw keeps what was written', async () => {
    const app = await ctx.build(ctx.baseOptions('notx').options)
    await request(app.server).post('/no-tx/throw').send({ name: 'no-tx' }).expect(500)
    expect(await names('no-tx')).toEqual(['no-tx'])
  })

  it('opens a connection for a transactional route even without useConnectionForRequest', async () => {
    const { options } = ctx.baseOptions('txnoconn')
    const app = await ctx.build({ ...options, useConnectionForRequest: false })
    const res = await request(app.server).post('/tx/pids').send({}).expect(200)
    const body = res.body as { first: number; second: number }
    expect(body.second).toBe(body.first)
    await request(app.server).post('/tx/throw').send({ name: 'tx-noconn-throw' }).expect(500)
    expect(await names('tx-noconn-throw')).toEqual([])
    const engine = app.integration.engine
    expect(engine.stats.idle).toBe(engine.stats.total)
  })
}
