import { setTimeout as sleep } from 'node:timers/promises'
import { createEngine, type Engine } from '../engine/engine.js'
import type { EngineOptions } from '../engine/options.js'
import { GinoError } from '../errors.js'
import type { IntegrationLogger } from './logger.js'

/** How `connectEngine` tries. */
export interface ConnectOptions {
  /** Attempts before the last error is thrown; 1 = no retry. */
  readonly attempts: number
  /** Milliseconds between attempts. */
  readonly intervalMs: number
  readonly logger: IntegrationLogger
}

// Configuration mistakes do not heal by waiting.
const FATAL_CODES = new Set(['INVALID_DSN', 'INVALID_OPTION', 'UNSUPPORTED'])

function isFatal(error: unknown): boolean {
  return error instanceof GinoError && FATAL_CODES.has(error.code)
}

/**
 * Creates an engine and proves the database answers (`SELECT 1`), retrying while it does
 * not: the startup of every framework integration, and the creation of per-request
 * database engines (with one attempt).
 *
 * @example
 * ```ts
 * const engine = await connectEngine('postgres://db/app', { max: 10 }, { attempts: 5, intervalMs: 1000, logger })
 * ```
 */
export async function connectEngine(
  url: string,
  options: EngineOptions,
  retry: ConnectOptions,
): Promise<Engine> {
  for (let attempt = 1; ; attempt++) {
    let engine: Engine | undefined
    try {
      engine = await createEngine(url, options)
      await engine.scalar('SELECT 1')
      return engine
    } catch (error) {
      await engine?.close().catch(() => undefined)
      if (isFatal(error) || attempt >= retry.attempts) throw error
      retry.logger.warn(
        { attempt, attempts: retry.attempts, err: error },
        `[gino] database not reachable (${error instanceof Error ? error.message : String(error)}); ` +
          `retrying in ${retry.intervalMs / 1000} s`,
      )
      await sleep(retry.intervalMs)
    }
  }
}
