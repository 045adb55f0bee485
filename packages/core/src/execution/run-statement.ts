import type { PoolAdapter, RawConnection, RawResult, RowMode } from '../dialect/driver-adapter.js'
import type { ResolvedEngineOptions } from '../engine/options.js'
import { QueryError, QueryTimeoutError, UnsupportedError } from '../errors.js'
import { watchStatement } from './statement-watch.js'

/** What a session needs to know of its engine. */
export interface EngineCore {
  readonly driver: 'pg' | 'pglite'
  readonly options: ResolvedEngineOptions
  readonly pool: PoolAdapter
  /** The database name from the URL, for tracing. */
  readonly database: string | undefined
  /** `replica` for a read replica's engine (tracing); primary when absent. */
  readonly role?: 'primary' | 'replica'
  /** `host:port` of the server (tracing); undefined on PGlite. */
  readonly server?: string | undefined
}

const QUERY_CANCELED = '57014'

/**
 * What follows `BEGIN` behind a pooler with a statement timeout: the limit for this
 * transaction only, in the same simple-protocol round trip. The number is a validated
 * integer option, never user text.
 */
export function setLocalTimeout(core: EngineCore): string {
  const { pooler, statementTimeout } = core.options
  return pooler && statementTimeout !== undefined ? `; SET LOCAL statement_timeout = ${statementTimeout}` : ''
}

/** The client-side limit of a statement outside a transaction behind a pooler. */
export function clientSideLimit(core: EngineCore): number | undefined {
  return core.options.pooler ? core.options.statementTimeout : undefined
}

/**
 * Sends one statement: echo, slow-query log, tracing, per-call timeout (a server-side cancel), and errors wrapped
 * in `QueryError` with the SQL and parameters.
 */
export async function runStatement(
  raw: RawConnection,
  core: EngineCore,
  sql: string,
  parameters: readonly unknown[],
  rowMode: RowMode,
  timeoutMs?: number,
): Promise<RawResult> {
  const watch = watchStatement(core, sql, parameters)
  let timer: NodeJS.Timeout | undefined
  let cancelling: Promise<void> | undefined
  if (timeoutMs !== undefined) {
    if (core.driver === 'pglite') {
      throw new UnsupportedError('Per-query timeouts need a PostgreSQL server; PGlite cannot interrupt a statement.')
    }
    timer = setTimeout(() => {
      cancelling = raw.cancel().catch((error: unknown) => {
        core.options.logger.warn(`[gino] could not cancel a timed-out statement: ${String(error)}`)
      })
    }, timeoutMs)
  }
  try {
    const result = await (watch === undefined ? raw.query(sql, parameters, rowMode) : watch.run(() => raw.query(sql, parameters, rowMode)))
    watch?.finish(undefined, result.rowCount)
    return result
  } catch (error) {
    watch?.finish(error, null)
    throw wrapError(error, sql, parameters, cancelling === undefined ? undefined : timeoutMs, core)
  } finally {
    if (timer !== undefined) clearTimeout(timer)
    // A cancel still on its way must land before the connection runs anything else, or it
    // would cancel the next statement; once the server is idle it ignores the request.
    if (cancelling !== undefined) await cancelling
  }
}

/**
 * Sends one statement on a connection borrowed for it alone (no per-call timeout): the
 * engine's path for a query outside any transaction or scope. Same watching and errors as
 * `runStatement`, with as few promises as the driver allows.
 */
export function runPooled(core: EngineCore, sql: string, parameters: readonly unknown[], rowMode: RowMode): Promise<RawResult> {
  const watch = watchStatement(core, sql, parameters)
  if (watch === undefined) {
    return core.pool.query(sql, parameters, rowMode, (error) => wrapError(error, sql, parameters, undefined, core))
  }
  return watch
    .run(() =>
      core.pool.query(sql, parameters, rowMode, (error) => {
        watch.finish(error, null)
        return wrapError(error, sql, parameters, undefined, core)
      }),
    )
    .then((result) => {
      watch.finish(undefined, result.rowCount)
      return result
    })
}

/** The driver's error as a `QueryError` (`QueryTimeoutError` for a timeout); gino-ts's own pass as they are. */
export function wrapError(
  error: unknown,
  sql: string,
  parameters: readonly unknown[],
  cancelledAfterMs: number | undefined,
  core: EngineCore,
): QueryError {
  if (error instanceof QueryError) return error
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (code === QUERY_CANCELED) {
    if (cancelledAfterMs !== undefined) return new QueryTimeoutError(sql, parameters, error, cancelledAfterMs)
    const limit = core.options.statementTimeout
    if (limit !== undefined && typeof message === 'string' && message.includes('statement timeout')) {
      return new QueryTimeoutError(sql, parameters, error, limit)
    }
  }
  return new QueryError(sql, parameters, error)
}
