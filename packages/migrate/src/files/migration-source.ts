import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { QueryMethods } from '@gino-ts/core'
import { MigrationError } from '../errors.js'

/** What migrations run on: the runner's connection (`db.status(sql\`...\`)`, `db.all(...)`). */
export type MigrationDb = QueryMethods

/** A migration module. */
export interface MigrationModule {
  readonly up: (db: MigrationDb) => Promise<void>
  readonly down?: (db: MigrationDb) => Promise<void>
  /** `false` runs the migration outside a transaction (e.g. `CREATE INDEX CONCURRENTLY`). */
  readonly transaction?: boolean
}

/** A migration file found in the migrations folder. */
export interface MigrationFile {
  /** File name without extension: `20261201013000_add_users`. */
  readonly name: string
  readonly path: string
  /** SHA-256 of the content (line endings normalized). */
  readonly checksum: string
}

const MIGRATION_FILE = /^(\d{14}_[A-Za-z0-9_]+)\.(ts|mts|js|mjs)$/

/** Checksum of a migration's source. */
export function checksumOf(source: string): string {
  return createHash('sha256').update(source.replace(/\r\n/g, '\n')).digest('hex')
}

/** The migration files of `dir`, by name (an absent folder has none). */
export function listMigrations(dir: string): MigrationFile[] {
  const folder = resolve(dir)
  if (!existsSync(folder)) return []
  return readdirSync(folder)
    .map((file) => ({ file, match: MIGRATION_FILE.exec(file) }))
    .filter((entry) => entry.match !== null && !entry.file.endsWith('.d.ts'))
    .map(({ file, match }) => {
      const path = join(folder, file)
      return { name: match![1]!, path, checksum: checksumOf(readFileSync(path, 'utf8')) }
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

let tsRegistered: Promise<void> | undefined

/** Makes `import()` of `.ts` files work (tsx's loader), once per process. */
export function registerTypeScript(): Promise<void> {
  tsRegistered ??= import('tsx/esm/api').then(({ register }) => {
    register()
  })
  return tsRegistered
}

/** Imports a migration file and checks its exports. */
export async function loadMigration(file: MigrationFile): Promise<MigrationModule> {
  if (/\.m?ts$/.test(file.path)) await registerTypeScript()
  const loaded = (await import(pathToFileURL(file.path).href)) as Record<string, unknown>
  const { up, down, transaction } = loaded
  if (typeof up !== 'function' || (down !== undefined && typeof down !== 'function')) {
    throw new MigrationError(
      'INVALID_MIGRATION',
      `Migration ${file.name} must export an async function up(db) (and down(db)).`,
      { migration: file.name },
    )
  }
  if (transaction !== undefined && typeof transaction !== 'boolean') {
    throw new MigrationError(
      'INVALID_MIGRATION',
      `Migration ${file.name}: "transaction" must be a boolean.`,
      {
        migration: file.name,
      },
    )
  }
  return loaded as unknown as MigrationModule
}
