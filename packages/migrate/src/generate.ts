import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type Gino, sql } from '@gino-ts/core'
import { diffSnapshots } from './diff/diff-snapshots.js'
import type { SchemaDiff } from './diff/operation.js'
import { invertRenames, parseRenames } from './diff/rename-hints.js'
import { MigrationError } from './errors.js'
import { migrationFileName } from './files/migration-name.js'
import { renderMigration } from './files/render-migration.js'
import { DEFAULT_TABLE, tableParts } from './runner/migrations-table.js'
import { migrationStatus, type MigrationTarget } from './runner/migrator.js'
import { introspect } from './snapshot/introspect.js'
import { modelSnapshot } from './snapshot/model-snapshot.js'
import type { SchemaSnapshot } from './snapshot/schema-snapshot.js'
import type { ShadowOptions } from './snapshot/shadow.js'

/** Options of `compareWithModels()`. */
export interface CompareOptions extends ShadowOptions {
  /** The migrations table (left out of the comparison). Default `gino_migrations`. */
  readonly table?: string
  /** More tables to leave out, as `schema.table`. */
  readonly ignoreTables?: readonly string[]
  /** Rename hints: `table.old=new` (column) or `old=new` (table). */
  readonly renames?: readonly string[]
}

/** Both directions between the database and the models. */
export interface Comparison {
  readonly current: SchemaSnapshot
  readonly wanted: SchemaSnapshot
  /** Database -> models. */
  readonly up: SchemaDiff
  /** Models -> database. */
  readonly down: SchemaDiff
}

/**
 * Compares the live database with the models (the database is the truth, so changes made
 * by hand show up), in both directions.
 *
 * @example
 * ```ts
 * const { up } = await compareWithModels(db, engine)
 * if (up.operations.length > 0) console.log('the database differs from the models')
 * ```
 */
export async function compareWithModels(
  db: Gino<object>,
  target: MigrationTarget,
  options: CompareOptions = {},
): Promise<Comparison> {
  const table = options.table ?? DEFAULT_TABLE
  const parts = tableParts(table)
  const current = await target.acquire(async (conn) => {
    const schema =
      parts.length === 2
        ? parts[0]!
        : String(await conn.scalar(sql<{ s: string }>`SELECT current_schema() AS s`))
    return introspect(conn, {
      ignoreTables: [`${schema}.${parts.at(-1)!}`, ...(options.ignoreTables ?? [])],
    })
  })
  const wanted = await modelSnapshot(db, options)
  const renames = parseRenames(options.renames ?? [], current)
  return {
    current,
    wanted,
    up: diffSnapshots(current, wanted, { renames }),
    down: diffSnapshots(wanted, current, { renames: invertRenames(renames) }),
  }
}

/** Options of `generateMigration()`. */
export interface GenerateOptions extends CompareOptions {
  /** The migrations folder (created when missing). */
  readonly dir: string
  /** A short description, becomes the file name's slug. */
  readonly name: string
  /** Write a file even when nothing differs (a blank migration to fill in). */
  readonly allowEmpty?: boolean
  /** Module the file imports `sql` from. Default `@gino-ts/migrate`. */
  readonly importFrom?: string
}

/** What `generateMigration()` did. */
export interface GenerateResult {
  /** Path of the written file; undefined when nothing differs (and `allowEmpty` is off). */
  readonly file: string | undefined
  readonly up: SchemaDiff
  readonly down: SchemaDiff
}

/**
 * Writes a migration turning the database into what the models declare, with its `down`.
 * Refuses while migrations are pending (they would be generated twice).
 *
 * @example
 * ```ts
 * const { file, up } = await generateMigration(db, engine, { dir: 'migrations', name: 'add email' })
 * ```
 */
export async function generateMigration(
  db: Gino<object>,
  target: MigrationTarget,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const status = await migrationStatus(target, options)
  if (status.pending.length > 0) {
    throw new MigrationError(
      'MIGRATIONS_PENDING',
      `Apply the pending migrations first (${status.pending.join(', ')}): the database is compared with the models.`,
    )
  }
  const { up, down } = await compareWithModels(db, target, options)
  if (up.operations.length === 0 && options.allowEmpty !== true)
    return { file: undefined, up, down }
  const folder = resolve(options.dir)
  mkdirSync(folder, { recursive: true })
  const fileName = migrationFileName(options.name, readdirSync(folder))
  const file = join(folder, fileName)
  writeFileSync(
    file,
    renderMigration({
      name: fileName.replace(/\.ts$/, ''),
      up,
      down,
      importFrom: options.importFrom,
    }),
  )
  return { file, up, down }
}
