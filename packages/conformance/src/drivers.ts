/**
 * The two databases every conformance test runs on: the PostgreSQL server
 * (GINO_TEST_DSN, default the local `test` database) and embedded PGlite.
 *
 * With CI=true an unreachable server fails the run; elsewhere its suites are skipped
 * with a loud message and PGlite still runs.
 */
import pg from 'pg'

export const SERVER_DSN = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'

const serverUrl = new URL(SERVER_DSN)

/** The database GINO_TEST_DSN names (what `current_database()` answers on the server driver). */
export const SERVER_DATABASE =
  decodeURIComponent(serverUrl.pathname.replace(/^\//, '')) || 'postgres'

/** Where GINO_TEST_DSN's server listens (TCP), for the tests' proxies. */
export const SERVER_ADDRESS = {
  host: serverUrl.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
  port: Number(serverUrl.port || 5432),
}

/** GINO_TEST_DSN with its host and port replaced (a proxy in front of the server). */
export function serverUrlVia(port: number, host = '127.0.0.1'): string {
  const url = new URL(SERVER_DSN)
  url.hostname = host
  url.port = String(port)
  return url.toString()
}

export interface DriverCase {
  readonly name: 'pg' | 'pglite'
  readonly url: string
}

export const DRIVERS: readonly DriverCase[] = [
  { name: 'pg', url: SERVER_DSN },
  { name: 'pglite', url: 'pglite://' },
]

async function probeServer(): Promise<boolean> {
  const client = new pg.Client({ connectionString: SERVER_DSN, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch (error) {
    if (process.env.CI) {
      throw new Error(
        `CI=true and the PostgreSQL server at ${SERVER_DSN} is unreachable: ${String(error)}`,
      )
    }
    console.warn(
      `\n!!! PostgreSQL at ${SERVER_DSN} is unreachable (${String(error)}): the server suites are SKIPPED; PGlite still runs.\n`,
    )
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

let probe: Promise<boolean> | undefined

/** Whether the server answers (probed once per process). */
export function serverAvailable(): Promise<boolean> {
  probe ??= probeServer()
  return probe
}
