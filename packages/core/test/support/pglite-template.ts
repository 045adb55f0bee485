/**
 * The PGlite data-folder dump the run's in-memory databases start from (built by
 * `tools/vitest/pglite-template.ts`, named by GINO_PGLITE_TEMPLATE), for the tests that
 * open a persistent folder and want to skip `initdb` there too.
 */
import { readFile } from 'node:fs/promises'

let cached: Promise<Blob> | undefined

/** The template's contents. */
export function pgliteTemplate(): Promise<Blob> {
  const path = process.env.GINO_PGLITE_TEMPLATE
  if (path === undefined) throw new Error('GINO_PGLITE_TEMPLATE is not set: run the suites through vitest (tools/vitest/pglite-template.ts).')
  cached ??= readFile(path).then((bytes) => new Blob([bytes]))
  return cached
}
