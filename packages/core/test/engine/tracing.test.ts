import diagnosticsChannel from 'node:diagnostics_channel'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { RequestScope } from '../../src/integration/request-scope.js'
import type { GinoInstance } from '../../src/integration/gino-instance.js'
import type { IntegrationLogger } from '../../src/integration/logger.js'
import { TRACING_CHANNELS } from '../../src/tracing/channels.js'
import type { Engine } from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine, rejection } from '../support/engines.js'

type Kind = 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error'
interface Seen {
  readonly channel: string
  readonly kind: Kind
  readonly context: Record<string, unknown>
}

/** Subscribes to every gino-ts tracing channel and keeps a copy of each event's context. */
class TraceLog {
  readonly events: Seen[] = []
  readonly #unsubscribe: Array<() => void> = []

  subscribe(): void {
    for (const name of Object.values(TRACING_CHANNELS)) {
      const channel = diagnosticsChannel.tracingChannel<object, object>(name)
      const record = (kind: Kind) => (context: object) => {
        this.events.push({ channel: name, kind, context: { ...context } })
      }
      const handlers = {
        start: record('start'),
        end: record('end'),
        asyncStart: record('asyncStart'),
        asyncEnd: record('asyncEnd'),
        error: record('error'),
      }
      channel.subscribe(handlers)
      this.#unsubscribe.push(() => channel.unsubscribe(handlers))
    }
  }

  unsubscribe(): void {
    for (const off of this.#unsubscribe.splice(0)) off()
    this.events.length = 0
  }

  /** `channel:kind` of each event, optionally of one channel. */
  kinds(channel?: string): string[] {
    return this.events.filter((e) => channel === undefined || e.channel === channel).map((e) => `${e.channel.slice(8)}:${e.kind}`)
  }

  last(channel: string, kind: Kind): Record<string, unknown> {
    const found = this.events.filter((e) => e.channel === channel && e.kind === kind).at(-1)
    if (found === undefined) throw new Error(`no ${channel} ${kind} event`)
    return found.context
  }
}

describeEachDriver('tracing channels', (driver) => {
  let engine: Engine
  const trace = new TraceLog()
  const database = driver.name === 'pglite' ? 'postgres' : new URL(driver.url).pathname.slice(1)

  beforeAll(async () => {
    engine = await openEngine(driver)
  })
  beforeEach(() => trace.subscribe())
  afterEach(() => trace.unsubscribe())
  afterAll(async () => {
    await engine.close()
  })

  it('a query publishes start, end, asyncStart, asyncEnd with its SQL, parameter count, rows and duration', async () => {
    await engine.all('SELECT g, :secret::text AS s FROM generate_series(1, :n) g', { n: 3, secret: 'hunter2' })
    expect(trace.kinds()).toEqual(['query:start', 'query:end', 'query:asyncStart', 'query:asyncEnd'])
    const done = trace.last(TRACING_CHANNELS.query, 'asyncEnd')
    expect(done).toEqual({
      sql: 'SELECT g, $1::text AS s FROM generate_series(1, $2) g',
      parameterCount: 2,
      rowCount: 3,
      durationMs: expect.any(Number) as number,
      driver: driver.name,
      database,
      requestId: undefined,
      role: 'primary',
      server: driver.name === 'pglite' ? undefined : `${new URL(driver.url).hostname}:${new URL(driver.url).port || 5432}`,
    })
    expect(done.durationMs).toBeGreaterThanOrEqual(0)
    expect(trace.last(TRACING_CHANNELS.query, 'start')).not.toHaveProperty('durationMs')
    expect(JSON.stringify(trace.events)).not.toContain('hunter2')
  })

  it('a failed query publishes error before asyncEnd, with the error', async () => {
    await rejection(engine.all('SELECT * FROM trace_missing_table WHERE id = :id', { id: 1 }))
    expect(trace.kinds()).toEqual(['query:start', 'query:end', 'query:error', 'query:asyncStart', 'query:asyncEnd'])
    const failed = trace.last(TRACING_CHANNELS.query, 'error')
    expect(failed).toMatchObject({ sql: 'SELECT * FROM trace_missing_table WHERE id = $1', parameterCount: 1 })
    expect(failed.error).toMatchObject({ code: '42P01' })
    expect(failed.rowCount).toBeUndefined()
  })

  it('a transaction wraps its acquire and its statements, nested levels marked', async () => {
    await engine.transaction(async () => {
      await engine.scalar('SELECT 1')
      await engine.transaction(() => engine.scalar('SELECT 2'))
    })
    const outline = trace.events
      .filter((e) => e.kind === 'start' || e.kind === 'asyncEnd')
      .map((e) => `${e.channel.slice(8)}:${e.kind}${e.channel === TRACING_CHANNELS.query ? `:${String(e.context.sql)}` : ''}`)
    expect(outline).toEqual([
      'transaction:start',
      'acquire:start',
      'acquire:asyncEnd',
      'query:start:BEGIN',
      'query:start:SELECT 1',
      'query:asyncEnd:BEGIN',
      'query:asyncEnd:SELECT 1',
      'transaction:start',
      'query:start:SAVEPOINT gino_sp_1',
      'query:asyncEnd:SAVEPOINT gino_sp_1',
      'query:start:SELECT 2',
      'query:asyncEnd:SELECT 2',
      'query:start:RELEASE SAVEPOINT gino_sp_1',
      'query:asyncEnd:RELEASE SAVEPOINT gino_sp_1',
      'transaction:asyncEnd',
      'query:start:COMMIT',
      'query:asyncEnd:COMMIT',
      'transaction:asyncEnd',
    ])
    const levels = trace.events.filter((e) => e.channel === TRACING_CHANNELS.transaction && e.kind === 'asyncEnd')
    expect(levels.map((e) => e.context.nested)).toEqual([true, false])
    expect(levels[1]!.context).toMatchObject({ driver: driver.name, database, durationMs: expect.any(Number) as number })
    expect(trace.last(TRACING_CHANNELS.acquire, 'asyncEnd')).toMatchObject({ driver: driver.name, database })
  })

  it('a failed transaction publishes error with the error', async () => {
    const boom = new Error('boom')
    await rejection(engine.transaction(() => Promise.reject(boom)))
    expect(trace.kinds(TRACING_CHANNELS.transaction)).toEqual([
      'transaction:start',
      'transaction:end',
      'transaction:error',
      'transaction:asyncStart',
      'transaction:asyncEnd',
    ])
    expect(trace.last(TRACING_CHANNELS.transaction, 'error').error).toBe(boom)
  })

  it('createEngine publishes connect with the masked URL', async () => {
    const other = await openEngine(driver)
    await other.close()
    expect(trace.kinds(TRACING_CHANNELS.connect)).toEqual([
      'connect:start',
      'connect:end',
      'connect:asyncStart',
      'connect:asyncEnd',
    ])
    expect(trace.last(TRACING_CHANNELS.connect, 'asyncEnd')).toMatchObject({
      url: other.url,
      driver: driver.name,
      database,
      durationMs: expect.any(Number) as number,
    })
  })

  it('events carry the request id of the integration request scope', async () => {
    const logger = { debug: () => undefined } as unknown as IntegrationLogger
    const scope = new RequestScope({
      db: {} as GinoInstance,
      engine,
      database: undefined,
      requestId: 'req-42',
      logger,
      loggerHasRequestId: false,
    })
    await scope.enter(() => engine.scalar('SELECT 1'))
    expect(trace.last(TRACING_CHANNELS.query, 'asyncEnd').requestId).toBe('req-42')
  })

  it('nothing is published once unsubscribed', async () => {
    trace.unsubscribe()
    await engine.scalar('SELECT 1')
    expect(trace.events).toEqual([])
  })
})
