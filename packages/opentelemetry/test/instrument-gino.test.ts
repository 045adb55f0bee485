import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { createEngine, Gino, sql } from '@gino-ts/core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { instrumentGino, type GinoInstrumentation } from '../src/index.js'

const SERVER_DSN = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'
const DRIVERS = [
  ['PostgreSQL', SERVER_DSN, new URL(SERVER_DSN).pathname.slice(1)],
  ['PGlite', 'pglite://', undefined],
] as const

const exporter = new InMemorySpanExporter()
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
const contextManager = new AsyncLocalStorageContextManager()
const tracer = provider.getTracer('test')

const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId
const named = (prefix: string): ReadableSpan[] => exporter.getFinishedSpans().filter((span) => span.name.startsWith(prefix))

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable())
})
afterAll(async () => {
  context.disable()
  await provider.shutdown()
})

describe.each(DRIVERS)('instrumentGino on %s', (_name, dsn, database) => {
  const db = new Gino()
  let instrumentation: GinoInstrumentation

  beforeAll(async () => {
    await db.setBind(dsn)
    await db.scalar('SELECT 1') // connect before spans are counted
  })
  afterAll(async () => {
    await db.popBind()?.close()
  })
  beforeEach(() => {
    instrumentation = instrumentGino({ tracerProvider: provider })
    exporter.reset()
  })
  afterEach(() => {
    instrumentation.disable()
  })

  it('makes one CLIENT span per statement with the database attributes', async () => {
    expect(await db.all('SELECT 1 AS one UNION ALL SELECT 2')).toHaveLength(2)
    const spans = exporter.getFinishedSpans()
    expect(spans).toHaveLength(1)
    const [span] = spans
    expect(span?.kind).toBe(SpanKind.CLIENT)
    expect(span?.name).toBe(`SELECT ${String(span?.attributes['db.namespace'] ?? 'postgresql')}`)
    expect(span?.status.code).toBe(SpanStatusCode.UNSET)
    expect(span?.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.system': 'postgresql',
      'db.operation.name': 'SELECT',
      'db.query.text': 'SELECT 1 AS one UNION ALL SELECT 2',
      'db.response.returned_rows': 2,
    })
    if (database !== undefined) expect(span?.attributes['db.namespace']).toBe(database)
    expect(span?.attributes['gino_ts.server.role']).toBe('primary')
    if (database !== undefined) expect(span?.attributes['server.port']).toEqual(expect.any(Number))
    expect(parentOf(span!)).toBeUndefined()
  })

  it('nests statements under the span active when they start (a request span)', async () => {
    const request = tracer.startSpan('GET /users', { kind: SpanKind.SERVER })
    await context.with(trace.setSpan(context.active(), request), () => db.scalar('SELECT 1'))
    request.end()
    const [query] = named('SELECT')
    expect(query?.spanContext().traceId).toBe(request.spanContext().traceId)
    expect(parentOf(query!)).toBe(request.spanContext().spanId)
  })

  it('nests statements under their transaction, and savepoints under it', async () => {
    const request = tracer.startSpan('POST /orders')
    await context.with(trace.setSpan(context.active(), request), () =>
      db.transaction(async () => {
        await db.scalar('SELECT 1')
        await db.transaction(async () => {
          await db.scalar('SELECT 2')
        })
      }),
    )
    request.end()
    const levels = named('transaction')
    expect(levels).toHaveLength(2)
    const transaction = levels.find((span) => span.attributes['gino_ts.transaction.nested'] === false)
    const savepoint = levels.find((span) => span.attributes['gino_ts.transaction.nested'] === true)
    expect(transaction?.kind).toBe(SpanKind.CLIENT)
    expect(parentOf(transaction!)).toBe(request.spanContext().spanId)
    expect(parentOf(savepoint!)).toBe(transaction?.spanContext().spanId)
    const selects = named('SELECT')
    const first = selects.find((span) => span.attributes['db.query.text'] === 'SELECT 1')
    const second = selects.find((span) => span.attributes['db.query.text'] === 'SELECT 2')
    expect(parentOf(first!)).toBe(transaction?.spanContext().spanId)
    expect(parentOf(second!)).toBe(savepoint?.spanContext().spanId)
    // BEGIN, SAVEPOINT, RELEASE and COMMIT are children of their level too.
    const begin = named('BEGIN')[0]
    const release = named('RELEASE')[0]
    expect(parentOf(begin!)).toBe(transaction?.spanContext().spanId)
    expect(parentOf(release!)).toBe(savepoint?.spanContext().spanId)
    for (const span of exporter.getFinishedSpans()) {
      expect(span.spanContext().traceId).toBe(request.spanContext().traceId)
    }
    // A statement after the transaction is no longer its child.
    exporter.reset()
    await db.scalar('SELECT 3')
    expect(parentOf(named('SELECT')[0]!)).toBeUndefined()
  })

  it('parents a statement to a span the transaction callback starts itself', async () => {
    await db.transaction(async () => {
      const own = tracer.startSpan('own work')
      await context.with(trace.setSpan(context.active(), own), () => db.scalar('SELECT 7'))
      own.end()
    })
    const own = named('own work')[0]
    const select = named('SELECT').find((span) => span.attributes['db.query.text'] === 'SELECT 7')
    expect(parentOf(select!)).toBe(own?.spanContext().spanId)
  })

  it('marks a failing statement with an error status and type, without its message', async () => {
    await expect(db.scalar('SELECT * FROM no_such_table_otel')).rejects.toThrow()
    const [span] = named('SELECT')
    expect(span?.status.code).toBe(SpanStatusCode.ERROR)
    expect(span?.status.message).not.toMatch(/no_such_table/)
    expect(span?.attributes['error.type']).toEqual(expect.any(String))
    expect(span?.attributes['db.response.status_code']).toBe('42P01')
    expect(span?.attributes['db.response.returned_rows']).toBeUndefined()
  })

  it('never puts parameter values in attributes, and leaves SQL out on request', async () => {
    const secret = 'secret-value-otel'
    expect(await db.scalar(sql<{ v: string }>`SELECT ${secret}::text AS v`)).toBe(secret)
    instrumentation.disable()
    instrumentation = instrumentGino({ tracerProvider: provider, captureSql: false })
    await db.scalar(sql`SELECT ${secret}::text AS v`)
    const spans = named('SELECT')
    expect(spans).toHaveLength(2)
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain(secret)
    expect(spans[0]?.attributes['db.query.text']).toMatch(/\$1/)
    expect(spans[1]?.attributes['db.query.text']).toBeUndefined()
  })

  it('makes an INTERNAL span for the wait for a pooled connection, under the request or transaction', async () => {
    const request = tracer.startSpan('GET /report', { kind: SpanKind.SERVER })
    await context.with(trace.setSpan(context.active(), request), async () => {
      // A lazy scope (an integration's request connection) takes its connection on first use.
      await db.acquire({ lazy: true }, () => db.scalar('SELECT 1'))
      await db.transaction(() => db.scalar('SELECT 2'))
    })
    request.end()
    const acquires = named('acquire')
    expect(acquires).toHaveLength(2)
    const [lazy, pooled] = acquires
    expect(lazy?.name).toBe(`acquire ${String(lazy?.attributes['db.namespace'] ?? 'postgresql')}`)
    expect(lazy?.kind).toBe(SpanKind.INTERNAL)
    expect(lazy?.attributes).toMatchObject({ 'db.system.name': 'postgresql' })
    if (database !== undefined) expect(lazy?.attributes['db.namespace']).toBe(database)
    expect(parentOf(lazy!)).toBe(request.spanContext().spanId)
    const transaction = named('transaction')[0]
    expect(parentOf(pooled!)).toBe(transaction?.spanContext().spanId)
    // The statement the wait was for is not the wait's child.
    const first = named('SELECT').find((span) => span.attributes['db.query.text'] === 'SELECT 1')
    expect(parentOf(first!)).toBe(request.spanContext().spanId)
  })

  it('makes an INTERNAL connect span for createEngine, without the password, failed ones marked', async () => {
    const url = dsn.startsWith('postgres') ? dsn.replace('//', '//postgres:connect-secret@') : dsn
    const request = tracer.startSpan('GET /tenant', { kind: SpanKind.SERVER })
    await context.with(trace.setSpan(context.active(), request), async () => {
      const engine = await createEngine(url, { max: 1, lazy: true })
      await engine.close()
      await expect(createEngine(url, { max: -1 })).rejects.toThrow()
    })
    request.end()
    const [connect, failed] = named('connect')
    expect(connect?.kind).toBe(SpanKind.INTERNAL)
    expect(connect?.name).toBe(`connect ${String(connect?.attributes['db.namespace'])}`)
    expect(parentOf(connect!)).toBe(request.spanContext().spanId)
    expect(connect?.status.code).toBe(SpanStatusCode.UNSET)
    if (database === undefined) {
      expect(connect?.attributes['server.address']).toBeUndefined()
    } else {
      const server = new URL(dsn)
      expect(connect?.attributes).toMatchObject({
        'db.namespace': database,
        'server.address': server.hostname,
        'server.port': Number(server.port || 5432),
      })
    }
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR)
    expect(failed?.attributes['error.type']).toBe('InvalidOptionError')
    expect(JSON.stringify(exporter.getFinishedSpans().map((span) => [span.attributes, span.status]))).not.toContain('connect-secret')
  })

  it('leaves acquire and connect out with connectionSpans: false', async () => {
    instrumentation.disable()
    instrumentation = instrumentGino({ tracerProvider: provider, connectionSpans: false })
    await db.transaction(() => db.scalar('SELECT 1'))
    await expect(createEngine(dsn, { max: -1 })).rejects.toThrow() // published on gino-ts:connect all the same
    expect(named('acquire')).toEqual([])
    expect(named('connect')).toEqual([])
    expect(named('transaction')).toHaveLength(1)
  })

  it('stops making spans once disabled', async () => {
    instrumentation.disable()
    await db.transaction(() => db.scalar('SELECT 1'))
    expect(exporter.getFinishedSpans()).toHaveLength(0)
  })
})
