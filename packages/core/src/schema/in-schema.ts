import { sql } from 'kysely'
import { searchPathOf } from '../connection/search-path.js'
import type { QueryMethods } from '../execution/query-methods.js'

/**
 * Runs `fn` (inside the caller's transaction on `runner`) with `search_path` set to
 * `schema` for that transaction only, created first when `create` says so; the previous
 * `search_path` is put back after `fn`, so a caller's own transaction goes on as it was.
 * The name travels as a quoted identifier (a bind parameter of `set_config`), never as
 * SQL text.
 */
export async function inSchema<T>(
  runner: QueryMethods,
  schema: string | undefined,
  create: boolean,
  fn: () => Promise<T>,
): Promise<T> {
  if (schema === undefined) return fn()
  const path = searchPathOf(schema)
  if (create) await runner.status(sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(path.schema)}`)
  const previous = await runner.scalar(
    sql<{ path: string }>`SELECT current_setting('search_path') AS path`,
  )
  await runner.status(sql`SELECT set_config('search_path', ${path.quoted}, true)`)
  const result = await fn()
  await runner.status(sql`SELECT set_config('search_path', ${previous}, true)`)
  return result
}
