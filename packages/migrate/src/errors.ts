import { GinoError } from '@gino-ts/core'

/** Stable codes of `MigrationError`. */
export type MigrationErrorCode =
  | 'MIGRATION_CONFIG'
  | 'INVALID_RENAME'
  | 'INVALID_MIGRATION'
  | 'MIGRATION_FAILED'
  | 'MIGRATION_NOT_FOUND'
  | 'MIGRATION_FILE_MISSING'
  | 'MIGRATIONS_PENDING'

/**
 * What `@gino-ts/migrate` raises: bad configuration, a bad hint, an unknown migration
 * name, a migration that failed (rolled back; the driver error is the `cause`).
 * Messages carry no SQL, parameters or DSNs.
 *
 * @example
 * ```ts
 * try { await migrate(db, { dir }) } catch (err) {
 *   if (err instanceof MigrationError && err.code === 'MIGRATION_FAILED') console.error(err.migration)
 * }
 * ```
 */
export class MigrationError extends GinoError {
  declare readonly code: MigrationErrorCode
  /** The migration concerned, when there is one. */
  readonly migration: string | undefined

  constructor(
    code: MigrationErrorCode,
    message: string,
    options: { cause?: unknown; migration?: string } = {},
  ) {
    super(code, message, { cause: options.cause })
    this.migration = options.migration
  }
}
