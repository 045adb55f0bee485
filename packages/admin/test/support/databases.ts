/**
 * The databases a test runs on: a fresh database of a per-run unique name on the PostgreSQL
 * server (GINO_TEST_DSN), and in-memory PGlite.
 */
import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { onMaintenance } from '../../../../tools/vitest/server-database.js'

export const SERVER_DSN = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A DSN for a database of its own, and how to drop it. */
export interface TestDatabase {
  readonly dsn: string
  readonly drop: () => Promise<void>
}

const maintenance = <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => onMaintenance(fn, SERVER_DSN)

/** A new empty database on the server. */
export async function serverDatabase(): Promise<TestDatabase> {
  const name = `admin_${process.pid}_${randomBytes(4).toString('hex')}`
  await maintenance((client) => client.query(`CREATE DATABASE ${name}`))
  const url = new URL(SERVER_DSN)
  url.pathname = `/${name}`
  return {
    dsn: url.toString(),
    drop: async () => {
      await maintenance((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
    },
  }
}

/** An in-memory PGlite database. */
export function pgliteDatabase(): Promise<TestDatabase> {
  return Promise.resolve({ dsn: 'pglite://', drop: () => Promise.resolve() })
}

/** Both drivers, for `describe.each`. */
export const DRIVERS = [
  ['PostgreSQL', serverDatabase],
  ['PGlite', pgliteDatabase],
] as const
