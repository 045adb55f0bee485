/**
 * Stopping an HTTP server the way operators expect (SIGTERM from a process manager, a
 * rolling deploy): no new connections, in-flight requests finish, keep-alive connections
 * do not hold the process open, and everything is over within a bounded grace period.
 * Framework-neutral: it works on the `node:http` (or `node:https`) server under Fastify,
 * Express or Koa.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Server as HttpsServer } from 'node:https'

/** The grace period when none is given: 10 seconds. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000

/** Options of {@link gracefulShutdown}. */
export interface GracefulShutdownOptions {
  /**
   * How long in-flight requests may run once the shutdown started, in milliseconds
   * (default 10 000). Connections still open then are destroyed.
   */
  readonly graceMs?: number
  /**
   * Stops the server listening and resolves once it is closed. Default: `server.close()`.
   * For Fastify pass `() => app.close()`, which also runs its `onClose` hooks (closing the
   * engines of `@gino-ts/fastify`).
   */
  readonly closeServer?: () => Promise<void>
  /** Runs after the server is closed, e.g. `() => gino.close()` to close the engines. */
  readonly onClosed?: () => Promise<void>
}

/** How a shutdown went. */
export interface ShutdownResult {
  /** Some connections were still busy at the end of the grace period and were destroyed. */
  readonly forced: boolean
  /** Milliseconds from the start of the shutdown until `onClosed` finished. */
  readonly durationMs: number
}

/** A server watched for a graceful shutdown. */
export interface GracefulShutdown {
  /** Whether {@link GracefulShutdown.shutdown} was called. */
  readonly stopping: boolean
  /**
   * Stops the server: new connections are refused, idle keep-alive connections closed,
   * every response from now on carries `Connection: close` (and its connection is closed
   * once it is sent), and after the grace period the remaining connections are
   * destroyed. Then `onClosed` runs. Calling it again returns the same promise.
   */
  shutdown(): Promise<ShutdownResult>
  /** Destroys every connection now, without waiting for the grace period (a second Ctrl-C). */
  force(): void
}

type AnyServer = Server | HttpsServer

function closeNodeServer(server: AnyServer): Promise<void> {
  // An error here only says the server was not listening: closed is what we want.
  return new Promise((resolve) => server.close(() => resolve()))
}

/**
 * Watches `server` from now on, so that {@link GracefulShutdown.shutdown} can tell the
 * requests in flight to close their connection when they are done. Call it once, right
 * after creating (or listening) the server; call `shutdown()` on SIGTERM.
 *
 * Connections upgraded to another protocol (WebSocket) are no longer HTTP connections of the
 * server: close them yourself (in `closeServer` or `onClosed`).
 *
 * With Fastify, pass `closeServer: () => app.close()` and create the app with
 * `return503OnClosing: false` if requests arriving on open connections during the drain
 * should still be served rather than answered 503.
 *
 * @example
 * ```ts
 * const server = app.listen(3000) // Express or Koa
 * const stopper = gracefulShutdown(server, { graceMs: 10_000, onClosed: () => gino.close() })
 * process.once('SIGTERM', () => {
 *   stopper.shutdown().then(
 *     () => process.exit(0),
 *     () => process.exit(1),
 *   )
 * })
 * ```
 */
export function gracefulShutdown(
  server: AnyServer,
  options: GracefulShutdownOptions = {},
): GracefulShutdown {
  const graceMs = options.graceMs ?? DEFAULT_SHUTDOWN_GRACE_MS
  if (!Number.isFinite(graceMs) || graceMs < 0) {
    throw new RangeError(`graceMs must be a non-negative number of milliseconds, got ${graceMs}.`)
  }
  const inFlight = new Set<ServerResponse>()
  let result: Promise<ShutdownResult> | undefined
  let forced = false

  const closeIdleSoon = (): void => {
    // After 'finish' the connection turns idle on the next turn of the event loop.
    setImmediate(() => server.closeIdleConnections())
  }

  const closeAfter = (res: ServerResponse): void => {
    if (!res.headersSent) res.setHeader('Connection', 'close')
    res.once('finish', closeIdleSoon)
  }

  const onRequest = (_req: IncomingMessage, res: ServerResponse): void => {
    if (result !== undefined) {
      closeAfter(res)
      return
    }
    inFlight.add(res)
    res.once('close', () => inFlight.delete(res))
  }
  // First, so that the header is set before any framework writes the response.
  server.prependListener('request', onRequest)

  const force = (): void => {
    forced = true
    server.closeAllConnections()
  }

  const run = async (): Promise<ShutdownResult> => {
    const start = performance.now()
    for (const res of inFlight) closeAfter(res)
    inFlight.clear()
    const timer = setTimeout(force, graceMs)
    try {
      const closing = options.closeServer ? options.closeServer() : closeNodeServer(server)
      server.closeIdleConnections()
      await closing
    } finally {
      clearTimeout(timer)
      server.removeListener('request', onRequest)
    }
    await options.onClosed?.()
    return { forced, durationMs: Math.round(performance.now() - start) }
  }

  return {
    get stopping() {
      return result !== undefined
    },
    shutdown() {
      result ??= run()
      return result
    },
    force,
  }
}
