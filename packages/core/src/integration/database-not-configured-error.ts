import { GinoError } from '../errors.js'

/**
 * No database URL was configured where one is required: with `NODE_ENV=production`, or
 * with the embedded fallback turned off (`embedded: false`, `DB_EMBEDDED=false`). Lists
 * what was looked at, so the fix is one variable away.
 *
 * @example
 * ```ts
 * try {
 *   resolveGinoConfig({}, { NODE_ENV: 'production' })
 * } catch (error) {
 *   if (error instanceof DatabaseNotConfiguredError) console.error(error.looked) // ['dsn', 'DB_DSN', ...]
 * }
 * ```
 */
export class DatabaseNotConfiguredError extends GinoError {
  /** The options and environment variables that were read, in order. */
  readonly looked: readonly string[]

  constructor(looked: readonly string[], reason: string) {
    super(
      'DATABASE_NOT_CONFIGURED',
      `No database configured (${reason}): set one of ${looked.join(', ')}, ` +
        'or ask for the embedded in-memory database with DB_EMBEDDED=true (its data is lost at exit).',
    )
    this.looked = looked
  }
}
