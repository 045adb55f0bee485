import type { QueryMethods } from '../execution/query-methods.js'

/** Options of instance and class CRUD calls. */
export interface CrudOptions {
  /**
   * Run on this engine or connection instead of the context's / `db.bind`
   * (GINO's `User.get(id, bind=engine)`).
   */
  bind?: QueryMethods
  /** Cancel the statement after this many milliseconds (server only). */
  timeout?: number
}

/** The execution options a CRUD call passes on. */
export function execOptions(options: CrudOptions | undefined): { timeout?: number } {
  return options?.timeout === undefined ? {} : { timeout: options.timeout }
}
