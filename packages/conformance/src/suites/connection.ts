import { setTimeout as sleep } from 'node:timers/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { expect, it } from 'vitest'
import { countConnections, eventually } from '../admin.js'
import type { SuiteContext } from '../context.js'

interface Pids {
  first: number
  second: number
  inTransaction?: number
  body?: unknown
}

/** The request-scoped lazy connection: reused by every query, released whatever happens. */
export function connectionTests(ctx: SuiteContext): void {
  it('runs every query of a handler on the one request connection', async () => {
    const app = await ctx.build(ctx.baseOptions('pids').options)
    const results = await Promise.all(
      Array.from(
        { length: 6 },
        async () => (await request(app.server).get('/pids').expect(200)).body as Pids,
      ),
    )
    for (const pids of results) {
      expect(pids.first).toEqual(expect.any(Number))
      expect(pids.second).toBe(pids.first)
      expect(pids.inTransaction).toBe(pids.first)
    }
    if (ctx.driver.name === 'pg')
      expect(new Set(results.map((pids) => pids.first)).size).toBeGreaterThan(1)
  })

  it('keeps the request connection in handlers that parse a JSON body arriving after the headers', async () => {
    const app = await ctx.build(ctx.baseOptions('body').options)
    const { port } = app.server.address() as AddressInfo
    const payload = JSON.stringify({ hello: 'world' })
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const client = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/pids',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (body += chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        },
      )
      client.on('error', reject)
      // The body comes in a later packet, so the server parses it from the socket's own
      // async context rather than the request's.
      client.flushHeaders()
      setTimeout(() => client.end(payload), 30)
    })
    const { status, body } = await answer
    expect(status).toBe(200)
    const pids = JSON.parse(body) as Pids
    expect(pids.second).toBe(pids.first)
    expect(pids.body).toEqual({ hello: 'world' })
    const engine = app.integration.engine
    expect(await eventually(() => engine.stats.idle === engine.stats.total)).toBe(true)
  })

  it('takes no connection for a request until its first query', async () => {
    const app = await ctx.build(ctx.baseOptions('lazy').options)
    const res = await request(app.server).get('/lazy').expect(200)
    expect(res.body).toEqual({ before: 0, after: 1 })
  })

  it('releases the connection of a request whose client went away', async () => {
    let started!: () => void
    const slowStarted = new Promise<void>((resolve) => (started = resolve))
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const app = await ctx.build(ctx.baseOptions('abort').options, {
      routes: ctx.routes({ slowStarted: started, gate }),
    })
    const { port } = app.server.address() as AddressInfo
    const client = http.get({ host: '127.0.0.1', port, path: '/slow' })
    client.on('error', () => undefined)
    await slowStarted
    const engine = app.integration.engine
    expect(engine.stats.total - engine.stats.idle).toBe(1)
    client.destroy()
    expect(await eventually(() => engine.stats.total === engine.stats.idle)).toBe(true)
    open()
    await sleep(20)
    expect(engine.stats.waiting).toBe(0)
    await request(app.server).get('/pids').expect(200)
  })

  it('leaks no connection over 500 requests with a pool of 2 and a third of the handlers throwing', async () => {
    const { options, applicationName } = ctx.baseOptions('leak')
    const app = await ctx.build({
      ...options,
      poolMaxSize: 2,
      engineOptions: { ...options.engineOptions, acquireTimeout: 5000 },
    })
    const statuses: number[] = []
    for (let batch = 0; batch < 10; batch++) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) => {
          const fail = (batch * 50 + index) % 3 === 0 ? '1' : '0'
          return request(app.server).get(`/work?fail=${fail}`)
        }),
      )
      statuses.push(...results.map((res) => res.status))
    }
    expect(statuses.filter((status) => status === 500)).toHaveLength(167)
    expect(statuses.filter((status) => status === 200)).toHaveLength(333)
    const engine = app.integration.engine
    expect(await eventually(() => engine.stats.idle === engine.stats.total)).toBe(true)
    expect(engine.stats.waiting).toBe(0)
    if (ctx.driver.name === 'pg') {
      expect(engine.stats.total).toBeLessThanOrEqual(2)
      expect(await countConnections(applicationName)).toBeLessThanOrEqual(2)
      await app.close()
      expect(await eventually(async () => (await countConnections(applicationName)) === 0)).toBe(
        true,
      )
    }
  })

  it('without useConnectionForRequest, queries borrow a connection each', async () => {
    const { options } = ctx.baseOptions('noconn')
    const app = await ctx.build({ ...options, useConnectionForRequest: false })
    await request(app.server).get('/pids').expect(200)
    const engine = app.integration.engine
    expect(await eventually(() => engine.stats.idle === engine.stats.total)).toBe(true)
  })
}
