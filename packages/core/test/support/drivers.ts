/**
 * Runs a suite once per driver: against the PostgreSQL server (GINO_TEST_DSN, default the
 * local `test` database) and against in-memory PGlite.
 *
 * With CI=true an unreachable server fails the run; elsewhere the server suite is skipped
 * with a loud message and PGlite still runs.
 */
import pg from 'pg'
import { describe } from 'vitest'

export const SERVER_DSN = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'
export const EMBEDDED_DSN = 'pglite://'

export interface DriverCase {
  readonly name: 'pg' | 'pglite'
  readonly url: string
}

async function probeServer(): Promise<boolean> {
  const client = new pg.Client({ connectionString: SERVER_DSN, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch (error) {
    if (process.env.CI) {
      throw new Error(`CI=true and the PostgreSQL server at ${SERVER_DSN} is unreachable: ${String(error)}`)
    }
    console.warn(
      `\n!!! PostgreSQL at ${SERVER_DSN} is unreachable (${String(error)}): the server suites are SKIPPED; PGlite still runs.\n`,
    )
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

export const serverAvailable: boolean = await probeServer()

export const DRIVERS: readonly DriverCase[] = [
  { name: 'pg', url: SERVER_DSN },
  { name: 'pglite', url: EMBEDDED_DSN },
]

/** `describe` once per driver; the server case is skipped only when unreachable outside CI. */
export function describeEachDriver(title: string, body: (driver: DriverCase) => void): void {
  for (const driver of DRIVERS) {
    const skip = driver.name === 'pg' && !serverAvailable
    describe.skipIf(skip)(`${title} [${driver.name}]`, () => body(driver))
  }
}

/** `describe` for what only a server can do (timeouts, killed backends, SSL, pools > 1). */
export function describeServer(title: string, body: () => void): void {
  describe.skipIf(!serverAvailable)(`${title} [pg]`, body)
}
