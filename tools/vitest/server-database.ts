/**
 * Per-run test databases on the PostgreSQL server named by GINO_TEST_DSN.
 *
 * `globalSetup` picks a unique prefix for this run (package, pid, random suffix) and, at the
 * end, drops every database created under it. Each vitest worker (`setupFiles`) creates its
 * own database `<prefix>_w<pool id>` on first use and points GINO_TEST_DSN at it before the
 * test file is imported. So test files run in parallel without sharing tables, two runs on
 * one server never collide, and the database GINO_TEST_DSN names is never written to.
 */
import { randomBytes } from 'node:crypto'
import { basename } from 'node:path'
import pg from 'pg'

/** The server the tests run on: GINO_TEST_DSN, default the local `test` database. */
export const BASE_DSN = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'

/** The same server's `postgres` maintenance database, where databases are created and dropped. */
export function maintenanceDsn(dsn: string = BASE_DSN): string {
  const url = new URL(dsn)
  url.pathname = '/postgres'
  return url.toString()
}

/** `dsn` with its database replaced by `name`. */
export function withDatabase(dsn: string, name: string): string {
  const url = new URL(dsn)
  url.pathname = `/${name}`
  return url.toString()
}

/** A name for a database of this run: lower case, at most 63 bytes. */
export function runPrefix(packageName: string): string {
  const slug = basename(packageName).replace(/[^a-z0-9]+/gi, '_').toLowerCase().slice(0, 20)
  return `gt_${slug}_${process.pid}_${randomBytes(3).toString('hex')}`
}

/**
 * Runs `fn` with a client on the maintenance database of `dsn`'s server (where databases
 * are created and dropped); rejects when the server cannot be reached.
 */
export async function onMaintenance<T>(fn: (client: pg.Client) => Promise<T>, dsn: string = BASE_DSN): Promise<T> {
  const client = new pg.Client({ connectionString: maintenanceDsn(dsn), connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Runs `fn` with a client on the maintenance database; `null` when the server is unreachable. */
export async function withMaintenance<T>(fn: (client: pg.Client) => Promise<T>): Promise<T | null> {
  const client = new pg.Client({ connectionString: maintenanceDsn(), connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
  } catch {
    await client.end().catch(() => undefined)
    return null
  }
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Drops every database whose name starts with `prefix`, ending their sessions first. */
export async function dropDatabases(prefix: string): Promise<void> {
  await withMaintenance(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [`${prefix}_`],
    )
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
    }
  })
}
