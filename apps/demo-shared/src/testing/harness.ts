import type { Server } from 'node:http'
import type { GinoIntegration } from '@gino-ts/core/integration'
import type { DemoOptions } from '../config.js'

/** An app built for the API suite. */
export interface DemoHarness {
  /** Its HTTP server: the suite listens on 127.0.0.1 (any port) when it is not listening yet. */
  readonly server: Server
  /** The framework package's integration (`fastify.gino`, `gino.integration`). */
  readonly integration: Pick<GinoIntegration<never>, 'databases'>
  /** Stops the app (its server if it listened itself, the engines it created). */
  close(): Promise<void>
}

/**
 * Builds an app as `src/app.ts` does, started: the engine bound and the database
 * prepared (schema and seed).
 */
export type AppFactory = (options: DemoOptions) => Promise<DemoHarness>
