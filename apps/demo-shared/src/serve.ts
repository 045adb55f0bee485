import { mkdir } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { DemoConfig } from './config.js'

/** A started app: its listening HTTP server and how to stop it. */
export interface RunningApp {
  readonly server: Server
  /** Stops the app: closes the server and the database engines it created. */
  close(): Promise<void>
}

/**
 * Runs an app from `server.ts`: creates the data folder, calls `start`, prints the URL,
 * and closes the app on SIGINT / SIGTERM (an embedded database must be closed cleanly).
 *
 * @example
 * ```ts
 * await serve('fastify-demo', config, async () => {
 *   const app = await buildApp(config.options)
 *   await app.listen({ port: config.port, host: config.host })
 *   return { server: app.server, close: () => app.close() }
 * })
 * ```
 */
export async function serve(
  name: string,
  config: DemoConfig,
  start: () => Promise<RunningApp>,
): Promise<void> {
  let app: RunningApp
  try {
    if (config.dataDir !== undefined) await mkdir(config.dataDir, { recursive: true })
    app = await start()
  } catch (error) {
    console.error(`${name} could not start:`, error)
    process.exitCode = 1
    return
  }
  const { port } = app.server.address() as AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  console.log(`${name} listening on http://${host}:${port} (database: ${config.database})`)
  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    console.log(`${name}: ${signal}, stopping`)
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${name} did not stop cleanly:`, error)
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
