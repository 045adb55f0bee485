import { readFile } from 'node:fs/promises'

/**
 * The environment variable naming a PGlite data-folder dump (a file written from
 * `await pglite.dumpDataDir('none')`) that new in-memory `pglite://` databases start from.
 */
export const PGLITE_TEMPLATE_VARIABLE = 'GINO_PGLITE_TEMPLATE'

const loaded = new Map<string, Promise<Blob>>()

/**
 * The dump new in-memory PGlite databases start from, when `GINO_PGLITE_TEMPLATE` names
 * one: starting from a dump skips `initdb`, which is most of an embedded database's
 * start-up time (about 0.5 s instead of 2 to 4 s of CPU). Test suites that open many
 * `pglite://` engines set it; the file is read once per process.
 */
export function pgliteTemplate(env: NodeJS.ProcessEnv = process.env): Promise<Blob> | undefined {
  const path = env[PGLITE_TEMPLATE_VARIABLE]
  if (path === undefined || path === '') return undefined
  let blob = loaded.get(path)
  if (blob === undefined) {
    blob = readFile(path).then((bytes) => new Blob([bytes]))
    loaded.set(path, blob)
  }
  return blob
}
