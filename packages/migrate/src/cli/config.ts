import { existsSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Gino } from '@gino-ts/core'
import { MigrationError } from '../errors.js'
import { registerTypeScript } from '../files/migration-source.js'

/**
 * `gino.config.ts`: where the models, the database and the migrations are.
 *
 * @example
 * ```ts
 * // gino.config.ts
 * import { defineConfig } from '@gino-ts/migrate'
 * export default defineConfig({ models: './src/db.ts', migrations: './migrations' })
 * ```
 */
export interface GinoConfig {
  /** Module exporting the `Gino` db with the models (default export, `db`, or any `Gino` export). */
  readonly models?: string
  /** Database URL; default `DB_DSN`, then `DATABASE_URL`. */
  readonly dsn?: string
  /** Migrations folder. Default `./migrations`. */
  readonly migrations?: string
  /** Migrations table. Default `gino_migrations`. */
  readonly table?: string
  /** Shadow database for `generate`/`check`: `'pglite'` or a `postgres://` DSN (see `ShadowOptions`). */
  readonly shadow?: string
  /** Tables the migrations leave alone, as `schema.table`. */
  readonly ignoreTables?: readonly string[]
}

/** Identity helper giving `gino.config.ts` its type. */
export function defineConfig(config: GinoConfig): GinoConfig {
  return config
}

/** The configuration in force, paths resolved. */
export interface ResolvedConfig {
  readonly models: string | undefined
  readonly dsn: string | undefined
  readonly migrations: string
  readonly table: string | undefined
  readonly shadow: string | undefined
  readonly ignoreTables: readonly string[]
}

const CONFIG_FILES = ['gino.config.ts', 'gino.config.mts', 'gino.config.js', 'gino.config.mjs']

/** Loads `gino.config.*` (or `configPath`) from `cwd`, then applies flags and environment. */
export async function resolveConfig(input: {
  cwd: string
  env: Readonly<Record<string, string | undefined>>
  configPath?: string
  models?: string
  dsn?: string
  dir?: string
  table?: string
}): Promise<ResolvedConfig> {
  let config: GinoConfig = {}
  let base = input.cwd
  const path =
    input.configPath === undefined
      ? CONFIG_FILES.map((file) => resolve(input.cwd, file)).find((file) => existsSync(file))
      : resolve(input.cwd, input.configPath)
  if (path !== undefined) {
    if (!existsSync(path))
      throw new MigrationError('MIGRATION_CONFIG', `Config file ${path} not found.`)
    await registerTypeScript()
    const loaded = (await import(pathToFileURL(path).href)) as { default?: unknown }
    const value = loaded.default
    if (typeof value !== 'object' || value === null)
      throw new MigrationError(
        'MIGRATION_CONFIG',
        `${path} must export default defineConfig({ ... }).`,
      )
    config = value
    base = dirname(path)
  }
  const from = (dir: string, file: string | undefined): string | undefined =>
    file === undefined ? undefined : isAbsolute(file) ? file : resolve(dir, file)
  return {
    models: input.models !== undefined ? from(input.cwd, input.models) : from(base, config.models),
    dsn: [input.dsn, config.dsn, input.env.DB_DSN, input.env.DATABASE_URL].find(
      (value) => value !== undefined && value !== '',
    ),
    migrations:
      input.dir !== undefined
        ? from(input.cwd, input.dir)!
        : from(base, config.migrations ?? './migrations')!,
    table: input.table ?? config.table,
    shadow: config.shadow,
    ignoreTables: config.ignoreTables ?? [],
  }
}

function isGino(value: unknown): value is Gino<object> {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as { models?: unknown; createAll?: unknown }
  return Array.isArray(candidate.models) && typeof candidate.createAll === 'function'
}

/** Imports the models module and finds its `Gino` db. */
export async function loadModels(path: string): Promise<Gino<object>> {
  if (!existsSync(path))
    throw new MigrationError('MIGRATION_CONFIG', `Models module ${path} not found.`)
  await registerTypeScript()
  const loaded = (await import(pathToFileURL(path).href)) as Record<string, unknown>
  const found = [loaded.default, loaded.db, ...Object.values(loaded)].find(isGino)
  if (found === undefined) {
    throw new MigrationError(
      'MIGRATION_CONFIG',
      `${path} exports no Gino db: export it (export const db = new Gino()) next to the models.`,
    )
  }
  return found
}
