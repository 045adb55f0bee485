import { AsyncLocalStorage } from 'node:async_hooks'
import diagnosticsChannel from 'node:diagnostics_channel'
import {
  context as otelContext,
  trace,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api'
import {
  TRACING_CHANNELS,
  type AcquireTraceContext,
  type ConnectTraceContext,
  type QueryTraceContext,
  type TransactionTraceContext,
} from '@gino-ts/core'
import { operationName } from './operation-name.js'
import { serverOf } from './server-of.js'

/** Options of `instrumentGino()`. */
export interface InstrumentGinoOptions {
  /** Where spans come from; the globally registered provider when omitted. */
  readonly tracerProvider?: TracerProvider
  /** Put each statement's SQL in `db.query.text` (default `true`; parameter values never are). */
  readonly captureSql?: boolean
  /**
   * Make INTERNAL spans for taking a pooled connection (`acquire mydb`, the wait for the pool)
   * and for `createEngine()` (`connect mydb`); default `true`.
   */
  readonly connectionSpans?: boolean
}

/** What `instrumentGino()` returns. */
export interface GinoInstrumentation {
  /** Unsubscribes from the channels: no further spans are started. */
  disable(): void
}

/** The OpenTelemetry context that was active when a span started, and the one carrying it. */
interface Scope {
  readonly outer: Context
  readonly inner: Context
}

type Traced = QueryTraceContext | TransactionTraceContext | AcquireTraceContext | ConnectTraceContext

const TRACER_NAME = '@gino-ts/opentelemetry'
const TRACER_VERSION = '0.1.0'

/**
 * Turns gino-ts's `node:diagnostics_channel` tracing channels into OpenTelemetry CLIENT
 * spans: one per statement (`SELECT mydb`, with the database semantic-convention attributes)
 * and one per `transaction()` callback (`transaction mydb`, `gino_ts.transaction.nested` true
 * for a savepoint level), whose statements, `BEGIN` and `COMMIT` included, become its children;
 * INTERNAL spans for the wait for a pooled connection (`acquire mydb`) and for `createEngine()`
 * (`connect mydb`). Spans are children of the context active when the work started (a
 * framework's request span, or the transaction's span).
 *
 * @example
 * ```ts
 * import { instrumentGino } from '@gino-ts/opentelemetry'
 * const instrumentation = instrumentGino({ captureSql: true })
 * // ... later
 * instrumentation.disable()
 * ```
 */
export function instrumentGino(options: InstrumentGinoOptions = {}): GinoInstrumentation {
  const provider = options.tracerProvider ?? trace.getTracerProvider()
  const tracer: Tracer = provider.getTracer(TRACER_NAME, TRACER_VERSION)
  const captureSql = options.captureSql ?? true
  const connectionSpans = options.connectionSpans ?? true
  const spans = new WeakMap<object, Span>()
  // Statements run inside a transaction's callback see its span through this store; it only
  // applies while the OpenTelemetry context is still the one the transaction started in.
  const scopes = new AsyncLocalStorage<Scope>()

  const parentContext = (): Context => {
    const active = otelContext.active()
    const scope = scopes.getStore()
    return scope !== undefined && scope.outer === active ? scope.inner : active
  }

  const startSpan = (event: Traced, name: string, attributes: Attributes, kind = SpanKind.CLIENT): Scope => {
    const outer = parentContext()
    const span = tracer.startSpan(name, { kind, attributes }, outer)
    spans.set(event, span)
    return { outer: otelContext.active(), inner: trace.setSpan(outer, span) }
  }

  const baseAttributes = (event: Traced): Attributes => {
    const attributes: Attributes = { 'db.system.name': 'postgresql', 'db.system': 'postgresql' }
    if (event.database !== undefined) attributes['db.namespace'] = event.database
    if (event.requestId !== undefined) attributes['gino_ts.request_id'] = event.requestId
    return attributes
  }

  const target = (event: Traced): string => event.database ?? 'postgresql'

  const startQuery = (event: QueryTraceContext): Scope => {
    const operation = operationName(event.sql)
    const attributes = baseAttributes(event)
    if (operation !== undefined) attributes['db.operation.name'] = operation
    if (captureSql) attributes['db.query.text'] = event.sql
    // Where it ran: with read replicas, a read may be on another server than the engine's URL.
    if (event.server !== undefined) {
      const colon = event.server.lastIndexOf(':')
      attributes['server.address'] = event.server.slice(0, colon)
      attributes['server.port'] = Number(event.server.slice(colon + 1))
    }
    attributes['gino_ts.server.role'] = event.role
    return startSpan(event, operation === undefined ? target(event) : `${operation} ${target(event)}`, attributes)
  }

  const startTransaction = (event: TransactionTraceContext): Scope => {
    const attributes = baseAttributes(event)
    attributes['gino_ts.transaction.nested'] = event.nested
    return startSpan(event, `transaction ${target(event)}`, attributes)
  }

  // Not CLIENT spans: a pool's wait and an engine's start are no database operation, and
  // backends count CLIENT spans with `db.system.name` as calls to the database.
  const startAcquire = (event: AcquireTraceContext): Scope =>
    startSpan(event, `acquire ${target(event)}`, baseAttributes(event), SpanKind.INTERNAL)

  const startConnect = (event: ConnectTraceContext): Scope => {
    const attributes = baseAttributes(event)
    const server = serverOf(event.url)
    if (server !== undefined) {
      attributes['server.address'] = server.address
      attributes['server.port'] = server.port
    }
    return startSpan(event, `connect ${target(event)}`, attributes, SpanKind.INTERNAL)
  }

  const fail = (event: Traced): void => {
    const span = spans.get(event)
    if (span === undefined) return
    const error = event.error
    const code = sqlState(error)
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) span.setAttribute('db.response.status_code', code)
    const type = error instanceof Error ? error.constructor.name : '_OTHER'
    span.setAttribute('error.type', type)
    // No message: a driver's message may quote values.
    span.setStatus({ code: SpanStatusCode.ERROR, message: type })
  }

  const finish = (event: Traced): void => {
    const span = spans.get(event)
    if (span === undefined) return
    spans.delete(event)
    if ('rowCount' in event && typeof event.rowCount === 'number' && event.error === undefined) {
      span.setAttribute('db.response.returned_rows', event.rowCount)
    }
    span.end()
  }

  const subscribe = <T extends Traced>(name: string, start: (event: T) => Scope): (() => void) => {
    const channel = diagnosticsChannel.tracingChannel<object, T>(name)
    channel.start.bindStore(scopes, start)
    const handlers = {
      start() {},
      // A synchronous throw publishes `error` then `end` and no `asyncEnd`.
      end(event: T) {
        if (event.error !== undefined) finish(event)
      },
      asyncStart() {},
      asyncEnd: finish,
      error: fail,
    }
    channel.subscribe(handlers)
    return () => {
      channel.unsubscribe(handlers)
      channel.start.unbindStore(scopes)
    }
  }

  const unsubscribers = [
    subscribe<QueryTraceContext>(TRACING_CHANNELS.query, startQuery),
    subscribe<TransactionTraceContext>(TRACING_CHANNELS.transaction, startTransaction),
  ]
  if (connectionSpans) {
    unsubscribers.push(
      subscribe<AcquireTraceContext>(TRACING_CHANNELS.acquire, startAcquire),
      subscribe<ConnectTraceContext>(TRACING_CHANNELS.connect, startConnect),
    )
  }
  let enabled = true
  return {
    disable() {
      if (!enabled) return
      enabled = false
      for (const unsubscribe of unsubscribers) unsubscribe()
    },
  }
}

/** The SQLSTATE of a failure: a driver error's `code`, or a gino-ts error's `sqlState`. */
function sqlState(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return undefined
  if ('sqlState' in error && typeof error.sqlState === 'string') return error.sqlState
  return 'code' in error ? error.code : undefined
}
