import type { EchoEntry, Logger } from '../engine/options.js'
import { currentRequestId, queryChannel, type QueryTraceContext } from '../tracing/channels.js'
import type { EngineCore } from './run-statement.js'

/**
 * One statement being watched by whatever observes statements on its engine: `echo`, the
 * slow-query log (`slowQueryMs`) and the `gino-ts:query` tracing channel. They share one
 * timer. `watchStatement` returns undefined when none is on, so an unobserved statement
 * costs two option reads and one `hasSubscribers` check.
 */
export class StatementWatch {
  readonly #sql: string
  readonly #parameters: readonly unknown[]
  readonly #echo: ((entry: EchoEntry) => void) | undefined
  readonly #slowMs: number | undefined
  readonly #logger: Logger
  readonly #trace: QueryTraceContext | undefined
  readonly #started = performance.now()

  constructor(core: EngineCore, sql: string, parameters: readonly unknown[], traced: boolean) {
    this.#sql = sql
    this.#parameters = parameters
    this.#echo = core.options.echo
    this.#slowMs = core.options.slowQueryMs
    this.#logger = core.options.logger
    this.#trace = traced
      ? {
          sql,
          parameterCount: parameters.length,
          role: core.role ?? 'primary',
          server: core.server,
          driver: core.driver,
          database: core.database,
          requestId: currentRequestId(),
        }
      : undefined
  }

  /** Runs the sending of the statement inside the trace's `start` (bound stores apply). */
  run<T>(send: () => T): T {
    const trace = this.#trace
    if (trace === undefined) return send()
    try {
      return queryChannel.start.runStores(trace, send)
    } finally {
      queryChannel.end.publish(trace)
    }
  }

  /** Reports the outcome once the statement's answer (or failure) arrived. */
  finish(error: unknown, rowCount: number | null): void {
    const durationMs = performance.now() - this.#started
    const sql = this.#sql
    if (this.#echo !== undefined) {
      const parameters = this.#parameters
      this.#echo(error === undefined ? { sql, parameters, durationMs, rowCount } : { sql, parameters, durationMs, rowCount: null, error })
    }
    if (this.#slowMs !== undefined && durationMs >= this.#slowMs) {
      this.#logger.warn(`[gino] slow query (${durationMs.toFixed(1)} ms${error === undefined ? '' : ', failed'}): ${sql}`)
    }
    const trace = this.#trace
    if (trace === undefined) return
    trace.durationMs = durationMs
    if (error === undefined) {
      trace.rowCount = rowCount
    } else {
      trace.error = error
      queryChannel.error.publish(trace)
    }
    queryChannel.asyncStart.publish(trace)
    queryChannel.asyncEnd.publish(trace)
  }
}

/** True when something observes statements on `core` (echo, the slow-query log, tracing). */
export function watched(core: EngineCore): boolean {
  return queryChannel.hasSubscribers || core.options.echo !== undefined || core.options.slowQueryMs !== undefined
}

/** A watch for one statement, or undefined when nothing observes statements on `core`. */
export function watchStatement(core: EngineCore, sql: string, parameters: readonly unknown[]): StatementWatch | undefined {
  if (!watched(core)) return undefined
  return new StatementWatch(core, sql, parameters, queryChannel.hasSubscribers)
}
