import { type Gino, sql } from '@gino-ts/core'
import { introspect } from './introspect.js'
import type { SchemaSnapshot } from './schema-snapshot.js'
import { type ShadowOptions, withShadow } from './shadow.js'

/** The schemas the models and their enum types live in (besides the search path's). */
export function modelSchemas(db: Gino<object>): string[] {
  const schemas = new Set<string>()
  for (const model of db.models) {
    if (model.meta.schema !== undefined) schemas.add(model.meta.schema)
    for (const column of model.meta.columns) {
      const schema = column.spec.enumType?.schema
      if (schema !== undefined) schemas.add(schema)
    }
  }
  return [...schemas]
}

/**
 * The snapshot of what the models declare: `createAll()` runs in an empty shadow
 * database (core's own DDL, so a migrated database and a `createAll()` one compare
 * equal), which is then read back with `introspect()`. PostgreSQL itself normalizes
 * types, defaults, checks and index definitions, so both sides of a diff speak alike.
 *
 * @example
 * ```ts
 * const wanted = await modelSnapshot(db, { dsn: process.env.DATABASE_URL })
 * ```
 */
export async function modelSnapshot(
  db: Gino<object>,
  options: ShadowOptions = {},
): Promise<SchemaSnapshot> {
  return withShadow(options, async (shadow) => {
    for (const schema of modelSchemas(db))
      await shadow.status(sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`)
    await db.createAll({ bind: shadow, checkFirst: false })
    return introspect(shadow)
  })
}
