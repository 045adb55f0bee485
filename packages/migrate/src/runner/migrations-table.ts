import { createHash } from 'node:crypto'
import { type Connection, type QueryMethods, sql } from '@gino-ts/core'
import { MigrationError } from '../errors.js'

/** Default name of the table recording applied migrations. */
export const DEFAULT_TABLE = 'gino_migrations'

/** One row of the migrations table. */
export interface AppliedMigration {
  readonly name: string
  readonly checksum: string
  readonly appliedAt: Date
  readonly durationMs: number
}

const PART = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Splits and validates `table` / `schema.table`. */
export function tableParts(table: string): string[] {
  const parts = table.split('.')
  if (parts.length > 2 || !parts.every((part) => PART.test(part))) {
    throw new MigrationError('MIGRATION_CONFIG', `Invalid migrations table name "${table}".`)
  }
  return parts
}

/** The advisory lock key of a migrations table: the same for every instance of the app. */
export function lockKey(table: string): string {
  const hash = createHash('sha256').update(`gino-ts migrate ${table}`).digest()
  return String(hash.readUIntBE(0, 6))
}

/** Holds the session-level advisory lock on `conn` while `fn` runs. */
export async function withLock<T>(
  conn: Connection,
  table: string,
  fn: () => Promise<T>,
): Promise<T> {
  const key = sql.raw(lockKey(table))
  await conn.status(sql`SELECT pg_advisory_lock(${key})`)
  try {
    return await fn()
  } finally {
    await conn.status(sql`SELECT pg_advisory_unlock(${key})`)
  }
}

/** Creates the migrations table when missing. */
export async function ensureTable(runner: QueryMethods, table: string): Promise<void> {
  await runner.status(sql`
    CREATE TABLE IF NOT EXISTS ${sql.id(...tableParts(table))} (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      duration_ms integer NOT NULL
    )`)
}

/** The applied migrations, by name; none when the table does not exist yet. */
export async function appliedMigrations(
  runner: QueryMethods,
  table: string,
): Promise<AppliedMigration[]> {
  const exists = await runner.scalar(
    sql<{
      found: boolean
    }>`SELECT to_regclass(${tableParts(table).join('.')}) IS NOT NULL AS found`,
  )
  if (exists !== true) return []
  const rows = await runner.all(
    sql<{
      name: string
      checksum: string
      applied_at: Date
      duration_ms: number
    }>`SELECT name, checksum, applied_at, duration_ms FROM ${sql.id(...tableParts(table))} ORDER BY name`,
  )
  return rows.map((row) => ({
    name: row.name,
    checksum: row.checksum,
    appliedAt: new Date(row.applied_at),
    durationMs: row.duration_ms,
  }))
}

/** Records an applied migration. */
export async function recordApplied(
  runner: QueryMethods,
  table: string,
  entry: { name: string; checksum: string; durationMs: number },
): Promise<void> {
  await runner.status(
    sql`INSERT INTO ${sql.id(...tableParts(table))} (name, checksum, duration_ms) VALUES (${entry.name}, ${entry.checksum}, ${Math.round(entry.durationMs)})`,
  )
}

/** Forgets a reverted migration. */
export async function recordReverted(
  runner: QueryMethods,
  table: string,
  name: string,
): Promise<void> {
  await runner.status(sql`DELETE FROM ${sql.id(...tableParts(table))} WHERE name = ${name}`)
}
