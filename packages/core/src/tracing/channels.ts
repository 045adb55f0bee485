import diagnosticsChannel from 'node:diagnostics_channel'

/** What every event of the gino-ts tracing channels carries. */
export interface TraceContextBase {
  /** `pg` or `pglite`. */
  readonly driver: 'pg' | 'pglite'
  /** The database name (`undefined` when the URL names none and the server's default is used). */
  readonly database: string | undefined
  /** The id of the framework request being handled, when an integration knows one. */
  readonly requestId: string | undefined
  /** Milliseconds from start to end; set before `asyncEnd` / `error` are published. */
  durationMs?: number
  /** Set when the work failed (published on `error` too). */
  error?: unknown
}

/**
 * Context of a `gino-ts:query` event: one statement. Parameter values are never included,
 * only their count.
 */
export interface QueryTraceContext extends TraceContextBase {
  readonly sql: string
  readonly parameterCount: number
  /** `replica` when it ran on a read replica (the `replicas` engine option), else `primary`. */
  readonly role: 'primary' | 'replica'
  /** `host:port` of the server it ran on (undefined on PGlite). */
  readonly server: string | undefined
  /** Rows returned or affected; set before `asyncEnd` when the statement succeeded. */
  rowCount?: number | null
}

/** Context of a `gino-ts:transaction` event: one `transaction()` callback, outermost or nested. */
export interface TransactionTraceContext extends TraceContextBase {
  /** True for a nested level (a savepoint). */
  readonly nested: boolean
}

/** Context of a `gino-ts:acquire` event: taking a connection from an engine's pool. */
export type AcquireTraceContext = TraceContextBase

/** Context of a `gino-ts:connect` event: `createEngine()`. */
export interface ConnectTraceContext extends TraceContextBase {
  /** The URL with its password masked. */
  readonly url: string
}

/**
 * The `node:diagnostics_channel` tracing channels gino-ts publishes on. Each is a
 * `TracingChannel` publishing `start`, `end`, `asyncStart`, `asyncEnd` and `error` with one
 * context object per operation (the same object on every event of it). Nothing is built
 * or published while a channel has no subscriber. On `transaction`, `acquire` and `connect`
 * Node's `tracePromise` also sets the context's `result` (the callback's value, the
 * driver's connection, the engine); treat it as opaque.
 *
 * - `gino-ts:query`: every statement (`QueryTraceContext`);
 * - `gino-ts:transaction`: every `transaction()` callback (`TransactionTraceContext`);
 * - `gino-ts:acquire`: taking a pooled connection for a transaction or scope (`AcquireTraceContext`);
 * - `gino-ts:connect`: `createEngine()` (`ConnectTraceContext`).
 *
 * @example
 * ```ts
 * import diagnosticsChannel from 'node:diagnostics_channel'
 * diagnosticsChannel.tracingChannel('gino-ts:query').subscribe({
 *   start() {},
 *   end() {},
 *   asyncStart() {},
 *   asyncEnd(context) { console.log(context) }, // { sql, parameterCount, rowCount, durationMs, ... }
 *   error(context) { console.error(context) },
 * })
 * ```
 */
export const TRACING_CHANNELS = {
  query: 'gino-ts:query',
  transaction: 'gino-ts:transaction',
  acquire: 'gino-ts:acquire',
  connect: 'gino-ts:connect',
} as const

/** @internal */
export const queryChannel = diagnosticsChannel.tracingChannel<object, QueryTraceContext>(TRACING_CHANNELS.query)
/** @internal */
export const transactionChannel = diagnosticsChannel.tracingChannel<object, TransactionTraceContext>(
  TRACING_CHANNELS.transaction,
)
/** @internal */
export const acquireChannel = diagnosticsChannel.tracingChannel<object, AcquireTraceContext>(TRACING_CHANNELS.acquire)
/** @internal */
export const connectChannel = diagnosticsChannel.tracingChannel<object, ConnectTraceContext>(TRACING_CHANNELS.connect)

let requestIdSource: (() => string | undefined) | undefined

/** @internal Lets the integrations say which request is being handled (read only while tracing). */
export function setRequestIdSource(source: () => string | undefined): void {
  requestIdSource = source
}

/** @internal The current request id, if an integration knows one. */
export function currentRequestId(): string | undefined {
  return requestIdSource?.()
}

/**
 * @internal Runs a promise-returning operation inside `channel`'s trace, setting
 * `durationMs` before `asyncEnd` / `error`. Callers check `channel.hasSubscribers` first.
 */
export function tracePromise<T, C extends TraceContextBase>(
  channel: diagnosticsChannel.TracingChannel<object, C>,
  context: C,
  fn: () => Promise<T>,
): Promise<T> {
  const started = performance.now()
  return channel.tracePromise(async () => {
    try {
      return await fn()
    } catch (error) {
      context.error = error
      throw error
    } finally {
      context.durationMs = performance.now() - started
    }
  }, context)
}

/**
 * @internal Like `tracePromise`, for a call that may also return synchronously (a framework
 * handler): `fn` runs inside the trace's `start` (so what it starts nests under it); a
 * promise it returns ends the trace when it settles, any other value at once. Callers
 * check `channel.hasSubscribers` first.
 */
export function traceCall<T, C extends TraceContextBase>(
  channel: diagnosticsChannel.TracingChannel<object, C>,
  context: C,
  fn: () => T,
): T {
  const started = performance.now()
  const settle = (error?: unknown): void => {
    context.durationMs = performance.now() - started
    if (error !== undefined) {
      context.error = error
      channel.error.publish(context)
    }
    channel.asyncStart.publish(context)
    channel.asyncEnd.publish(context)
  }
  return channel.start.runStores(context, () => {
    let result: T
    try {
      result = fn()
    } catch (error) {
      context.durationMs = performance.now() - started
      context.error = error
      channel.error.publish(context)
      channel.end.publish(context)
      throw error
    }
    channel.end.publish(context)
    if (!(result instanceof Promise)) {
      settle()
      return result
    }
    return result.then(
      (value: unknown) => {
        settle()
        return value
      },
      (error: unknown) => {
        settle(error ?? new Error('rejected'))
        throw error
      },
    ) as T
  })
}
