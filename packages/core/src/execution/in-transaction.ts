import type { QueryMethods } from '../execution/query-methods.js'

interface Transactional {
  transaction<T>(fn: () => Promise<T>): Promise<T>
}

function isTransactional(runner: QueryMethods): runner is QueryMethods & Transactional {
  return typeof (runner as Partial<Transactional>).transaction === 'function'
}

/**
 * Runs several statements as one unit on `runner` (`db`, an engine or a connection):
 * in a transaction, or a savepoint inside the caller's transaction. Queries made through
 * `runner` inside `fn` join it through the async context.
 */
export function inTransaction<T>(runner: QueryMethods, fn: () => Promise<T>): Promise<T> {
  return isTransactional(runner) ? runner.transaction(fn) : fn()
}
