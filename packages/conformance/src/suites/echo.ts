import { AsyncLocalStorage } from 'node:async_hooks'
import diagnosticsChannel from 'node:diagnostics_channel'
import { TRACING_CHANNELS, type TraceContextBase } from '@gino-ts/core'
import request from 'supertest'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ConformanceApp, LogRecord } from '../adapter.js'
import type { SuiteContext } from '../context.js'

/**
 * `echo`, the slow-query log and the tracing channels: what a request's statements leave
 * behind carries the request id.
 */
export function echoTests(ctx: SuiteContext): void {
  const logs: LogRecord[] = []
  let app: ConformanceApp

  beforeAll(async () => {
    // Shared by the tests below: on PGlite, an engine of its own is a new embedded database.
    const { options } = ctx.ownEngineOptions('echo')
    app = await ctx.adapter.build({
      db: ctx.db,
      options: { ...options, echo: true, slowQueryMs: 0 },
      routes: [
        ...ctx.routes(),
        {
          method: 'GET',
          path: '/secret/:value',
          handler: (req) =>
            ctx.db.scalar('SELECT :value::text AS slow_marker', { value: req.params.value }),
        },
        {
          method: 'POST',
          path: '/traced-tx',
          transaction: true,
          handler: () => ctx.db.scalar('SELECT 1'),
        },
      ],
      logs,
    })
  })
  afterAll(async () => {
    await app.close()
  })

  it('logs each statement at debug level with the request id', async () => {
    await request(app.server).get('/echo').set('X-Request-Id', 'echo-req-1').expect(200)
    const lines = logs.filter((line) => line.level === 'debug' && line.msg.includes('echo_marker'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      level: 'debug',
      reqId: 'echo-req-1',
      sql: expect.stringContaining('echo_marker') as unknown,
    })
  })

  it('logs a slow statement at warn on the request logger with the request id, never its parameters', async () => {
    await request(app.server).get('/secret/hunter2').set('X-Request-Id', 'slow-req-1').expect(200)
    const lines = logs.filter((line) => line.level === 'warn' && line.msg.includes('slow_marker'))
    expect(lines).toHaveLength(1)
    expect(lines[0]!.msg).toMatch(
      /^\[gino\] slow query \(\d+\.\d ms\): SELECT \$1::text AS slow_marker$/,
    )
    expect(lines[0]!.reqId).toBe('slow-req-1')
    expect(JSON.stringify(lines)).not.toContain('hunter2')
  })

  it("tags the tracing-channel events of a request's statements, transactions and connection with its id", async () => {
    const seen: Array<{
      channel: string
      requestId: string | undefined
      inTransactionOf?: string | undefined
    }> = []
    // What a tracer does: the transaction's start sets the context its statements run in.
    const transactionOf = new AsyncLocalStorage<TraceContextBase>()
    const transactions = diagnosticsChannel.tracingChannel<object, TraceContextBase>(
      TRACING_CHANNELS.transaction,
    )
    transactions.start.bindStore(transactionOf, (context) => context)
    const unsubscribe = Object.values(TRACING_CHANNELS).map((name) => {
      const record = (context: TraceContextBase): void => {
        seen.push({
          channel: name,
          requestId: context.requestId,
          inTransactionOf: transactionOf.getStore()?.requestId,
        })
      }
      const handlers = { start: record, end() {}, asyncStart() {}, asyncEnd() {}, error() {} }
      diagnosticsChannel.tracingChannel<object, TraceContextBase>(name).subscribe(handlers)
      return () =>
        diagnosticsChannel.tracingChannel<object, TraceContextBase>(name).unsubscribe(handlers)
    })
    try {
      // Two at once: each event carries the id of its own request.
      await Promise.all([
        request(app.server).get('/pids').set('X-Request-Id', 'trace-req-1').expect(200),
        request(app.server).get('/pids').set('X-Request-Id', 'trace-req-2').expect(200),
        // The per-route transaction: BEGIN with the first statement, COMMIT after the handler.
        request(app.server).post('/traced-tx').set('X-Request-Id', 'trace-req-3').expect(200),
      ])
    } finally {
      for (const off of unsubscribe) off()
      transactions.start.unbindStore(transactionOf)
    }
    const ids = (channel: string): Array<string | undefined> =>
      seen.filter((event) => event.channel === channel).map((event) => event.requestId)
    // /pids: its lazy connection, SELECT, SELECT, then BEGIN, SELECT, COMMIT in db.transaction().
    expect(ids(TRACING_CHANNELS.acquire).sort()).toEqual([
      'trace-req-1',
      'trace-req-2',
      'trace-req-3',
    ])
    // The per-route transaction is traced too, and its statements (BEGIN and COMMIT
    // included) run inside its trace, as a tracer's spans would nest.
    expect(ids(TRACING_CHANNELS.transaction).sort()).toEqual([
      'trace-req-1',
      'trace-req-2',
      'trace-req-3',
    ])
    expect(
      seen
        .filter(
          (event) => event.channel === TRACING_CHANNELS.query && event.requestId === 'trace-req-3',
        )
        .map((event) => event.inTransactionOf),
    ).toEqual(['trace-req-3', 'trace-req-3', 'trace-req-3'])
    const queries = ids(TRACING_CHANNELS.query)
    expect(queries.filter((id) => id === 'trace-req-1')).toHaveLength(5)
    expect(queries.filter((id) => id === 'trace-req-2')).toHaveLength(5)
    expect(queries.filter((id) => id === 'trace-req-3')).toHaveLength(3) // BEGIN, SELECT, COMMIT
    expect(queries).toHaveLength(13)
    const all = new Set(seen.map((event) => event.requestId))
    expect([...all].sort()).toEqual(['trace-req-1', 'trace-req-2', 'trace-req-3'])
  })

  it('logs nothing of the statements without echo', async () => {
    const logs: LogRecord[] = []
    const app = await ctx.build(ctx.baseOptions('noecho').options, { logs })
    await request(app.server).get('/echo').set('X-Request-Id', 'echo-req-2').expect(200)
    expect(logs.filter((line) => line.msg.includes('echo_marker'))).toEqual([])
  })
}
