import pg from 'pg'
import type { SslOption } from '../engine/ssl-mode.js'

/** Where and how to reach the server (or pooler) for a CancelRequest. */
export interface CancelTarget {
  readonly host: string | undefined
  readonly port: number | undefined
  readonly ssl: SslOption | undefined
  /** Give up after this many milliseconds. */
  readonly timeoutMs: number
}

/** The backend key a server gives each session at startup (`BackendKeyData`). */
export interface BackendKey {
  readonly processID: number
  readonly secretKey: number
}

/**
 * Sends the protocol's CancelRequest for the session holding `key`, on a connection of
 * its own, the way libpq's `PQcancel` does. Unlike `SELECT pg_cancel_backend(pid)` this
 * needs no login and goes through poolers: PgBouncer hands out keys of its own and
 * forwards the request to the server connection the client is using at the time.
 *
 * Resolves once the server has closed the cancel connection, i.e. has acted on it; the
 * server never answers otherwise. TLS is negotiated when the sessions use it.
 */
export function sendCancelRequest(target: CancelTarget, key: BackendKey): Promise<void> {
  return new Promise((resolve, reject) => {
    const tls = target.ssl !== undefined && target.ssl !== false
    // pg's own wire connection: it negotiates TLS like the sessions and writes the request.
    const connection = new pg.Connection({ ssl: tls ? target.ssl : false }) as unknown as WireConnection
    const timer = setTimeout(() => {
      connection.stream.destroy()
      reject(new Error(`The server did not take the cancel request within ${target.timeoutMs} ms.`))
    }, target.timeoutMs)
    const settle = (error?: Error): void => {
      clearTimeout(timer)
      if (error) reject(error)
      else resolve()
    }
    const send = (): void => connection.cancel(key.processID, key.secretKey)
    connection.once('connect', () => {
      if (tls) connection.requestSsl()
      else send()
    })
    connection.once('sslconnect', send)
    connection.once('error', (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))))
    connection.once('end', () => settle())
    const port = target.port ?? 5432
    const host = target.host ?? 'localhost'
    if (host.startsWith('/')) connection.connect(`${host}/.s.PGSQL.${port}`)
    else connection.connect(port, host)
  })
}

/** The part of pg's (untyped) wire `Connection` used here. */
interface WireConnection {
  readonly stream: { destroy(): void }
  connect(port: number | string, host?: string): void
  requestSsl(): void
  cancel(processID: number, secretKey: number): void
  once(event: string, listener: (...args: unknown[]) => void): void
}
