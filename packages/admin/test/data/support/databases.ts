/**
 * The databases the data-layer suites run on: a fresh database of a per-run unique name on
 * the PostgreSQL server (GINO_TEST_DSN), and in-memory PGlite.
 */
import { randomBytes } from 'node:crypto'
import { onMaintenance } from '../../../../../tools/vitest/server-database.js'

export const SERVER_DSN = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A DSN for a database of its own, and how to drop it. */
export interface TestDatabase {
  readonly driver: 'pg' | 'pglite'
  readonly dsn: string
  readonly drop: () => Promise<void>
}

/** A new empty database on the server. */
export async function serverDatabase(): Promise<TestDatabase> {
  const name = `admin_data_${process.pid}_${randomBytes(4).toString('hex')}`
  await onMaintenance((client) => client.query(`CREATE DATABASE ${name}`), SERVER_DSN)
  const url = new URL(SERVER_DSN)
  url.pathname = `/${name}`
  return {
    driver: 'pg',
    dsn: url.toString(),
    drop: async () => {
      await onMaintenance((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`), SERVER_DSN)
    },
  }
}

/** An in-memory PGlite database. */
export function pgliteDatabase(): Promise<TestDatabase> {
  return Promise.resolve({ driver: 'pglite', dsn: 'pglite://', drop: () => Promise.resolve() })
}

/** Both drivers, for `describe.each`. */
export const DRIVERS = [
  ['PostgreSQL', serverDatabase],
  ['PGlite', pgliteDatabase],
] as const
