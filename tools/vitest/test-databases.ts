/**
 * The databases a package's suites run on: a fresh database of a per-run unique name on the
 * PostgreSQL server (GINO_TEST_DSN), and in-memory PGlite.
 */
import { randomBytes } from 'node:crypto'
import { BASE_DSN, onMaintenance, withDatabase } from './server-database.js'

/** A DSN for a database of its own, and how to drop it. */
export interface TestDatabase {
  readonly driver: 'pg' | 'pglite'
  readonly dsn: string
  readonly drop: () => Promise<void>
}

/** Makes new empty databases on the server, named `<prefix>_<pid>_<random>`. */
export function serverDatabases(prefix: string): () => Promise<TestDatabase> {
  return async () => {
    const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
    await onMaintenance((client) => client.query(`CREATE DATABASE ${name}`))
    return {
      driver: 'pg',
      dsn: withDatabase(BASE_DSN, name),
      drop: async () => {
        await onMaintenance((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
      },
    }
  }
}

/** An in-memory PGlite database. */
export function pgliteDatabase(): Promise<TestDatabase> {
  return Promise.resolve({ driver: 'pglite', dsn: 'pglite://', drop: () => Promise.resolve() })
}
