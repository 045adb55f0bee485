/**
 * Connection strings as libpq reads them (parsed by pg-connection-string): the
 * parameters hosted services put in their URLs, Unix sockets, and errors that never
 * show the password.
 */
import { existsSync } from 'node:fs'
import { type AddressInfo, createServer, type Socket } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { redactUrl } from '../../src/engine/url.js'
import { SSL_MODES, sslFromMode } from '../../src/engine/ssl-mode.js'
import { ConnectionError } from '../../src/errors.js'
import { createEngine, type Engine, InvalidDsnError, InvalidOptionError, parseEngineUrl } from '../support/core.js'
import { describeServer, SERVER_DSN } from '../support/drivers.js'
import { rejection } from '../support/engines.js'

const server = (url: string) => parseEngineUrl(url) as Extract<ReturnType<typeof parseEngineUrl>, { driver: 'pg' }>

describe('connection strings as libpq reads them', () => {
  it('accepts the parameters of hosted services: sslmode=no-verify, ssl=true, options, connect_timeout, channel_binding', () => {
    expect(server('postgres://u:p@db.example.com/app?sslmode=no-verify').ssl).toEqual({ rejectUnauthorized: false })
    expect(server('postgres://u:p@db.example.com/app?ssl=true').ssl).toBe(true)
    expect(server('postgres://u:p@db.example.com/app?ssl=false').ssl).toBe(false)
    expect(server('postgres://h/app?options=-c search_path=app').options).toBe('-c search_path=app')
    expect(server('postgres://h/app?options=-c%20search_path%3Dapp').options).toBe('-c search_path=app')
    expect(server('postgres://h/app?connect_timeout=10').connectTimeoutMs).toBe(10_000)
    // As libpq: 0 waits forever, 1 second counts as 2.
    expect(server('postgres://h/app?connect_timeout=0').connectTimeoutMs).toBeUndefined()
    expect(server('postgres://h/app?connect_timeout=1').connectTimeoutMs).toBe(2_000)
    expect(server('postgres://u:p@ep-x.aws.neon.tech/app?sslmode=require&channel_binding=require')).toMatchObject({
      host: 'ep-x.aws.neon.tech',
      channelBinding: 'require',
      ssl: { rejectUnauthorized: false },
    })
    expect(server('postgres://h/app?fallback_application_name=web').applicationName).toBe('web')
    expect(server('postgres://h/other?dbname=app&user=ann&port=6543')).toMatchObject({
      database: 'app',
      user: 'ann',
      port: 6543,
    })
  })

  it('reads Unix sockets: socket:/folder?db=, ?host=/folder and an encoded host', () => {
    expect(server('socket:/var/run/postgresql?db=app&encoding=utf8')).toMatchObject({
      host: '/var/run/postgresql',
      database: 'app',
      clientEncoding: 'utf8',
    })
    expect(server('socket://ann:pw@/var/run/postgresql?db=app')).toMatchObject({
      host: '/var/run/postgresql',
      user: 'ann',
      password: 'pw',
      database: 'app',
    })
    expect(server('postgres://u@/app?host=/var/run/postgresql')).toMatchObject({ host: '/var/run/postgresql', database: 'app' })
    expect(server('postgres://%2Fvar%2Frun%2Fpostgresql/app')).toMatchObject({ host: '/var/run/postgresql', database: 'app' })
  })

  it('maps each sslmode like libpq; require with a root certificate verifies the chain', () => {
    expect(sslFromMode('disable')).toBe(false)
    for (const mode of ['allow', 'prefer', 'require', 'no-verify']) {
      expect(sslFromMode(mode)).toEqual({ rejectUnauthorized: false })
    }
    const withCa = sslFromMode('require', { ca: 'PEM' })
    expect(withCa).toMatchObject({ ca: 'PEM', rejectUnauthorized: true })
    expect((withCa as { checkServerIdentity?: () => unknown }).checkServerIdentity?.()).toBeUndefined()
    expect(sslFromMode('verify-ca')).toMatchObject({ rejectUnauthorized: true })
    expect(sslFromMode('verify-full', { ca: 'PEM' })).toEqual({ ca: 'PEM', rejectUnauthorized: true })
    expect(SSL_MODES).toEqual(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'])
    const error = (() => {
      try {
        return sslFromMode('sometimes')
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect((error as Error).message).toMatch(/Invalid sslmode "sometimes".*no-verify/)
  })

  it('refuses what libpq refuses, with a clear InvalidDsnError', () => {
    const invalid = (url: string, message: RegExp) => {
      let caught: unknown
      try {
        parseEngineUrl(url)
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(InvalidDsnError)
      expect((caught as Error).message).toMatch(message)
    }
    invalid('postgres://h/app?connect_timeout=soon', /Invalid connect_timeout "soon"/)
    invalid('postgres://h/app?channel_binding=always', /Invalid channel_binding "always".*require/)
    invalid('postgres://h/app?ssl=maybe', /Invalid ssl "maybe"/)
    invalid('postgres://h/app?target_session_attrs=any', /Unknown parameter "target_session_attrs".*channel_binding/)
    invalid('postgres://h/app?sslmode=verify-ca', /verify-ca needs sslrootcert/)
    invalid('postgres://u:p@[::1/app', /Malformed database URL "postgres:\/\/u:\*\*\*@/)
  })

  it('never shows a password, in the URL or in ?password=', async () => {
    expect(redactUrl('postgres://ann:hunter2@h/app?password=hunter3&sslmode=require')).toBe(
      'postgres://ann:***@h/app?password=***&sslmode=require',
    )
    for (const url of [
      'postgres://ann:hunter2@h:99999/app',
      'postgres://ann:hunter2@h/app?password=hunter2&bogus=1',
      'postgres://ann:hunter2@[h/app',
    ]) {
      const error = await rejection(createEngine(url))
      expect(error).toBeInstanceOf(InvalidDsnError)
      expect((error as Error).message).not.toContain('hunter2')
    }
  })
})

describe('connect_timeout', () => {
  it('?connect_timeout= bounds connecting to a server that never answers, whatever acquireTimeout says', async () => {
    const held = new Set<Socket>()
    const silentServer = createServer((socket) => {
      held.add(socket)
    })
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve))
    const { port } = silentServer.address() as AddressInfo
    try {
      const started = Date.now()
      const error = await rejection(
        createEngine(`postgres://postgres@127.0.0.1:${port}/app?connect_timeout=2`, { acquireTimeout: 60_000 }),
      )
      expect(error).toBeInstanceOf(ConnectionError)
      expect((error as Error).message).toMatch(/timeout/i)
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900)
      expect(Date.now() - started).toBeLessThan(10_000)
    } finally {
      for (const socket of held) socket.destroy()
      await new Promise<void>((resolve) => silentServer.close(() => resolve()))
    }
  })
})

describeServer('connection strings on a live server', () => {
  const engines: Engine[] = []
  const open = async (url: string) => {
    const engine = await createEngine(url, { max: 1 })
    engines.push(engine)
    return engine
  }
  afterAll(() => Promise.all(engines.map((engine) => engine.close())))
  const join = (extra: string) => SERVER_DSN + (SERVER_DSN.includes('?') ? '&' : '?') + extra

  it('?options=-c search_path=app takes effect', async () => {
    const engine = await open(join('options=-c search_path=app'))
    expect(await engine.scalar('SHOW search_path')).toBe('app')
    const encoded = await open(join('options=-c%20search_path%3Dapp,public'))
    expect(await encoded.scalar('SHOW search_path')).toBe('app,public')
  })

  it('connect_timeout, channel_binding and client_encoding are accepted and connect', async () => {
    const engine = await open(join('connect_timeout=10&channel_binding=prefer&client_encoding=UTF8'))
    expect(await engine.scalar('SHOW client_encoding')).toBe('UTF8')
  })

  it('sslmode=prefer and allow fall back to plain text on a server without TLS, as libpq; require does not', async () => {
    const probe = await open(SERVER_DSN)
    if ((await probe.scalar('SHOW ssl')) !== 'off') return console.warn('!!! the test server has TLS on: fallback not checked')
    const ssl = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'
    expect(await (await open(join('sslmode=prefer'))).scalar(ssl)).toBe(false)
    const lazy = await createEngine(join('sslmode=allow'), { lazy: true, max: 2 })
    engines.push(lazy)
    const [a, b] = await Promise.all([lazy.scalar(ssl), lazy.scalar(ssl)])
    expect([a, b]).toEqual([false, false])
    const required = await rejection(createEngine(join('sslmode=require')))
    expect(required).toBeInstanceOf(ConnectionError)
    expect((required as Error).message).toMatch(/does not support SSL/)
  })

  const socketReady = existsSync('/var/run/postgresql/.s.PGSQL.5432') && SERVER_DSN.includes('127.0.0.1:5432/')
  it.runIf(socketReady)('socket:/var/run/postgresql?db= and an encoded socket host connect over the Unix socket', async () => {
    const database = new URL(SERVER_DSN).pathname.slice(1)
    const viaSocket = await open(`socket://postgres@/var/run/postgresql?db=${database}`)
    expect(await viaSocket.scalar('SELECT inet_client_addr()')).toBeNull()
    expect(await viaSocket.scalar('SELECT current_database()')).toBe(database)
    const encoded = await open(`postgres://postgres@%2Fvar%2Frun%2Fpostgresql/${database}`)
    expect(await encoded.scalar('SELECT inet_client_addr()')).toBeNull()
  })
})
