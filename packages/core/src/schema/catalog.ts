import { sql } from 'kysely'
import type { QueryMethods } from '../execution/query-methods.js'

/** True when the type `schema.name` (or `name` in the current schema) exists. */
export async function typeExists(
  runner: QueryMethods,
  schema: string | undefined,
  name: string,
): Promise<boolean> {
  const found = await runner.scalar(sql<{ found: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typname = ${name} AND n.nspname = coalesce(${schema ?? null}::text, current_schema())
    ) AS found`)
  return found === true
}

/** True when the table has a constraint of this name. */
export async function constraintExists(
  runner: QueryMethods,
  schema: string | undefined,
  table: string,
  name: string,
): Promise<boolean> {
  const found = await runner.scalar(sql<{ found: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class r ON r.oid = c.conrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
      WHERE c.conname = ${name} AND r.relname = ${table} AND n.nspname = coalesce(${schema ?? null}::text, current_schema())
    ) AS found`)
  return found === true
}
