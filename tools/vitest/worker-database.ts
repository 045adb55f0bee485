/**
 * vitest `setupFiles`: gives this worker a database of its own (created on first use) and
 * points GINO_TEST_DSN at it before the test file is imported. When the server cannot be
 * reached, GINO_TEST_DSN is left as it is and the suites report the server as unreachable.
 */
import { inject } from 'vitest'
import { BASE_DSN, withDatabase, withMaintenance } from './server-database.js'

const prefix = inject('ginoTestDatabasePrefix')
const name = `${prefix}_w${process.env.VITEST_POOL_ID ?? '0'}`
const key = '__ginoTestDatabase'
const state = globalThis as { [key]?: string }

if (state[key] !== name) {
  const created = await withMaintenance(async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`)
    return true
  })
  if (created) {
    state[key] = name
    process.env.GINO_TEST_DSN = withDatabase(BASE_DSN, name)
    process.env.GINO_TEST_BASE_DSN = BASE_DSN
  }
}
