import { describe, expect, it } from 'vitest'
import { loadConfig, pgliteUrl } from '../src/index.js'

const dataDir = '/srv/my app/data'

describe('loadConfig', () => {
  it('defaults to port 3000 on 127.0.0.1 with PGlite persisted in <data>/main', () => {
    const config = loadConfig({ env: {}, argv: [], dataDir })
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir })
    expect(config.options).toEqual({
      dsn: 'pglite:///srv/my%20app/data/main',
      allowedDatabases: [],
      logger: true,
    })
  })

  it('keeps PGlite in memory with DB_MEMORY=1 or --memory, and creates no folder', () => {
    for (const source of [
      { env: { DB_MEMORY: '1' }, argv: [] },
      { env: {}, argv: ['--memory'] },
    ]) {
      const config = loadConfig({ ...source, dataDir })
      expect(config.options.dsn).toBe('pglite://')
      expect(config.dataDir).toBeUndefined()
    }
  })

  it('leaves the server to the framework package when DB_DSN or DB_HOST is set', () => {
    for (const env of [{ DB_DSN: 'postgres://localhost/app' }, { DB_HOST: 'db' }]) {
      const config = loadConfig({ env, argv: ['--memory'], dataDir })
      expect(config.options.dsn).toBeUndefined()
      expect(config.dataDir).toBeUndefined()
    }
  })

  it('leaves the server to the framework package when only DATABASE_URL is set', () => {
    const config = loadConfig({ env: { DATABASE_URL: 'postgres://db/app' }, argv: [], dataDir })
    expect(config.options.dsn).toBeUndefined()
    expect(config.database).toMatch(/PostgreSQL server/)
  })

  it('reads SHUTDOWN_GRACE_MS (default 10 s) and refuses one that is not milliseconds', () => {
    expect(loadConfig({ env: {}, dataDir }).shutdownGraceMs).toBe(10_000)
    expect(loadConfig({ env: { SHUTDOWN_GRACE_MS: '1500' }, dataDir }).shutdownGraceMs).toBe(1500)
    for (const SHUTDOWN_GRACE_MS of ['10s', '-1', '1.5']) {
      expect(() => loadConfig({ env: { SHUTDOWN_GRACE_MS }, dataDir })).toThrow(
        /SHUTDOWN_GRACE_MS must be/,
      )
    }
  })

  it('reads PORT, HOST and the comma-separated DB_ALLOWED_DATABASES', () => {
    const config = loadConfig({
      env: { PORT: '8080', HOST: '0.0.0.0', DB_ALLOWED_DATABASES: ' tenant_a, ,tenant_b ' },
      dataDir,
    })
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0' })
    expect(config.options.allowedDatabases).toEqual(['tenant_a', 'tenant_b'])
  })

  it('refuses a PORT that is not a port number', () => {
    for (const PORT of ['http', '-1', '70000']) {
      expect(() => loadConfig({ env: { PORT }, dataDir })).toThrow(/PORT must be an integer/)
    }
  })

  it('pgliteUrl percent-encodes each path segment', () => {
    expect(pgliteUrl('/a b/c#d')).toBe('pglite:///a%20b/c%23d')
  })
})
