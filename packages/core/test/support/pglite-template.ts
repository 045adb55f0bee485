/**
 * A freshly initialized PGlite data folder, dumped once and shared by every test file:
 * starting PGlite from it skips `initdb`, which is most of PGlite's start-up time.
 * Engines opened from it are ordinary in-memory `pglite://` engines (the dump is only
 * their starting content, passed as the `loadDataDir` driver option).
 */
import { randomUUID } from 'node:crypto'
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'

const require = createRequire(import.meta.url)
// The package does not export its package.json; it sits above dist/.
const packageJson = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json')
const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version
const TEMPLATE = join(tmpdir(), `gino-ts-pglite-${version}-template.tgz`)

let cached: Promise<Blob> | undefined

async function build(): Promise<Blob> {
  try {
    return new Blob([readFileSync(TEMPLATE)])
  } catch {
    const db = await PGlite.create()
    try {
      const bytes = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer())
      // Written aside then renamed, so a concurrent reader never sees half a file.
      const partial = `${TEMPLATE}.${randomUUID()}`
      writeFileSync(partial, bytes)
      renameSync(partial, TEMPLATE)
      return new Blob([bytes])
    } finally {
      await db.close()
    }
  }
}

/** The template's contents, built on first use. */
export function pgliteTemplate(): Promise<Blob> {
  cached ??= build()
  return cached
}
