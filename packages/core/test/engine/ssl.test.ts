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
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine, type EngineOptions } from '../support/core.js'
import { serverAvailable } from '../support/drivers.js'
import { rejection } from '../support/engines.js'

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

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

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
        "listen_addresses = '127.0.0.1'",
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
      'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n',
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

  it('a certificate from another CA is refused', async () => {
    const wrong = await open(url('localhost'), {
      ssl: { ca: readFileSync(join(dir, 'other-ca.crt')) },
    })
    const error = await rejection(wrong.scalar('SELECT 1'))
    expect((error as Error).message).toMatch(/self[- ]signed|unable to verify|certificate/i)
    const wrongFile = await open(
      url('localhost', `?sslmode=verify-full&sslrootcert=${join(dir, 'other-ca.crt')}`),
    )
    await expect(wrongFile.scalar('SELECT 1')).rejects.toThrow(
      /self[- ]signed|unable to verify|certificate/i,
    )
  })

  it('ssl: true verifies against the system CAs, so a private CA is refused', async () => {
    const engine = await open(url('localhost'), { ssl: true })
    await expect(engine.scalar('SELECT 1')).rejects.toThrow(
      /self[- ]signed|unable to verify|certificate/i,
    )
  })

  it('the ssl option wins over sslmode in the URL; sslmode=disable is refused by this server', async () => {
    const ca = readFileSync(join(dir, 'ca.crt'))
    const engine = await open(url('localhost', '?sslmode=disable'), { ssl: { ca } })
    expect(await engine.scalar(SSL_OF_SESSION)).toBe(true)
    const plain = await open(url('127.0.0.1', '?sslmode=disable'))
    await expect(plain.scalar('SELECT 1')).rejects.toThrow(/pg_hba|no encryption|rejects/i)
  })
})
