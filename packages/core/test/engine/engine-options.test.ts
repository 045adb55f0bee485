import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createEngine,
  ENGINE_OPTION_NAMES,
  type Engine,
  EngineClosedError,
  InvalidDsnError,
  InvalidOptionError,
  parseEngineUrl,
  UnsupportedError,
} from '../support/core.js'
import { ConnectionError } from '../../src/errors.js'
import { describeServer, DRIVERS, SERVER_DSN } from '../support/drivers.js'
import { openEngine, openServerEngine, rejection, sleep, waitFor } from '../support/engines.js'
import { countingListener } from '../support/listeners.js'
import { pgliteTemplate } from '../support/pglite-template.js'

/** A TCP listener that only counts the connections it receives. */

describe('engine URLs', () => {
  it('routes postgres:// and postgresql:// to pg and pglite:// to the embedded driver', () => {
    expect(parseEngineUrl('postgres://u:p@db.example:6543/app')).toMatchObject({
      driver: 'pg',
      host: 'db.example',
      port: 6543,
      user: 'u',
      password: 'p',
      database: 'app',
    })
    expect(parseEngineUrl('postgresql://u@h/app?application_name=web')).toMatchObject({
      driver: 'pg',
      database: 'app',
      applicationName: 'web',
    })
    expect(parseEngineUrl('postgres://u:p%40ss%2Fw@[::1]:5433/db')).toMatchObject({
      host: '::1',
      port: 5433,
      password: 'p@ss/w',
    })
    expect(parseEngineUrl('postgres://u@/db?host=/var/run/postgresql')).toMatchObject({
      host: '/var/run/postgresql',
      port: undefined,
    })
    expect(parseEngineUrl('postgres://u@/db')).toMatchObject({
      host: undefined,
      user: 'u',
      database: 'db',
    })
    expect(parseEngineUrl('postgres://%2Fvar%2Frun%2Fpostgresql/db')).toMatchObject({
      host: '/var/run/postgresql',
    })
    expect(parseEngineUrl('pglite://')).toEqual({ driver: 'pglite', dataDir: undefined })
    expect(parseEngineUrl('pglite://memory')).toEqual({ driver: 'pglite', dataDir: undefined })
    expect(parseEngineUrl('pglite:///var/lib/app%20db')).toEqual({
      driver: 'pglite',
      dataDir: '/var/lib/app db',
    })
  })

  it('maps sslmode like libpq: disable is off, require encrypts unverified, verify-full verifies', () => {
    const target = (url: string) => parseEngineUrl(url) as { ssl: unknown }
    expect(target('postgres://h/db?sslmode=disable').ssl).toBe(false)
    expect(target('postgres://h/db?sslmode=require').ssl).toEqual({ rejectUnauthorized: false })
    expect(target('postgres://h/db?sslmode=verify-full').ssl).toEqual({ rejectUnauthorized: true })
    expect(target('postgres://h/db').ssl).toBeUndefined()
  })

  describe('invalid URLs fail with InvalidDsnError before any connection', () => {
    let listener: Awaited<ReturnType<typeof countingListener>>
    beforeAll(async () => {
      listener = await countingListener()
    })
    afterAll(() => listener.close())

    const cases: Array<[string, (port: number) => string, RegExp]> = [
      [
        'an unknown scheme',
        (port) => `mysql://root@127.0.0.1:${port}/db`,
        /Unknown database URL scheme "mysql:".*postgres:\/\//,
      ],
      ['a string that is not a URL', () => 'just some words', /Malformed database URL/],
      ['an empty URL', () => '', /empty/],
      [
        'a malformed host',
        (port) => `postgres://root@[127.0.0.1:${port}/db`,
        /Malformed database URL/,
      ],
      [
        'a port out of range',
        () => 'postgres://root@127.0.0.1:70000/db',
        /Malformed database URL|Invalid port/,
      ],
      [
        'a non-numeric port parameter',
        () => 'postgres://root@127.0.0.1/db?port=abc',
        /Invalid port "abc"/,
      ],
      [
        'a bad sslmode',
        (port) => `postgres://root@127.0.0.1:${port}/db?sslmode=sometimes`,
        /Invalid sslmode "sometimes".*verify-full/,
      ],
      [
        'an unknown URL parameter',
        (port) => `postgres://root@127.0.0.1:${port}/db?pool=3`,
        /Unknown parameter "pool"/,
      ],
      [
        'a missing sslrootcert file',
        (port) =>
          `postgres://127.0.0.1:${port}/db?sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem`,
        /sslrootcert/,
      ],
      ['a relative pglite folder', () => 'pglite://relative/folder', /pglite:\/\/\/absolute/],
    ]
    it.each(cases)('%s', async (_title, url, message) => {
      const error = await rejection(createEngine(url(listener.port)))
      expect(error).toBeInstanceOf(InvalidDsnError)
      expect((error as InvalidDsnError).code).toBe('INVALID_DSN')
      expect((error as Error).message).toMatch(message)
      expect(listener.connections()).toBe(0)
    })

    it('never echoes the password of a malformed URL', async () => {
      const error = await rejection(createEngine('redis://admin:hunter2@127.0.0.1/db'))
      expect((error as Error).message).not.toContain('hunter2')
      expect((error as Error).message).toContain('admin:***@')
    })
  })
})

describe('engine options', () => {
  it('an unknown option is an InvalidOptionError naming every valid option', async () => {
    const error = await rejection(createEngine('pglite://', { poolSize: 3 } as never))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect((error as InvalidOptionError).option).toBe('poolSize')
    for (const name of ENGINE_OPTION_NAMES) expect((error as Error).message).toContain(name)
  })

  it.each([
    [{ max: 0 }, 'max'],
    [{ min: 3, max: 2 }, 'min'],
    [{ acquireTimeout: -5 }, 'acquireTimeout'],
    [{ idleTimeout: 1.5 }, 'idleTimeout'],
    [{ statementTimeout: 0 }, 'statementTimeout'],
    [{ echo: 'yes' }, 'echo'],
    [{ logger: { info: () => undefined } }, 'logger'],
    [{ ssl: 'on' }, 'ssl'],
    [{ applicationName: 42 }, 'applicationName'],
    [{ driverOptions: null }, 'driverOptions'],
    [{ lazy: 'yes' }, 'lazy'],
    [{ pool: 0 }, 'pool'],
    [{ pooler: 'pgbouncer' }, 'pooler'],
    [{ pipelineDepth: 0 }, 'pipelineDepth'],
  ])('rejects the invalid value %j', async (options, option) => {
    const error = await rejection(createEngine('postgres://127.0.0.1:1/never', options as never))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect((error as InvalidOptionError).option).toBe(option)
  })

  it('the engine URL is kept with its password masked', async () => {
    const engine = await createEngine('postgres://app:s3cret@127.0.0.1:1/db', { lazy: true })
    try {
      expect(engine.url).toBe('postgres://app:***@127.0.0.1:1/db')
      expect(engine.driver).toBe('pg')
      expect(engine.options).toMatchObject({
        min: 0,
        max: 10,
        acquireTimeout: 30_000,
        idleTimeout: 10_000,
      })
    } finally {
      await engine.close()
    }
  })

  it('statementTimeout on PGlite is an UnsupportedError', async () => {
    await expect(createEngine('pglite://', { statementTimeout: 100 })).rejects.toBeInstanceOf(
      UnsupportedError,
    )
  })
})

describe('PGlite options', () => {
  it('driverOptions are handed to PGlite as is', async () => {
    const engine = await openEngine(
      DRIVERS.find((d) => d.name === 'pglite')!,
      { driverOptions: { database: 'template1' } },
    )
    try {
      expect(await engine.scalar('SELECT current_database()')).toBe('template1')
    } finally {
      await engine.close()
    }
  })
})

describe('a persistent PGlite folder', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gino-eng-pglite-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps its data across engines; a closed engine refuses work', async () => {
    // The first engine starts the folder from the template, to skip initdb.
    const first = await createEngine(`pglite://${dir}`, {
      driverOptions: { loadDataDir: await pgliteTemplate() },
    })
    expect(first.driver).toBe('pglite')
    await first.status('CREATE TABLE eng_opt_kept (id int)')
    await first.status('INSERT INTO eng_opt_kept VALUES (7)')
    await first.close()
    await expect(first.scalar('SELECT 1')).rejects.toBeInstanceOf(EngineClosedError)
    await expect(first.acquire()).rejects.toBeInstanceOf(EngineClosedError)

    const second = await createEngine(`pglite://${dir}`)
    try {
      expect(await second.scalar('SELECT id FROM eng_opt_kept')).toBe(7)
    } finally {
      await second.close()
    }
  })
})

describeServer('engine options on a server', () => {
  const engines: Engine[] = []
  const open = async (...args: Parameters<typeof openServerEngine>) => {
    const engine = await openServerEngine(...args)
    engines.push(engine)
    return engine
  }
  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.close()))
  })

  it('postgresql:// is accepted as well as postgres://', async () => {
    const engine = await open()
    const alias = await createEngine(SERVER_DSN.replace(/^postgres:/, 'postgresql:'))
    engines.push(alias)
    expect(alias.driver).toBe('pg')
    expect(await alias.scalar('SELECT current_database()')).toBe(
      await engine.scalar('SELECT current_database()'),
    )
  })

  it('applicationName and ?application_name= reach the server (the option wins)', async () => {
    const byOption = await open({ applicationName: 'gino_eng_opt_app' })
    expect(await byOption.scalar("SELECT current_setting('application_name')")).toBe(
      'gino_eng_opt_app',
    )
    const withParam = `${SERVER_DSN}${SERVER_DSN.includes('?') ? '&' : '?'}application_name=gino_eng_from_url`
    const byUrl = await createEngine(withParam)
    engines.push(byUrl)
    expect(await byUrl.scalar("SELECT current_setting('application_name')")).toBe(
      'gino_eng_from_url',
    )
    const both = await createEngine(withParam, { applicationName: 'gino_eng_opt_wins' })
    engines.push(both)
    expect(await both.scalar("SELECT current_setting('application_name')")).toBe(
      'gino_eng_opt_wins',
    )
  })

  it.runIf(
    existsSync('/var/run/postgresql/.s.PGSQL.5432') && SERVER_DSN.includes('127.0.0.1:5432/'),
  )('a URL without a host and ?host=<socket folder> connects over the Unix socket', async () => {
    const engine = await createEngine(
      SERVER_DSN.replace('127.0.0.1:5432', '') + '?host=/var/run/postgresql',
    )
    engines.push(engine)
    expect(await engine.scalar('SELECT inet_client_addr()')).toBeNull()
  })

  it('pool: false (NullPool) gives each use its own backend and closes it afterwards', async () => {
    const app = `gino_eng_nullpool_${process.pid}`
    const engine = await open({ pool: false, applicationName: app })
    const connected = async () =>
      engine.scalar('SELECT count(*)::int FROM pg_stat_activity WHERE application_name = :app', { app })
    expect(engine.stats.total).toBe(0)
    const first = await engine.scalar('SELECT pg_backend_pid()')
    const second = await engine.scalar('SELECT pg_backend_pid()')
    expect(second).not.toBe(first)
    // Only the connection running this very query.
    expect(await connected()).toBe(1)
    await engine.acquire(async (conn) => {
      expect(await conn.scalar('SELECT pg_backend_pid()')).toBe(await conn.scalar('SELECT pg_backend_pid()'))
    })
    expect(engine.stats.total).toBe(0)
    await expect(createEngine(SERVER_DSN, { pool: false, min: 1 })).rejects.toThrow(/"min" must be 0 with "pool: false"/)
  })

  it('min opens connections at start; max caps them and queues the rest', async () => {
    const engine = await open({ min: 2, max: 2 })
    expect(engine.stats).toMatchObject({ total: 2, idle: 2 })
    const held = [await engine.acquire(), await engine.acquire()]
    const third = engine.scalar('SELECT 3')
    await sleep(20)
    expect(engine.stats).toMatchObject({ total: 2, idle: 0, waiting: 1 })
    await held[0]!.release()
    expect(await third).toBe(3)
    await held[1]!.release()
    expect(engine.stats).toMatchObject({ total: 2, idle: 2, waiting: 0 })
  })

  it('idleTimeout closes idle connections', async () => {
    const engine = await open({ idleTimeout: 50 })
    await engine.scalar('SELECT 1')
    expect(engine.stats.total).toBe(1)
    expect(await waitFor(() => engine.stats.total === 0, 2000)).toBe(true)
  })

  it('driverOptions are handed to the pg pool as is', async () => {
    const engine = await open({
      driverOptions: { options: '-c search_path=eng_opt_schema,public' },
    })
    expect(await engine.scalar('SHOW search_path')).toBe('eng_opt_schema,public')
  })

  it('with lazy: true an unreachable server fails on first use, not at createEngine', async () => {
    const listener = await countingListener()
    await listener.close()
    const dead = await createEngine(`postgres://postgres@127.0.0.1:${listener.port}/db`, { lazy: true })
    engines.push(dead)
    await expect(dead.scalar('SELECT 1')).rejects.toThrow(ConnectionError)
  })
})
