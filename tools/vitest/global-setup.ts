/**
 * vitest `globalSetup`: chooses this run's database prefix and drops the databases made
 * under it when the run ends. See `server-database.ts`.
 */
import type { TestProject } from 'vitest/node'
import { dropDatabases, runPrefix } from './server-database.js'

declare module 'vitest' {
  export interface ProvidedContext {
    ginoTestDatabasePrefix: string
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const prefix = runPrefix(project.config.name || project.config.root)
  project.provide('ginoTestDatabasePrefix', prefix)
  return () => dropDatabases(prefix)
}
