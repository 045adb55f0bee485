import {
  createEngine,
  DatabaseNotAllowedError,
  DatabaseUnavailableError,
  type Engine,
  InvalidOptionError,
} from '@gino-ts/core'
import {
  databaseUrl,
  EngineCache,
  resolveDatabases,
  selectDatabase,
  shouldCommit,
} from '@gino-ts/core/integration'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type LogRecord, SERVER_DSN } from '../src/index.js'

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

describe('databaseUrl', () => {
  it('replaces the database of a server URL, encoding the name and keeping the rest', () => {
    expect(databaseUrl('postgres://app:pw@db:5432/main?sslmode=require', 'tenant 1')).toBe(
      'postgres://app:pw@db:5432/tenant%201?sslmode=require',
    )
    expect(databaseUrl('postgresql://db/?dbname=main&application_name=x', 'other')).toBe(
      'postgresql://db/other?application_name=x',
    )
  })

  it('names the database of a socket: URL in its db parameter, keeping the socket folder', () => {
    const url = databaseUrl('socket:/var/run/postgresql?db=main&application_name=x', 'tenant 1')
    // URLSearchParams encoding: '+' is a space to pg-connection-string as well.
    expect(url).toBe('socket:/var/run/postgresql?db=tenant+1&application_name=x')
  })

  it('gives each name its own PGlite database', () => {
    expect(databaseUrl('pglite://', 'a')).toBe('pglite://')
    expect(databaseUrl('pglite:///var/data/', 'a b')).toBe('pglite:///var/data/a%20b')
  })
})

describe('selectDatabase', () => {
  const settings = resolveDatabases<{ tenant?: string }>({ allow: ['shop', 'blog'] })

  it('reads the db query parameter by default; no parameter means the default engine', () => {
    expect(selectDatabase(settings, {}, '/items?db=shop&x=1')).toBe('shop')
    expect(selectDatabase(settings, {}, '/items')).toBeUndefined()
    expect(selectDatabase(settings, {}, '/items?db=')).toBeUndefined()
  })

  it('refuses names off the allow-list and malformed names with a 400 error', () => {
    for (const url of [
      '/?db=admin',
      '/?db=..',
      `/?db=${'x'.repeat(64)}`,
      '/?db=a%2Fb',
      '/?db=a%00b',
    ]) {
      expect(() => selectDatabase(settings, {}, url)).toThrow(DatabaseNotAllowedError)
    }
    const error = (() => {
      try {
        selectDatabase(settings, {}, '/?db=admin')
      } catch (caught) {
        return caught as DatabaseNotAllowedError
      }
    })()
    expect(error?.toJSON()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'DATABASE_NOT_ALLOWED',
      message: 'Database "admin" is not allowed.',
    })
  })

  it('uses a custom selector and a predicate allow-list', () => {
    const custom = resolveDatabases<{ tenant?: string }>({
      allow: (name) => name.startsWith('tenant_'),
      select: (request) => request.tenant,
    })
    expect(selectDatabase(custom, { tenant: 'tenant_7' }, '/?db=ignored')).toBe('tenant_7')
    expect(() => selectDatabase(custom, { tenant: 'other' }, '/')).toThrow(DatabaseNotAllowedError)
  })

  it('refuses invalid databases options at startup', () => {
    expect(() => resolveDatabases({ allow: 'shop' as unknown as string[] })).toThrow(
      InvalidOptionError,
    )
    expect(() => resolveDatabases({ allow: [], max: 0 })).toThrow(
      expect.objectContaining({ option: 'databases.max' }),
    )
  })
})

describe('shouldCommit', () => {
  it('commits below 500 unless the handler failed', () => {
    expect(shouldCommit({ failed: false, statusCode: 200 })).toBe(true)
    expect(shouldCommit({ failed: false, statusCode: 404 })).toBe(true)
    expect(shouldCommit({ failed: false, statusCode: 500 })).toBe(false)
    expect(shouldCommit({ failed: true, statusCode: 404 })).toBe(false)
  })
})

describe('EngineCache', () => {
  // Real engines on a server URL, lazy: nothing connects until a query runs, so they are cheap.
  const made: Engine[] = []
  const create = async (name: string): Promise<Engine> => {
    const engine = await createEngine(databaseUrl(SERVER_DSN, name), { lazy: true })
    made.push(engine)
    return engine
  }

  afterEach(async () => {
    await Promise.all(made.splice(0).map((engine) => engine.close()))
  })

  it('shares one creation between concurrent first leases', async () => {
    const cache = new EngineCache(create, 5, quiet)
    const leases = await Promise.all(Array.from({ length: 20 }, () => cache.lease('shop')))
    expect(new Set(leases.map((lease) => lease.engine)).size).toBe(1)
    expect(cache.stats).toMatchObject({ size: 1, created: 1 })
    for (const lease of leases) lease.release()
  })

  it('remembers a failed creation for a while (doubling), answering at once with Retry-After, then tries again', async () => {
    let attempts = 0
    let failing = true
    const logs: LogRecord[] = []
    const logger = {
      ...quiet,
      warn: (fields: Record<string, unknown>, msg: string) =>
        void logs.push({ ...fields, level: 'warn', msg }),
    }
    const cache = new EngineCache(
      async (name) => {
        attempts++
        if (failing) throw new Error('server down')
        return create(name)
      },
      5,
      logger,
      { initialMs: 1000, maxMs: 1500 },
    )
    const failures = await Promise.allSettled([cache.lease('shop'), cache.lease('shop')])
    expect(failures.map((result) => result.status)).toEqual(['rejected', 'rejected'])
    const first = (failures[0] as PromiseRejectedResult).reason as DatabaseUnavailableError
    expect(first).toBeInstanceOf(DatabaseUnavailableError)
    expect(first.retryAfter).toBe(1)
    expect(first.headers).toEqual({ 'Retry-After': '1' })
    expect(cache.stats).toMatchObject({ size: 0, created: 1, failed: 1 })
    expect(logs).toHaveLength(1)

    // Within the window: no new attempt, however many leases.
    const storm = await Promise.allSettled(Array.from({ length: 20 }, () => cache.lease('shop')))
    expect(storm.every((result) => result.status === 'rejected')).toBe(true)
    expect(attempts).toBe(1)

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 1001 })
    try {
      await expect(cache.lease('shop')).rejects.toBeInstanceOf(DatabaseUnavailableError)
      expect(attempts).toBe(2)
      // Failed twice in a row: the window doubled, capped at 1.5 s.
      const second = await cache.lease('shop').catch((error: unknown) => error)
      expect((second as DatabaseUnavailableError).retryAfter).toBe(2)
      expect(attempts).toBe(2)
      vi.setSystemTime(Date.now() + 1501)
      failing = false
      const lease = await cache.lease('shop')
      expect(lease.engine.closed).toBe(false)
      expect(attempts).toBe(3)
      lease.release()
    } finally {
      vi.useRealTimers()
    }
  })

  it('closes the least recently used engine past the bound once it is released', async () => {
    const cache = new EngineCache(create, 2, quiet)
    const a = await cache.lease('a')
    const b = await cache.lease('b')
    b.release()
    ;(await cache.lease('a')).release() // `a` is now the most recently used
    const c = await cache.lease('c')
    expect(cache.names()).toEqual(['a', 'c'])
    await new Promise((resolve) => setImmediate(resolve))
    expect(b.engine.closed).toBe(true)

    const d = await cache.lease('d') // evicts `a`, still leased
    expect(cache.names()).toEqual(['c', 'd'])
    expect(a.engine.closed).toBe(false)
    a.release()
    a.release() // idempotent
    await new Promise((resolve) => setImmediate(resolve))
    expect(a.engine.closed).toBe(true)
    expect(cache.stats).toMatchObject({ size: 2, created: 4, closed: 2 })
    c.release()
    d.release()
  })

  it('closes everything at shutdown, leased or not, and refuses later leases', async () => {
    const cache = new EngineCache(create, 1, quiet)
    const a = await cache.lease('a')
    const b = await cache.lease('b') // `a` evicted but leased
    await cache.close()
    expect([a.engine.closed, b.engine.closed]).toEqual([true, true])
    await expect(cache.lease('a')).rejects.toBeInstanceOf(DatabaseUnavailableError)
  })
})
