import { GinoError } from '../errors.js'

/** Why a loader refused a result or a declaration; see `LoaderError`. */
export type LoaderErrorCode =
  'AMBIGUOUS_COLUMN' | 'MISSING_COLUMN' | 'INVALID_LOADER' | 'LOADER_JOIN'

/**
 * A loader could not map a result onto objects, or was declared in a way that cannot work:
 * - `AMBIGUOUS_COLUMN`: two result columns share the name a loader needs (`users.id` and
 *   `books.id` both arrive as `id`), or one column would be read as two different ones.
 *   Select them under distinct labels (`loader.selection()` writes such a list) instead of
 *   letting the loader guess.
 * - `MISSING_COLUMN`: none of a model's columns, a distinct key or a named column is in the result.
 * - `INVALID_LOADER`: something that cannot become a loader, or a misplaced `many()`.
 * - `LOADER_JOIN`: the query a loader generates would join one table name twice.
 */
export class LoaderError extends GinoError {
  constructor(code: LoaderErrorCode, message: string) {
    super(code, message)
  }
}
