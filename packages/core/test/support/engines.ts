/**
 * Small helpers shared by the engine suites: opening an engine for a driver case,
 * collecting echo entries, and a few timing utilities.
 */
import {
  createEngine,
  type EchoEntry,
  type Engine,
  type EngineOptions,
  type Logger,
} from './core.js'
import { afterAll, beforeAll } from 'vitest'
import type { Gino } from '../../src/gino.js'
import { type DriverCase, SERVER_DSN } from './drivers.js'

/**
 * `GINO_TEST_PREPARE=false` runs the suites without prepared statements (the core `test`
 * script runs the engine suite a second time so); options that say `prepare` themselves win.
 */
function withPrepare(options: EngineOptions): EngineOptions {
  return process.env.GINO_TEST_PREPARE === 'false' && options.prepare === undefined ? { ...options, prepare: false } : options
}

/**
 * Opens an engine on the driver's database. A PGlite engine starts from the run's template
 * data folder (GINO_PGLITE_TEMPLATE, see `tools/vitest/pglite-template.ts`).
 */
export function openEngine(driver: DriverCase, options: EngineOptions = {}): Promise<Engine> {
  return createEngine(driver.url, withPrepare(options))
}

/**
 * Binds `db` to an engine of `driver` (with `options`) for the suite around the call, with its models'
 * tables created afresh; drops them and closes the engine after.
 */
export function useModels(db: Gino, driver: DriverCase, options?: EngineOptions): void {
  beforeAll(async () => {
    await db.setBind(await openEngine(driver, options))
    await db.dropAll()
    await db.createAll()
  })
  afterAll(async () => {
    await db.dropAll()
    await db.popBind()?.close()
  })
}

/** Opens an engine on the test server (for `describeServer` suites). */
export function openServerEngine(options?: EngineOptions): Promise<Engine> {
  return createEngine(SERVER_DSN, withPrepare(options ?? {}))
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

/** Connections checked out of the engine's pool right now (both drivers). */
export function inUse(engine: Engine): number {
  return engine.stats.total - engine.stats.idle
}

/**
 * Collects what an engine echoes. Pass `log.echo` as the `echo` option; `log.sql()`
 * lists the statements seen since the last `clear()`.
 */
export class EchoLog {
  readonly entries: EchoEntry[] = []
  readonly echo = (entry: EchoEntry): void => {
    this.entries.push(entry)
  }

  sql(): string[] {
    return this.entries.map((entry) => entry.sql)
  }

  /** Statements whose SQL starts with `prefix` (case-sensitive). */
  starting(prefix: string): string[] {
    return this.sql().filter((sql) => sql.startsWith(prefix))
  }

  clear(): void {
    this.entries.length = 0
  }
}

/** A `Logger` that keeps its lines. */
export class MemoryLogger implements Logger {
  readonly infos: string[] = []
  readonly warns: string[] = []
  info(message: string): void {
    this.infos.push(message)
  }
  warn(message: string): void {
    this.warns.push(message)
  }
}

/** Polls `check` until it holds or `timeoutMs` passes; returns whether it held. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 2000,
  stepMs = 10,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() > deadline) return false
    await sleep(stepMs)
  }
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('Expected the promise to reject, but it resolved.')
}
