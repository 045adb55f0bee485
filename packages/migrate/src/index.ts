export * from './snapshot/schema-snapshot.js'
export { introspect, type IntrospectOptions } from './snapshot/introspect.js'
export { modelSnapshot, modelSchemas } from './snapshot/model-snapshot.js'
export { closeShadow, withShadow, type ShadowOptions } from './snapshot/shadow.js'
export { diffSnapshots, isWidening, type DiffOptions } from './diff/diff-snapshots.js'
export type { Operation, OperationKind, SchemaDiff } from './diff/operation.js'
export { invertRenames, parseRenames, type RenameHint } from './diff/rename-hints.js'
export { MigrationError, type MigrationErrorCode } from './errors.js'
export { migrationFileName } from './files/migration-name.js'
export { renderMigration, type RenderInput } from './files/render-migration.js'
export {
  checksumOf,
  listMigrations,
  loadMigration,
  type MigrationDb,
  type MigrationFile,
  type MigrationModule,
} from './files/migration-source.js'
export { DEFAULT_TABLE, type AppliedMigration } from './runner/migrations-table.js'
export {
  migrate,
  migrationSql,
  migrationStatus,
  rollback,
  type MigrateOptions,
  type MigrationEvent,
  type MigrationResult,
  type MigrationSql,
  type MigrationStatus,
  type MigrationTarget,
  type RollbackOptions,
  type RunnerOptions,
} from './runner/migrator.js'
export { sql } from '@gino-ts/core'
export {
  compareWithModels,
  generateMigration,
  type CompareOptions,
  type Comparison,
  type GenerateOptions,
  type GenerateResult,
} from './generate.js'
export {
  defineConfig,
  loadModels,
  resolveConfig,
  type GinoConfig,
  type ResolvedConfig,
} from './cli/config.js'
export { runCli, type CliContext } from './cli/run-cli.js'
export { migrateOnStartup, migrationsRequested, type StartupOptions } from './startup.js'
