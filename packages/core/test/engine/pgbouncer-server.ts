/**
 * A real PgBouncer in transaction mode, started by the tests on a free port in a
 * temporary folder, in front of the test server's database.
 *
 * Without the `pgbouncer` binary the suites are skipped loudly, except with CI=true,
 * where that is a failure (`.ci/run` installs the Debian package).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SERVER_DSN } from '../support/drivers.js'
import { freePort } from '../support/listeners.js'

const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer']

function findBinary(): string | undefined {
  const fromEnv = process.env.GINO_TEST_PGBOUNCER
  if (fromEnv) return fromEnv
  const found = CANDIDATES.find((path) => existsSync(path))
  if (found) return found
  try {
    return execFileSync('sh', ['-c', 'command -v pgbouncer'], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

export const PGBOUNCER = findBinary()

if (PGBOUNCER === undefined) {
  if (process.env.CI) throw new Error('CI=true and pgbouncer is not installed (apt-get install -y pgbouncer).')
  console.warn('\n!!! pgbouncer is not installed: the PgBouncer suites are SKIPPED (apt-get install -y pgbouncer).\n')
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** A running PgBouncer; `url` reaches the test database through it. */
export interface PgBouncer {
  readonly url: string
  readonly port: number
  /** PgBouncer's log so far, for failure messages. */
  log(): string
  stop(): Promise<void>
}

/** Starts PgBouncer (pool_mode=transaction, trust) in front of the test server. */
export async function startPgBouncer(settings: Record<string, string | number> = {}): Promise<PgBouncer> {
  if (PGBOUNCER === undefined) throw new Error('pgbouncer is not installed')
  const target = new URL(SERVER_DSN)
  const database = decodeURIComponent(target.pathname.slice(1))
  const user = decodeURIComponent(target.username || 'postgres')
  const dir = mkdtempSync(join(tmpdir(), 'gino-pgbouncer-'))
  const port = await freePort()
  const file = (name: string) => join(dir, name)
  writeFileSync(file('userlist.txt'), `"${user}" ""\n`)
  const config = {
    listen_addr: '127.0.0.1',
    listen_port: port,
    unix_socket_dir: '',
    auth_type: 'trust',
    auth_file: file('userlist.txt'),
    pool_mode: 'transaction',
    default_pool_size: 4,
    max_client_conn: 100,
    server_reset_query: '',
    logfile: file('pgbouncer.log'),
    pidfile: file('pgbouncer.pid'),
    ...settings,
  }
  writeFileSync(
    file('pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${target.hostname} port=${target.port || 5432} dbname=${database}`,
      '[pgbouncer]',
      ...Object.entries(config).map(([key, value]) => `${key} = ${value}`),
      '',
    ].join('\n'),
  )
  // PgBouncer refuses to run as root: it switches to the postgres user itself (-u).
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    for (const name of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(join(dir, name), uid, gid)
  }
  const args = [...(asRoot ? ['-u', 'postgres'] : []), file('pgbouncer.ini')]
  const child: ChildProcess = spawn(PGBOUNCER, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const log = () => {
    const written = existsSync(file('pgbouncer.log')) ? readFileSync(file('pgbouncer.log'), 'utf8') : ''
    return `${stderr}${written}`
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT')
      const forced = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(forced)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await accepting(port)) {
      const url = new URL(SERVER_DSN)
      url.hostname = '127.0.0.1'
      url.port = String(port)
      url.password = ''
      return { url: url.toString(), port, log, stop }
    }
    if (child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const output = log()
  await stop()
  throw new Error(`PgBouncer did not start:\n${output}`)
}
