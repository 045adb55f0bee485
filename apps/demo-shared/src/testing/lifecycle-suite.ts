/**
 * Start and stop, as operators meet them: each app's `src/server.ts` run in a child
 * process, stopped with SIGTERM under keep-alive traffic, and started where it cannot
 * start.
 */
import { createServer, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  type Answer,
  type AppProcess,
  connectionRefused,
  keepAliveAgent,
  killApp,
  send,
  slowPost,
  spawnApp,
  withTimeout,
} from './app-process.js'
import { createDatabase, dropDatabase, probeServer, serverUrl } from './server-databases.js'

const serverAvailable = await probeServer()

/** Clients that keep sending `GET /users?limit=1` on kept-alive connections until refused. */
function keepSending(port: number): { answers: Answer[]; stop(): Promise<void> } {
  const agent = keepAliveAgent()
  const answers: Answer[] = []
  let running = true
  const client = async (): Promise<void> => {
    while (running) {
      try {
        answers.push(await send(port, 'GET', '/users?limit=1', { agent }))
      } catch {
        return // refused (or cut) once the server is gone
      }
    }
  }
  const clients = [client(), client(), client(), client()]
  return {
    answers,
    async stop() {
      running = false
      await Promise.all(clients)
      agent.destroy()
    },
  }
}

function occupiedPort(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

function count(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern.source, 'g'))?.length ?? 0
}

/**
 * Registers the lifecycle tests of the app in `appDir` (its `src/server.ts` is run with
 * tsx), named `key` (`fastify`, `express`, `koa`).
 *
 * @example
 * ```ts
 * lifecycleSuite('koa', fileURLToPath(new URL('..', import.meta.url)))
 * ```
 */
export function lifecycleSuite(key: string, appDir: string): void {
  describe(`${key} demo: start and stop`, () => {
    let app: AppProcess | undefined
    // A server database of its own for this run (PGlite in memory starts several times
    // slower, but stands in when the server is unreachable).
    const database = `gino_life_${key}_${process.pid}_${Date.now().toString(36)}`
    const databaseEnv: Record<string, string> = serverAvailable
      ? { DB_DSN: serverUrl(database) }
      : { DB_MEMORY: '1' }

    beforeAll(async () => {
      if (serverAvailable) await createDatabase(database)
    })
    afterAll(async () => {
      if (serverAvailable) await dropDatabase(database)
    })

    afterEach(async () => {
      await killApp(app)
      app = undefined
    })

    it('on SIGTERM under keep-alive traffic: finishes the request in flight, refuses new connections, exits 0 long before the 10 s grace period', async () => {
      app = await spawnApp(appDir, databaseEnv)
      const { port } = app
      const traffic = keepSending(port)
      const inFlightAgent = keepAliveAgent()
      const inFlight = slowPost(port, '/users', { name: 'In flight' }, inFlightAgent)
      await sleep(300)
      expect(traffic.answers.length).toBeGreaterThan(3)

      const stoppedAt = performance.now()
      app.child.kill('SIGTERM')
      await sleep(300)
      expect(await connectionRefused(port)).toBe(true)
      inFlight.finish()
      const answer = await inFlight.answer
      expect(answer.status, answer.body).toBe(201)
      expect(JSON.parse(answer.body)).toMatchObject({ name: 'In flight' })
      expect(answer.headers.connection).toBe('close')

      const exit = await withTimeout(app.exited, 8000, () => `Still running:\n${app?.output()}`)
      await traffic.stop()
      inFlightAgent.destroy()
      expect(exit, app.output()).toMatchObject({ code: 0, signal: null })
      expect(exit.at - stoppedAt).toBeLessThan(6000)
      // Every answer the clients got was a real one, including those during the drain.
      expect(traffic.answers.filter((a) => a.status !== 200)).toEqual([])
      expect(app.output()).toMatch(/SIGTERM, stopping/)
    }, 40_000)

    it('a request that never completes cannot hold it: SIGINT exits 0 within SHUTDOWN_GRACE_MS plus a margin', async () => {
      app = await spawnApp(appDir, { ...databaseEnv, SHUTDOWN_GRACE_MS: '1000' })
      const { port } = app
      const traffic = keepSending(port)
      const agent = keepAliveAgent()
      const stuck = slowPost(port, '/users', { name: 'Never sent' }, agent)
      const cut = stuck.answer.then(
        () => 'answered',
        () => 'cut',
      )
      await sleep(300)
      const stoppedAt = performance.now()
      app.child.kill('SIGINT')
      const exit = await withTimeout(app.exited, 8000, () => `Still running:\n${app?.output()}`)
      await traffic.stop()
      agent.destroy()
      expect(exit, app.output()).toMatchObject({ code: 0, signal: null })
      expect(exit.at - stoppedAt).toBeGreaterThanOrEqual(900)
      expect(exit.at - stoppedAt).toBeLessThan(1000 + 3000)
      expect(await cut).toBe('cut')
    }, 40_000)

    it('a port already in use: logs once, closes its pool and exits 1', async () => {
      const blocker = await occupiedPort()
      try {
        const { port } = blocker.address() as AddressInfo
        app = await spawnApp(
          appDir,
          { ...databaseEnv, PORT: String(port) },
          { waitForListening: false },
        )
        const exit = await withTimeout(app.exited, 20_000, () => `Still running:\n${app?.output()}`)
        expect(exit, app.output()).toMatchObject({ code: 1 })
        expect(count(app.output(), /could not start/), app.output()).toBe(1)
        expect(app.output()).toMatch(/EADDRINUSE/)
      } finally {
        blocker.close()
      }
    }, 40_000)

    it('an unreachable database server: logs once and exits 1', async () => {
      const blocker = await occupiedPort()
      const { port } = blocker.address() as AddressInfo
      blocker.close() // a port nobody listens on
      app = await spawnApp(
        appDir,
        { DB_DSN: `postgres://postgres@127.0.0.1:${port}/nowhere`, DB_RETRY_LIMIT: '1' },
        { waitForListening: false },
      )
      const exit = await withTimeout(app.exited, 20_000, () => `Still running:\n${app?.output()}`)
      expect(exit, app.output()).toMatchObject({ code: 1 })
      expect(count(app.output(), /could not start/), app.output()).toBe(1)
    }, 40_000)
  })
}
