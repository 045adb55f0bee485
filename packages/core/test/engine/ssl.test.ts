/**
 * TLS for real: a PostgreSQL cluster of the test's own, started with a certificate made
 * here by openssl, that accepts only TLS connections.
 */
import { execFile } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  appendFileSync,
  writeFileSync,
  chownSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine, type EngineOptions, QueryTimeoutError } from '../support/core.js'
import { sslFromMode } from '../../src/engine/ssl-mode.js'
import { ConnectionError } from '../../src/errors.js'
import { serverAvailable } from '../support/drivers.js'
import { rejection } from '../support/engines.js'
import { freePort } from '../support/listeners.js'

const run = promisify(execFile)
const PG_BIN = process.env.GINO_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin'
const isRoot = process.getuid?.() === 0
const canRunCluster =
  serverAvailable && isRoot && existsSync(join(PG_BIN, 'initdb')) && existsSync('/usr/bin/openssl')
if (serverAvailable && !canRunCluster) {
  console.warn(
    `\n!!! ssl.test.ts is SKIPPED: it needs root, openssl and PostgreSQL binaries in ${PG_BIN}.\n`,
  )
}

const SSL_OF_SESSION = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'

const asPostgres = (command: string, args: string[]) =>
  run('runuser', ['-u', 'postgres', '--', command, ...args])

async function makeCertificates(dir: string): Promise<void> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  const ca = [
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]
  const file = (name: string) => join(dir, name)
  await Promise.all([
    run('openssl', [
      'req',
      '-x509',
      ...ec,
      ...ca,
      '-days',
      '2',
      '-subj',
      '/CN=gino test CA',
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.crt'),
    ]),
    run('openssl', [
      'req',
      '-x509',
      ...ec,
      ...ca,
      '-days',
      '2',
      '-subj',
      '/CN=some other CA',
      '-keyout',
      file('other-ca.key'),
      '-out',
      file('other-ca.crt'),
    ]),
    run('openssl', [
      'req',
      ...ec,
      '-subj',
      '/CN=localhost',
      '-keyout',
      file('server.key'),
      '-out',
      file('server.csr'),
    ]),
  ])
  writeFileSync(
    file('server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  )
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
    '-out',
    file('server.crt'),
  ])
}

describe.skipIf(!canRunCluster)('TLS connections to a PostgreSQL server [pg]', () => {
  let dir: string
  let data: string
  let port: number
  let started = false
  const engines: Engine[] = []
  const open = async (url: string, options?: EngineOptions) => {
    const engine = await createEngine(url, { acquireTimeout: 5000, ...options })
    engines.push(engine)
    return engine
  }
  const url = (host: string, query = '') => `postgres://postgres@${host}:${port}/postgres${query}`

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gino-eng-ssl-'))
    data = join(dir, 'data')
    port = await freePort()
    const { stdout } = await run('id', ['-u', 'postgres'])
    const uid = Number(stdout.trim())
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim())
    chownSync(dir, uid, gid)
    await Promise.all([
      makeCertificates(dir),
      asPostgres(join(PG_BIN, 'initdb'), [
        '-D',
        data,
        '-U',
        'postgres',
        '-A',
        'trust',
        '--no-sync',
        '--no-instructions',
        '-E',
        'UTF8',
        '--locale=C',
      ]),
    ])
    chownSync(join(dir, 'server.key'), uid, gid)
    chownSync(join(dir, 'server.crt'), uid, gid)
    appendFileSync(
      join(data, 'postgresql.conf'),
      [
        // 127.0.0.2 is loopback too, but not named by the server certificate.
        "listen_addresses = '127.0.0.1,127.0.0.2'",
        `port = ${port}`,
        `unix_socket_directories = '${dir}'`,
        'ssl = on',
        `ssl_cert_file = '${join(dir, 'server.crt')}'`,
        `ssl_key_file = '${join(dir, 'server.key')}'`,
        'fsync = off',
        'max_connections = 20',
        'shared_buffers = 16MB',
        '',
      ].join('\n'),
    )
    // TLS or nothing: plain TCP connections are rejected.
    writeFileSync(
      join(data, 'pg_hba.conf'),
      'local all all trust\nhostssl all all 127.0.0.0/8 trust\nhostnossl all all 127.0.0.0/8 reject\n',
    )
    await asPostgres(join(PG_BIN, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '30',
      'start',
    ])
    started = true
  })

  afterAll(async () => {
    await Promise.allSettled(engines.map((engine) => engine.close()))
    if (started) {
      await asPostgres(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(
        () => undefined,
      )
    }
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('ssl: { ca } connects with a verified certificate, by name and by IP', async () => {
    const ca = readFileSync(join(dir, 'ca.crt'))
    const byName = await open(url('localhost'), { ssl: { ca } })
    expect(await byName.scalar(SSL_OF_SESSION)).toBe(true)
    const byIp = await open(url('127.0.0.1'), { ssl: { ca } })
    expect(await byIp.scalar(SSL_OF_SESSION)).toBe(true)
  })

  it('?sslmode=require encrypts without verifying the certificate', async () => {
    const engine = await open(url('127.0.0.1', '?sslmode=require'))
    expect(await engine.scalar(SSL_OF_SESSION)).toBe(true)
  })

  it('?sslmode=verify-full&sslrootcert= verifies against the given CA file', async () => {
    const engine = await open(
      url('localhost', `?sslmode=verify-full&sslrootcert=${join(dir, 'ca.crt')}`),
    )
    expect(await engine.scalar(SSL_OF_SESSION)).toBe(true)
  })

  const refusal = /self[- ]signed|unable to verify|certificate/i

  it('a certificate from another CA is refused at createEngine, as a ConnectionError', async () => {
    const wrong = await rejection(open(url('localhost'), { ssl: { ca: readFileSync(join(dir, 'other-ca.crt')) } }))
    expect(wrong).toBeInstanceOf(ConnectionError)
    expect(wrong).toMatchObject({ code: 'CONNECTION_FAILED', host: 'localhost', port, database: 'postgres' })
    expect((wrong as Error).message).toMatch(refusal)
    const wrongFile = await rejection(
      open(url('localhost', `?sslmode=verify-full&sslrootcert=${join(dir, 'other-ca.crt')}`)),
    )
    expect(wrongFile).toBeInstanceOf(ConnectionError)
    expect((wrongFile as Error).message).toMatch(refusal)
  })

  it('ssl: true (option or ?ssl=true) verifies against the system CAs, so a private CA is refused', async () => {
    await expect(open(url('localhost'), { ssl: true })).rejects.toThrow(refusal)
    await expect(open(url('localhost', '?ssl=true'))).rejects.toThrow(ConnectionError)
  })

  it('?sslmode=require&sslrootcert= verifies the CA as libpq does (not the host name)', async () => {
    const good = await open(url('127.0.0.1', `?sslmode=require&sslrootcert=${join(dir, 'ca.crt')}`))
    expect(await good.scalar(SSL_OF_SESSION)).toBe(true)
    const bad = await rejection(open(url('127.0.0.1', `?sslmode=require&sslrootcert=${join(dir, 'other-ca.crt')}`)))
    expect(bad).toBeInstanceOf(ConnectionError)
    expect((bad as Error).message).toMatch(refusal)
  })

  it('?sslmode=verify-ca (and require with sslrootcert) check the chain, not the host name; verify-full checks both', async () => {
    // 127.0.0.2 reaches the cluster, but the certificate names localhost and 127.0.0.1 only.
    const other = (mode: string, ca = 'ca.crt') =>
      `postgres://postgres@127.0.0.2:${port}/postgres?sslmode=${mode}&sslrootcert=${join(dir, ca)}`
    expect(await (await open(other('verify-ca'))).scalar(SSL_OF_SESSION)).toBe(true)
    expect(await (await open(other('require'))).scalar(SSL_OF_SESSION)).toBe(true)
    const mismatch = await rejection(open(other('verify-full')))
    expect(mismatch).toBeInstanceOf(ConnectionError)
    expect((mismatch as Error).message).toMatch(/IP: 127\.0\.0\.2 is not in the cert|altnames/i)
    await expect(open(other('verify-ca', 'other-ca.crt'))).rejects.toThrow(refusal)
  })

  it('?sslmode=no-verify (and prefer, allow) encrypt without verifying', async () => {
    for (const mode of ['no-verify', 'prefer', 'allow']) {
      const engine = await open(url('127.0.0.1', `?sslmode=${mode}`))
      expect(await engine.scalar(SSL_OF_SESSION)).toBe(true)
    }
  })

  it('sslFromMode maps every sslmode word the URL accepts to the same TLS behaviour', async () => {
    const ca = readFileSync(join(dir, 'ca.crt'))
    expect(await (await open(url('127.0.0.1'), { ssl: sslFromMode('no-verify') })).scalar(SSL_OF_SESSION)).toBe(true)
    expect(await (await open(url('127.0.0.1'), { ssl: sslFromMode('require', { ca }) })).scalar(SSL_OF_SESSION)).toBe(true)
    expect(await (await open(url('localhost'), { ssl: sslFromMode('verify-full', { ca }) })).scalar(SSL_OF_SESSION)).toBe(true)
    await expect(open(url('localhost'), { ssl: sslFromMode('verify-full') })).rejects.toThrow(refusal)
    await expect(open(url('127.0.0.1'), { ssl: sslFromMode('disable') })).rejects.toThrow(/pg_hba|no encryption/)
  })

  it('the ssl option wins over sslmode in the URL; sslmode=disable is refused by this server', async () => {
    const ca = readFileSync(join(dir, 'ca.crt'))
    const engine = await open(url('localhost', '?sslmode=disable'), { ssl: { ca } })
    expect(await engine.scalar(SSL_OF_SESSION)).toBe(true)
    const plain = await rejection(open(url('127.0.0.1', '?sslmode=disable')))
    expect(plain).toBeInstanceOf(ConnectionError)
    expect(plain).toMatchObject({ sqlState: '28000' })
    expect((plain as Error).message).toMatch(/pg_hba|no encryption|rejects/i)
  })

  it('a statement cancelled by a per-call timeout is cancelled over TLS too', async () => {
    const ca = readFileSync(join(dir, 'ca.crt'))
    const engine = await open(url('localhost'), { ssl: { ca }, max: 1 })
    const started = Date.now()
    await expect(engine.scalar('SELECT pg_sleep(5)', {}, { timeout: 150 })).rejects.toThrow(QueryTimeoutError)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await engine.scalar('SELECT 1')).toBe(1)
  })
})
