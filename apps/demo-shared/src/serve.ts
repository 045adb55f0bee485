import { mkdir } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gracefulShutdown } from '@gino-ts/core'
import type { DemoConfig } from './config.js'

/** An app built by `server.ts`, not listening yet. */
export interface DemoServer {
  /** Its HTTP server. */
  readonly server: Server
  /**
   * Starts listening; rejects when it cannot (port in use...). Default `server.listen`;
   * Fastify: `app.listen`.
   */
  listen?: (port: number, host: string) => Promise<void>
  /**
   * Stops the server listening and resolves once it is closed; default `server.close()`.
   * Fastify: `app.close()` (which also closes the engines of `@gino-ts/fastify`).
   */
  closeServer?: () => Promise<void>
  /** Closes the database engines the app created (after the server). */
  closeDatabase?: () => Promise<void>
}

// How long a failed start may take to close what it opened before the process exits anyway.
const CLOSE_ON_FAILURE_MS = 5000
// Beyond the grace period: the engines get this long to close before the process exits 1.
const CLOSE_ENGINES_MS = 5000

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

async function closeAfterFailure(app: DemoServer): Promise<void> {
  try {
    await (app.closeServer ? app.closeServer() : closeServer(app.server))
  } finally {
    await app.closeDatabase?.()
  }
}

/** `promise`, or a rejection after `ms` (the timer does not hold the process). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    setTimeout(() => reject(new Error(`not done after ${ms} ms`)), ms).unref()
    promise.then(resolve, reject)
  })
}

/**
 * Runs an app from `server.ts`: creates the data folder, builds the app, listens, prints
 * the URL, and on SIGTERM / SIGINT stops it with `gracefulShutdown` from `@gino-ts/core`
 * (in-flight requests finish, keep-alive connections are closed, everything is over
 * within `config.shutdownGraceMs`), closes the engines and exits 0. A second signal closes
 * every connection at once. A failed start (port in use, database unreachable) logs one
 * line, closes what was opened and exits 1.
 *
 * @example
 * ```ts
 * await serve('fastify-demo', config, async () => {
 *   const app = await buildApp(config.options)
 *   return {
 *     server: app.server,
 *     listen: async (port, host) => void (await app.listen({ port, host })),
 *     closeServer: () => app.close(),
 *   }
 * })
 * ```
 */
export async function serve(
  name: string,
  config: DemoConfig,
  create: () => Promise<DemoServer>,
): Promise<void> {
  let app: DemoServer | undefined
  let stopper: ReturnType<typeof gracefulShutdown> | undefined
  try {
    if (config.dataDir !== undefined) await mkdir(config.dataDir, { recursive: true })
    app = await create()
    // Before listening: it must see every request to tell them to close when stopping.
    stopper = gracefulShutdown(app.server, {
      graceMs: config.shutdownGraceMs,
      closeServer: app.closeServer,
      onClosed: () => within(app?.closeDatabase?.() ?? Promise.resolve(), CLOSE_ENGINES_MS),
    })
    await (app.listen ? app.listen(config.port, config.host) : listen(app.server, config.port, config.host))
  } catch (error) {
    console.error(`${name} could not start:`, error)
    if (app !== undefined) {
      await within(closeAfterFailure(app), CLOSE_ON_FAILURE_MS).catch((closeError: unknown) =>
        console.error(`${name}: closing after the failed start failed too:`, closeError),
      )
    }
    process.exit(1)
  }
  const { port } = app.server.address() as AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  console.log(`${name} listening on http://${host}:${port} (database: ${config.database})`)

  const running = stopper
  const stop = (signal: NodeJS.Signals): void => {
    if (running.stopping) {
      console.log(`${name}: ${signal} again, closing every connection now`)
      running.force()
      return
    }
    console.log(`${name}: ${signal}, stopping (grace period ${config.shutdownGraceMs} ms)`)
    // Whatever hangs (an engine that does not close), the process ends.
    setTimeout(() => {
      console.error(`${name} did not stop within ${config.shutdownGraceMs + CLOSE_ENGINES_MS} ms`)
      process.exit(1)
    }, config.shutdownGraceMs + CLOSE_ENGINES_MS).unref()
    running.shutdown().then(
      ({ forced, durationMs }) => {
        const cut = forced ? '; connections still busy after the grace period were closed' : ''
        console.log(`${name} stopped in ${durationMs} ms${cut}`)
        process.exit(0)
      },
      (error: unknown) => {
        console.error(`${name} did not stop cleanly:`, error)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
