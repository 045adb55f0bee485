/**
 * The databases these suites run on: a fresh database of a per-run unique name on the
 * PostgreSQL server (GINO_TEST_DSN), and in-memory PGlite.
 */
import { pgliteDatabase, serverDatabases } from '../../../../../tools/vitest/test-databases.js'

export { pgliteDatabase, type TestDatabase } from '../../../../../tools/vitest/test-databases.js'

/** A new empty database on the server. */
export const serverDatabase = serverDatabases('admin_data')

/** Both drivers, for `describe.each`. */
export const DRIVERS = [
  ['PostgreSQL', serverDatabase],
  ['PGlite', pgliteDatabase],
] as const
