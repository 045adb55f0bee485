import type { QueryMethods } from '../execution/query-methods.js'

/** Options of instance and class CRUD calls. */
export interface CrudOptions {
  /**
   * Run on this engine or connection instead of the context's / `db.bind`
   * (GINO's `User.get(id, bind=engine)`); on an engine with read replicas, `'primary'` or
   * `'replica'` picks the server (see `ExecOptions.bind`).
   */
  bind?: QueryMethods | 'primary' | 'replica'
  /** Cancel the statement after this many milliseconds (server only). */
  timeout?: number
}

/** The execution options a CRUD call passes on: its timeout, and its choice of server. */
export function execOptions(options: CrudOptions | undefined): { timeout?: number; bind?: 'primary' | 'replica' } {
  const bind = options?.bind
  const server = bind === 'primary' || bind === 'replica' ? { bind } : {}
  return options?.timeout === undefined ? server : { ...server, timeout: options.timeout }
}

/** Where a CRUD call runs: the `bind` engine or connection, else the model's db. */
export function runnerOf(options: CrudOptions | undefined, db: QueryMethods): QueryMethods {
  const bind = options?.bind
  return typeof bind === 'object' ? bind : db
}
