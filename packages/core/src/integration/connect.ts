import { createEngine, type Engine } from '../engine/engine.js'
import type { EngineOptions } from '../engine/options.js'
import { ConnectionError, GinoError } from '../errors.js'
import type { IntegrationLogger } from './logger.js'

/** How `connectEngine` tries. */
export interface ConnectOptions {
  /** Attempts before the last error is thrown; 1 = no retry. */
  readonly attempts: number
  /** Milliseconds before the second attempt; each later wait doubles, up to `maxIntervalMs`. */
  readonly intervalMs: number
  /** The longest wait between attempts (default: `intervalMs`, i.e. no growth). */
  readonly maxIntervalMs?: number
  /** Stops the attempts at once (the integration's `stop()`): rejects with a `STOPPED` error. */
  readonly signal?: AbortSignal
  readonly logger: IntegrationLogger
}

/** The wait before attempt `attempt + 1`: doubling from `intervalMs`, capped. */
export function retryDelay(attempt: number, intervalMs: number, maxIntervalMs: number): number {
  return Math.min(intervalMs * 2 ** (attempt - 1), Math.max(intervalMs, maxIntervalMs))
}

function stoppedError(): GinoError {
  return new GinoError('STOPPED', 'The gino integration was stopped while connecting.')
}

/** Resolves `work`, or rejects with `STOPPED` as soon as `signal` aborts. */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work
  if (signal.aborted) return Promise.reject(stoppedError())
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(stoppedError())
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(stoppedError())
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(stoppedError())
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

// Configuration mistakes do not heal by waiting.
const FATAL_CODES = new Set(['INVALID_DSN', 'INVALID_OPTION', 'UNSUPPORTED'])
// Nor does a server refusing the credentials (28P01 wrong password, 28000 no such role or
// pg_hba rejection). A missing database (3D000) is retried: a deploy may be creating it.
const FATAL_SQLSTATES = new Set(['28P01', '28000'])

function isFatal(error: unknown): boolean {
  if (error instanceof ConnectionError) return error.sqlState !== undefined && FATAL_SQLSTATES.has(error.sqlState)
  return error instanceof GinoError && FATAL_CODES.has(error.code)
}

async function attemptConnect(url: string, options: EngineOptions): Promise<Engine> {
  let engine: Engine | undefined
  try {
    engine = await createEngine(url, options)
    await engine.scalar('SELECT 1')
    return engine
  } catch (error) {
    await engine?.close().catch(() => undefined)
    throw error
  }
}

/**
 * Creates an engine and proves the database answers (`SELECT 1`), retrying while it does
 * not, with a doubling wait (capped): the startup of every framework integration, and the
 * creation of per-request database engines (with one attempt). Aborting `signal` ends it
 * at once with a `STOPPED` error; an attempt then still under way closes its engine.
 *
 * @example
 * ```ts
 * const engine = await connectEngine('postgres://db/app', { max: 10 }, {
 *   attempts: 5, intervalMs: 1000, maxIntervalMs: 30_000, signal, logger,
 * })
 * ```
 */
export async function connectEngine(
  url: string,
  options: EngineOptions,
  retry: ConnectOptions,
): Promise<Engine> {
  const { signal } = retry
  const maxIntervalMs = retry.maxIntervalMs ?? retry.intervalMs
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw stoppedError()
    const connecting = attemptConnect(url, options)
    try {
      return await unlessAborted(connecting, signal)
    } catch (error) {
      if (signal?.aborted) {
        // Stopped mid-attempt: what it opens is closed as soon as it settles.
        void connecting.then((engine) => engine.close()).catch(() => undefined)
        throw stoppedError()
      }
      if (isFatal(error) || attempt >= retry.attempts) throw error
      const delay = retryDelay(attempt, retry.intervalMs, maxIntervalMs)
      retry.logger.warn(
        { attempt, attempts: retry.attempts, err: error },
        `[gino] database not reachable (${error instanceof Error ? error.message : String(error)}); ` +
          `retrying in ${delay / 1000} s`,
      )
      await wait(delay, signal)
    }
  }
}
