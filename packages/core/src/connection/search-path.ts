import { InvalidOptionError } from '../errors.js'

/**
 * The `search_path` a connection scope runs with: one schema, always sent as a quoted
 * identifier (never as raw text), so any name the caller allows is safe to send.
 */
export interface SearchPath {
  /** The schema name as given. */
  readonly schema: string
  /** `"schema"`: the name quoted as an identifier. */
  readonly quoted: string
}

/** The statement that gives a connection back its default `search_path` (see `Session.release`). */
export const RESET_SEARCH_PATH = 'RESET search_path'

/**
 * `name` quoted as a PostgreSQL identifier: in double quotes, inner double quotes doubled.
 *
 * @example
 * ```ts
 * quoteIdentifier('tenant_a') // '"tenant_a"'
 * quoteIdentifier('a"b')      // '"a""b"'
 * ```
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/**
 * Why `name` cannot be a schema name, or undefined when it can: PostgreSQL cuts longer
 * names at 63 bytes (two names could then reach one schema), and a NUL cannot be sent.
 */
export function schemaNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'is not a schema name'
  if (name === '') return 'is empty'
  if (Buffer.byteLength(name) > 63) return 'is longer than 63 bytes'
  if (name.includes('\u0000')) return 'contains a NUL character'
  return undefined
}

/** Checks a schema name given to `acquire({ schema })`, `withSchema()` or `createAll({ schema })`. */
export function searchPathOf(schema: string, option = 'schema'): SearchPath {
  const problem = schemaNameProblem(schema)
  if (problem !== undefined) {
    const shown = typeof schema === 'string' ? JSON.stringify(schema.slice(0, 64)) : typeof schema
    throw new InvalidOptionError(option, `Option "${option}": the schema ${shown} ${problem}.`)
  }
  return { schema, quoted: quoteIdentifier(schema) }
}

/** The statement setting `path` for the session (`local`: for the current transaction only). */
export function setSearchPath(path: SearchPath, local: boolean): string {
  return `SET ${local ? 'LOCAL ' : ''}search_path TO ${path.quoted}`
}
