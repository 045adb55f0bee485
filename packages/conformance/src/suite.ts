import { describe } from 'vitest'
import type { FrameworkAdapter } from './adapter.js'
import { createSuiteContext } from './context.js'
import { DRIVERS, serverAvailable } from './drivers.js'
import { connectionTests } from './suites/connection.js'
import { crudTests } from './suites/crud.js'
import { databasesTests } from './suites/databases.js'
import { echoTests } from './suites/echo.js'
import { lifecycleTests } from './suites/lifecycle.js'
import { schemasTests } from './suites/schemas.js'
import { transactionTests } from './suites/transactions.js'

/** Which drivers `runConformance` registers: both by default. */
export interface ConformanceOptions {
  readonly drivers?: ReadonlyArray<'pg' | 'pglite'>
}

/**
 * Registers the conformance suite for one framework, once per driver (the PostgreSQL
 * server and PGlite). The framework packages run each driver from a test file of its own,
 * so that vitest runs the two side by side:
 *
 * @example
 * ```ts
 * await runConformance(fastifyAdapter, { drivers: ['pglite'] })
 * ```
 */
export async function runConformance(adapter: FrameworkAdapter, options: ConformanceOptions = {}): Promise<void> {
  const server = await serverAvailable()
  const drivers = DRIVERS.filter((driver) => options.drivers?.includes(driver.name) ?? true)
  for (const driver of drivers) {
    describe.skipIf(driver.name === 'pg' && !server)(
      `${adapter.name} conformance [${driver.name}]`,
      () => {
        const ctx = createSuiteContext(adapter, driver)
        describe('models in handlers', () => crudTests(ctx))
        describe('request connection', () => connectionTests(ctx))
        describe('request transaction', () => transactionTests(ctx))
        describe('echo', () => echoTests(ctx))
        databasesTests(ctx)
        describe('per-request schemas', () => schemasTests(ctx))
        describe('lifecycle', () => lifecycleTests(ctx))
      },
    )
  }
}
