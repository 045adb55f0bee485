import type { PoolAdapter, RawConnection } from '../dialect/driver-adapter.js'
import { InvalidOptionError, PoolTimeoutError } from '../errors.js'
import type { EngineCore } from '../execution/run-statement.js'
import { acquireChannel, currentRequestId, tracePromise } from '../tracing/channels.js'

/** Checks a per-call wait limit (milliseconds): a positive number, or undefined. */
export function checkWaitLimit(name: string, timeoutMs: number | undefined): number | undefined {
  if (timeoutMs === undefined) return undefined
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidOptionError(name, `Option "${name}" must be a positive number of milliseconds.`)
  }
  return timeoutMs
}

/**
 * Takes a pooled connection, waiting at most `timeoutMs` (the pool's own acquire timeout
 * still applies when it is shorter). A connection that arrives after the caller gave up
 * goes straight back to the pool.
 */
export function acquireWithin(core: EngineCore, timeoutMs: number | undefined): Promise<RawConnection> {
  if (!acquireChannel.hasSubscribers) return acquireFrom(core.pool, timeoutMs)
  const context = { driver: core.driver, database: core.database, requestId: currentRequestId() }
  return tracePromise(acquireChannel, context, () => acquireFrom(core.pool, timeoutMs))
}

function acquireFrom(pool: PoolAdapter, timeoutMs: number | undefined): Promise<RawConnection> {
  const acquiring = pool.acquire()
  if (timeoutMs === undefined) return acquiring
  return new Promise((resolve, reject) => {
    let late = false
    const timer = setTimeout(() => {
      late = true
      reject(new PoolTimeoutError(timeoutMs))
    }, timeoutMs)
    acquiring.then(
      (raw) => {
        clearTimeout(timer)
        if (late) pool.release(raw, false)
        else resolve(raw)
      },
      (error: Error) => {
        clearTimeout(timer)
        if (!late) reject(error)
      },
    )
  })
}
