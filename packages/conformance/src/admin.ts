import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { SERVER_DSN } from './drivers.js'

/** Runs one statement on GINO_TEST_DSN's database from a connection of its own. */
export async function adminQuery<R extends Record<string, unknown>>(
  sql: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: SERVER_DSN })
  await client.connect()
  try {
    return (await client.query<R>(sql, values)).rows
  } finally {
    await client.end()
  }
}

/** Server connections opened with this `application_name`. */
export async function countConnections(
  applicationName: string,
  database?: string,
): Promise<number> {
  const rows = await adminQuery<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND ($2::text IS NULL OR datname = $2)',
    [applicationName, database ?? null],
  )
  return rows[0]!.n
}

/** Waits until `check` holds (backends leave pg_stat_activity a moment after a disconnect). */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 3000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() > deadline) return false
    await sleep(25)
  }
}

/** A name unique to this run: lower case letters, digits and `_`. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
}

function checkedName(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Refusing an unsafe database name: ${name}`)
  return name
}

export async function createDatabase(name: string): Promise<void> {
  await adminQuery(`CREATE DATABASE "${checkedName(name)}"`)
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${checkedName(name)}" WITH (FORCE)`)
}
