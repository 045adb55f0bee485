/**
 * A PostgreSQL primary and a streaming replica of it, both the test's own: `initdb` into a
 * temporary folder, replication allowed in its pg_hba, `pg_basebackup -R` for the replica,
 * each started with `pg_ctl` on a free port. (The shared server at 5432 refuses
 * replication connections.)
 */
import { execFile } from 'node:child_process'
import { appendFileSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './listeners.js'

const run = promisify(execFile)
export const PG_BIN = process.env.GINO_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin'
const isRoot = process.getuid?.() === 0

/** Why a replica pair cannot be started here, or undefined when it can. */
export function replicaPairMissing(): string | undefined {
  for (const tool of ['initdb', 'pg_ctl', 'pg_basebackup']) {
    if (!existsSync(join(PG_BIN, tool))) return `${tool} is not in ${PG_BIN}`
  }
  return undefined
}

export interface ReplicaPair {
  readonly primaryUrl: string
  readonly replicaUrl: string
  stopReplica(): Promise<void>
  startReplica(): Promise<void>
  close(): Promise<void>
}

/** Runs a PostgreSQL tool as the `postgres` user when we are root (initdb refuses root). */
function tool(name: string, args: string[]): Promise<unknown> {
  const path = join(PG_BIN, name)
  return isRoot ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, args)
}

async function own(path: string): Promise<void> {
  if (!isRoot) return
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim())
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim())
  chownSync(path, uid, gid)
}

/** Starts a primary and its replica; `close()` stops both and removes their folders. */
export async function startReplicaPair(): Promise<ReplicaPair> {
  const dir = mkdtempSync(join(tmpdir(), 'gino-replicas-'))
  await own(dir)
  const primary = join(dir, 'primary')
  const replica = join(dir, 'replica')
  const [primaryPort, replicaPort] = [await freePort(), await freePort()]
  const started: string[] = []
  const settings = (port: number) =>
    [
      "listen_addresses = '127.0.0.1'",
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'max_connections = 30',
      'shared_buffers = 16MB',
      'wal_receiver_status_interval = 1s',
      '',
    ].join('\n')
  const start = async (data: string, name: string) => {
    await tool('pg_ctl', ['-D', data, '-l', join(dir, `${name}.log`), '-w', '-t', '30', 'start'])
    if (!started.includes(data)) started.push(data)
  }
  const stop = (data: string) => tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
  const close = async () => {
    for (const data of [...started].reverse()) {
      await tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await tool('initdb', ['-D', primary, '-U', 'postgres', '-A', 'trust', '-N', '--no-instructions', '-E', 'UTF8', '--locale=C'])
    appendFileSync(join(primary, 'postgresql.conf'), settings(primaryPort))
    appendFileSync(join(primary, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n')
    await start(primary, 'primary')
    await tool('pg_basebackup', ['-R', '-D', replica, '-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres'])
    // The copied configuration names the primary's port; the later line wins.
    appendFileSync(join(replica, 'postgresql.conf'), settings(replicaPort))
    await start(replica, 'replica')
  } catch (error) {
    await close()
    throw error
  }
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`,
    stopReplica: async () => {
      await stop(replica)
    },
    startReplica: () => start(replica, 'replica'),
    close,
  }
}
