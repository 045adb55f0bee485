import { DatabaseNotConfiguredError, InvalidOptionError } from '@gino-ts/core'
import { resolveGinoConfig } from '@gino-ts/core/integration'
import { describe, expect, it } from 'vitest'

describe('resolveGinoConfig', () => {
  it('uses the documented defaults and falls back to PGlite without any URL', () => {
    const config = resolveGinoConfig({}, {})
    expect(config).toMatchObject({
      dsn: 'pglite://',
      fallback: true,
      warnFallback: true,
      echo: false,
      poolMinSize: 5,
      poolMaxSize: 10,
      useConnectionForRequest: true,
      retryLimit: 1,
      retryInterval: 1,
      retryMaxInterval: 30,
    })
    // PGlite's pool is one connection: no pool sizes reach the engine.
    expect(config.engineOptions).not.toHaveProperty('min')
    expect(config.engineOptions).not.toHaveProperty('max')
  })

  it('reads every DB_* variable of the env object', () => {
    const config = resolveGinoConfig(
      {},
      {
        DB_DSN: 'postgres://app@db.internal:6543/shop',
        DB_ECHO: 'yes',
        DB_POOL_MIN_SIZE: '2',
        DB_POOL_MAX_SIZE: '20',
        DB_SSL: 'require',
        DB_USE_CONNECTION_FOR_REQUEST: 'off',
        DB_RETRY_LIMIT: '5',
        DB_RETRY_INTERVAL: '0.25',
        DB_KWARGS: '{"keepAlive": true}',
      },
    )
    expect(config).toMatchObject({
      dsn: 'postgres://app@db.internal:6543/shop',
      fallback: false,
      echo: true,
      poolMinSize: 2,
      poolMaxSize: 20,
      ssl: { rejectUnauthorized: false },
      useConnectionForRequest: false,
      retryLimit: 5,
      retryInterval: 0.25,
      driverOptions: { keepAlive: true },
    })
    expect(config.engineOptions).toEqual({
      min: 2,
      max: 20,
      ssl: { rejectUnauthorized: false },
      driverOptions: { keepAlive: true },
    })
  })

  it('DB_PREPARE (or the prepare option) turns automatic prepared statements on or off', () => {
    const dsn = 'postgres://app@db.internal/shop'
    expect(resolveGinoConfig({}, { DB_DSN: dsn, DB_PREPARE: 'false' }).engineOptions.prepare).toBe(false)
    expect(resolveGinoConfig({ prepare: true }, { DB_DSN: dsn, DB_PREPARE: 'false' }).engineOptions.prepare).toBe(true)
    expect(resolveGinoConfig({}, { DB_DSN: dsn }).engineOptions).not.toHaveProperty('prepare')
    expect(() => resolveGinoConfig({}, { DB_DSN: dsn, DB_PREPARE: 'maybe' })).toThrow(InvalidOptionError)
  })

  it('DB_PIPELINE_DEPTH (or the pipelineDepth option) sets how many statements may share a busy connection', () => {
    const dsn = 'postgres://app@db.internal/shop'
    expect(resolveGinoConfig({}, { DB_DSN: dsn, DB_PIPELINE_DEPTH: '1' }).engineOptions.pipelineDepth).toBe(1)
    expect(resolveGinoConfig({ pipelineDepth: 8 }, { DB_DSN: dsn, DB_PIPELINE_DEPTH: '1' }).engineOptions.pipelineDepth).toBe(8)
    expect(resolveGinoConfig({}, { DB_DSN: dsn }).engineOptions).not.toHaveProperty('pipelineDepth')
    expect(() => resolveGinoConfig({}, { DB_DSN: dsn, DB_PIPELINE_DEPTH: '0' })).toThrow(InvalidOptionError)
  })

  it('refuses to fall back to an in-memory database with NODE_ENV=production, naming what it read', () => {
    let error: unknown
    try {
      resolveGinoConfig({}, { NODE_ENV: 'production' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(DatabaseNotConfiguredError)
    const notConfigured = error as DatabaseNotConfiguredError
    expect(notConfigured.code).toBe('DATABASE_NOT_CONFIGURED')
    for (const name of ['DB_DSN', 'DATABASE_URL', 'DB_HOST', 'DB_DATABASE']) {
      expect(notConfigured.message).toContain(name)
      expect(notConfigured.looked).toContain(name)
    }
    expect(() => resolveGinoConfig({}, { DB_EMBEDDED: 'false' })).toThrow(
      DatabaseNotConfiguredError,
    )
    expect(() => resolveGinoConfig({ embedded: false }, {})).toThrow(DatabaseNotConfiguredError)
  })

  it('uses the embedded database in production only when asked for, without a warning', () => {
    for (const config of [
      resolveGinoConfig({}, { NODE_ENV: 'production', DB_EMBEDDED: 'true' }),
      resolveGinoConfig({ embedded: true }, { NODE_ENV: 'production' }),
    ]) {
      expect(config).toMatchObject({ dsn: 'pglite://', fallback: true, warnFallback: false })
    }
    const explicit = resolveGinoConfig({}, { NODE_ENV: 'production', DB_DSN: 'pglite://' })
    expect(explicit).toMatchObject({ dsn: 'pglite://', fallback: false, warnFallback: false })
  })

  it('reads DATABASE_URL after DB_DSN', () => {
    expect(resolveGinoConfig({}, { DATABASE_URL: 'postgres://platform/app' }).dsn).toBe(
      'postgres://platform/app',
    )
    expect(
      resolveGinoConfig(
        {},
        { DB_DSN: 'postgres://mine/app', DATABASE_URL: 'postgres://platform/app' },
      ).dsn,
    ).toBe('postgres://mine/app')
    expect(
      resolveGinoConfig({}, { NODE_ENV: 'production', DATABASE_URL: 'postgres://platform/app' }),
    ).toMatchObject({ fallback: false })
  })

  it.each([
    ['disable', false],
    ['false', false],
    ['allow', { rejectUnauthorized: false }],
    ['prefer', { rejectUnauthorized: false }],
    ['require', { rejectUnauthorized: false }],
    ['no-verify', { rejectUnauthorized: false }],
    ['verify-ca', expect.objectContaining({ rejectUnauthorized: true })],
    ['verify-full', { rejectUnauthorized: true }],
    ['true', true],
  ])('reads DB_SSL=%s as a libpq sslmode', (mode, expected) => {
    expect(resolveGinoConfig({}, { DB_DSN: 'postgres://h/d', DB_SSL: mode }).ssl).toEqual(expected)
  })

  it('checks the chain but not the host name with DB_SSL=verify-ca', () => {
    const ssl = resolveGinoConfig({}, { DB_DSN: 'postgres://h/d', DB_SSL: 'verify-ca' }).ssl as {
      checkServerIdentity?: () => unknown
    }
    expect(ssl.checkServerIdentity?.()).toBeUndefined()
    expect(typeof ssl.checkServerIdentity).toBe('function')
  })

  it('builds the URL from DB_HOST, DB_PORT, DB_USER, DB_PASSWORD and DB_DATABASE, encoding each part', () => {
    const config = resolveGinoConfig(
      {},
      {
        DB_HOST: 'db.internal',
        DB_PORT: '6543',
        DB_USER: 'app user',
        DB_PASSWORD: 'p@ss/word',
        DB_DATABASE: 'shop',
      },
    )
    expect(config.dsn).toBe('postgres://app%20user:p%40ss%2Fword@db.internal:6543/shop')
    expect(resolveGinoConfig({}, { DB_HOST: '/var/run/postgresql', DB_DATABASE: 'shop' }).dsn).toBe(
      'postgres://localhost/shop?host=%2Fvar%2Frun%2Fpostgresql',
    )
  })

  it('prefers options to variables, and a DSN to the URL parts', () => {
    const env = { DB_DSN: 'postgres://env/one', DB_POOL_MAX_SIZE: '30', DB_ECHO: 'true' }
    const config = resolveGinoConfig({ poolMaxSize: 3, echo: false }, env)
    expect(config).toMatchObject({
      dsn: 'postgres://env/one',
      poolMaxSize: 3,
      poolMinSize: 3,
      echo: false,
    })
    expect(resolveGinoConfig({ dsn: 'postgres://option/two', host: 'ignored' }, env).dsn).toBe(
      'postgres://option/two',
    )
    expect(resolveGinoConfig({ database: 'three' }, env).dsn).toBe('postgres://localhost/three')
  })

  it('lets a smaller maximum lower the default minimum, but refuses an explicit minimum above it', () => {
    expect(
      resolveGinoConfig({}, { DB_DSN: 'postgres://h/d', DB_POOL_MAX_SIZE: '2' }).poolMinSize,
    ).toBe(2)
    expect(() =>
      resolveGinoConfig(
        {},
        { DB_DSN: 'postgres://h/d', DB_POOL_MAX_SIZE: '2', DB_POOL_MIN_SIZE: '3' },
      ),
    ).toThrow(expect.objectContaining({ option: 'DB_POOL_MIN_SIZE' }))
  })

  it.each([
    ['DB_PORT', '70000'],
    ['DB_POOL_MIN_SIZE', '-1'],
    ['DB_POOL_MAX_SIZE', '0'],
    ['DB_ECHO', 'sometimes'],
    ['DB_SSL', 'maybe'],
    ['DB_USE_CONNECTION_FOR_REQUEST', '2'],
    ['DB_RETRY_LIMIT', '0'],
    ['DB_RETRY_INTERVAL', 'soon'],
    ['DB_KWARGS', '[1, 2]'],
    ['DB_DSN', 'postgres://host:port/db'],
  ])('names %s when its value %j is invalid', (key, value) => {
    const env = { DB_HOST: 'localhost', [key]: value }
    let error: unknown
    try {
      resolveGinoConfig({}, env)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect((error as InvalidOptionError).option).toBe(key)
    expect((error as InvalidOptionError).message).toContain(key)
  })

  it('names the option, not a variable, when an option is invalid', () => {
    expect(() => resolveGinoConfig({ poolMaxSize: 1.5 }, {})).toThrow(
      expect.objectContaining({ option: 'poolMaxSize' }),
    )
    expect(() => resolveGinoConfig({ dsn: 'nope' }, {})).toThrow(
      expect.objectContaining({ option: 'dsn' }),
    )
  })

  it('treats an empty variable as unset', () => {
    expect(resolveGinoConfig({}, { DB_DSN: '', DB_ECHO: '' })).toMatchObject({
      dsn: 'pglite://',
      echo: false,
    })
  })
})
