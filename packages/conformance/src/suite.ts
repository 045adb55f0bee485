import { describe } from 'vitest'
import type { FrameworkAdapter } from './adapter.js'
import { createSuiteContext } from './context.js'
import { DRIVERS, serverAvailable } from './drivers.js'
import { connectionTests } from './suites/connection.js'
import { crudTests } from './suites/crud.js'
import { databasesTests } from './suites/databases.js'
import { echoTests } from './suites/echo.js'
import { lifecycleTests } from './suites/lifecycle.js'
import { transactionTests } from './suites/transactions.js'

/**
 * Registers the conformance suite for one framework, once per driver (the PostgreSQL
 * server and PGlite). Every framework package runs it from one test file:
 *
 * @example
 * ```ts
 * await runConformance(fastifyAdapter)
 * ```
 */
export async function runConformance(adapter: FrameworkAdapter): Promise<void> {
  const server = await serverAvailable()
  for (const driver of DRIVERS) {
    describe.skipIf(driver.name === 'pg' && !server)(
      `${adapter.name} conformance [${driver.name}]`,
      () => {
        const ctx = createSuiteContext(adapter, driver)
        describe('models in handlers', () => crudTests(ctx))
        describe('request connection', () => connectionTests(ctx))
        describe('request transaction', () => transactionTests(ctx))
        describe('echo', () => echoTests(ctx))
        databasesTests(ctx)
        describe('lifecycle', () => lifecycleTests(ctx))
      },
    )
  }
}
