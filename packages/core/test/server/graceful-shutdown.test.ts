import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { gracefulShutdown } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

const servers: Server[] = []
const agents: Agent[] = []

afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    server.close()
  }
  for (const agent of agents.splice(0)) agent.destroy()
})

/** A server whose `/slow?ms=N` answers after N ms, `/hang` never, anything else at once. */
async function startServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/hang') return
    const ms = Number(url.searchParams.get('ms') ?? 0)
    setTimeout(() => res.end('done'), ms)
  })
  // Far longer than any test: only the shutdown may close kept-alive connections.
  server.keepAliveTimeout = 60_000
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port }
}

function keepAliveAgent(): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 })
  agents.push(agent)
  return agent
}

function get(port: number, path: string, agent: Agent | false = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('gracefulShutdown', () => {
  it('lets a request in flight finish, answered with Connection: close, and waits for it', async () => {
    const { server, port } = await startServer()
    const stopper = gracefulShutdown(server, { graceMs: 5000 })
    const agent = keepAliveAgent()
    const slow = get(port, '/slow?ms=400', agent)
    await sleep(100)
    const started = performance.now()
    const stopped = stopper.shutdown()
    expect(stopper.stopping).toBe(true)
    const answer = await slow
    expect(answer).toMatchObject({ status: 200, body: 'done' })
    expect(answer.headers.connection).toBe('close')
    const result = await stopped
    expect(result.forced).toBe(false)
    expect(performance.now() - started).toBeGreaterThanOrEqual(250)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(server.listening).toBe(false)
  })

  it('refuses new connections as soon as the shutdown starts', async () => {
    const { server, port } = await startServer()
    const stopper = gracefulShutdown(server, { graceMs: 5000 })
    const slow = get(port, '/slow?ms=300')
    await sleep(50)
    const stopped = stopper.shutdown()
    await expect(get(port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    expect((await slow).status).toBe(200)
    await stopped
  })

  it('is not held open by clients that keep sending on keep-alive connections', async () => {
    const { server, port } = await startServer()
    const stopper = gracefulShutdown(server, { graceMs: 5000 })
    const agent = keepAliveAgent()
    let answered = 0
    let running = true
    const answeredAfterStop: Answer[] = []
    const client = async (): Promise<void> => {
      while (running) {
        try {
          const sentAfterStop = stopper.stopping
          const answer = await get(port, '/slow?ms=20', agent)
          answered++
          if (sentAfterStop) answeredAfterStop.push(answer)
        } catch {
          // Refused once the server stopped listening: this client is done.
          return
        }
      }
    }
    const clients = [client(), client(), client(), client()]
    await sleep(300)
    expect(answered).toBeGreaterThan(10)
    const started = performance.now()
    const result = await stopper.shutdown()
    const took = performance.now() - started
    running = false
    await Promise.all(clients)
    expect(result.forced).toBe(false)
    // Far less than the grace period and the keep-alive timeout.
    expect(took).toBeLessThan(1500)
    for (const answer of answeredAfterStop) expect(answer.headers.connection).toBe('close')
  })

  it('destroys the connections still busy after the grace period, then runs onClosed', async () => {
    const { server, port } = await startServer()
    const events: string[] = []
    const stopper = gracefulShutdown(server, {
      graceMs: 300,
      onClosed: async () => {
        events.push(`onClosed, listening=${server.listening}`)
        await sleep(10)
      },
    })
    const hanging = get(port, '/hang', keepAliveAgent()).catch((error: unknown) => error)
    await sleep(50)
    const started = performance.now()
    const result = await stopper.shutdown()
    const took = performance.now() - started
    expect(result.forced).toBe(true)
    expect(took).toBeGreaterThanOrEqual(280)
    expect(took).toBeLessThan(1500)
    expect(events).toEqual(['onClosed, listening=false'])
    expect(await hanging).toMatchObject({ code: 'ECONNRESET' })
  })

  it('force() destroys busy connections without waiting for the grace period', async () => {
    const { server, port } = await startServer()
    const stopper = gracefulShutdown(server, { graceMs: 60_000 })
    const hanging = get(port, '/hang').catch((error: unknown) => error)
    await sleep(50)
    const stopped = stopper.shutdown()
    stopper.force()
    expect(await hanging).toMatchObject({ code: 'ECONNRESET' })
    expect((await stopped).forced).toBe(true)
  })

  it('uses closeServer instead of server.close, and shutdown() twice is one shutdown', async () => {
    const { server } = await startServer()
    let closes = 0
    const stopper = gracefulShutdown(server, {
      closeServer: () => {
        closes++
        return new Promise((resolve) => server.close(() => resolve()))
      },
    })
    const first = stopper.shutdown()
    expect(stopper.shutdown()).toBe(first)
    await first
    expect(closes).toBe(1)
  })

  it('refuses a grace period that is not a non-negative number', async () => {
    const { server } = await startServer()
    for (const graceMs of [-1, Number.NaN, Infinity]) {
      expect(() => gracefulShutdown(server, { graceMs })).toThrow(RangeError)
    }
  })
})

describeEachDriver('gracefulShutdown closing an engine', (driver) => {
  it('closes the engine in onClosed only after the query of the request in flight ran', async () => {
    const engine = await openEngine(driver)
    const server = createServer((_req, res) => {
      engine.scalar('SELECT 1 AS one FROM pg_sleep(0.3)').then(
        (one) => res.end(String(one)),
        (error: unknown) => res.writeHead(500).end(String(error)),
      )
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const stopper = gracefulShutdown(server, { graceMs: 5000, onClosed: () => engine.close() })
    const answer = get(port, '/', keepAliveAgent())
    await sleep(100)
    const result = await stopper.shutdown()
    expect(await answer).toMatchObject({ status: 200, body: '1' })
    expect(result.forced).toBe(false)
    await expect(engine.scalar('SELECT 1')).rejects.toMatchObject({ code: 'ENGINE_CLOSED' })
  })
})
