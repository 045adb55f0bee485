/**
 * vitest `globalSetup`: makes every in-memory PGlite database the tests open start from a
 * ready-made data folder instead of running `initdb` (see core's `GINO_PGLITE_TEMPLATE`).
 * The dump is built once per PGlite version and machine, in the temporary folder, and
 * reused by later runs; workers and the servers the suites spawn inherit the variable.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'

const require = createRequire(import.meta.url)

function pgliteVersion(): string {
  // The package does not export its package.json; it sits above dist/.
  const file = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json')
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
}

/** The template's path, built when missing. */
export async function ensurePgliteTemplate(): Promise<string> {
  const path = join(tmpdir(), `gino-ts-pglite-${pgliteVersion()}-template.tar`)
  if (existsSync(path)) return path
  const db = await PGlite.create()
  try {
    const bytes = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer())
    // Written aside then renamed, so a concurrent run never reads half a file.
    const partial = `${path}.${randomUUID()}`
    writeFileSync(partial, bytes)
    renameSync(partial, path)
  } finally {
    await db.close()
  }
  return path
}

export default async function setup(): Promise<void> {
  process.env.GINO_PGLITE_TEMPLATE ??= await ensurePgliteTemplate()
}
