/**
 * The PostgreSQL server the API suite also runs on (GINO_TEST_DSN, default the local
 * `test` database): probed once, and throwaway databases created and dropped through
 * the `postgres` maintenance database.
 */
import { databaseUrl } from '@gino-ts/core/integration'
import pg from 'pg'

export const SERVER_DSN = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'

/** The URL of database `name` on the test server. */
export function serverUrl(name: string): string {
  return databaseUrl(SERVER_DSN, name)
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({
    connectionString: serverUrl('postgres'),
    connectionTimeoutMillis: 3000,
  })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

function checked(name: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`Refusing an unsafe database name: ${name}`)
  return name
}

/** Whether the server answers; with CI=true an unreachable server is an error. */
export async function probeServer(): Promise<boolean> {
  try {
    await admin('SELECT 1')
    return true
  } catch (error) {
    if (process.env.CI) {
      throw new Error(
        `CI=true and the PostgreSQL server at ${SERVER_DSN} is unreachable: ${String(error)}`,
      )
    }
    console.warn(
      `\n!!! PostgreSQL at ${SERVER_DSN} is unreachable (${String(error)}): the server run of the API suite is SKIPPED; PGlite still runs.\n`,
    )
    return false
  }
}

/** Creates an empty database (dropping a leftover of an interrupted run first). */
export async function createDatabase(name: string): Promise<void> {
  await dropDatabase(name)
  await admin(`CREATE DATABASE "${checked(name)}"`)
}

/** Drops a database, disconnecting whoever is still on it. */
export async function dropDatabase(name: string): Promise<void> {
  await admin(`DROP DATABASE IF EXISTS "${checked(name)}" WITH (FORCE)`)
}
