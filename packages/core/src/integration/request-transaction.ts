import { runTransaction, type Transaction } from '../transaction/transaction.js'
import type { TransactionOptions } from '../transaction/tx-frame.js'
import type { GinoInstance } from './gino-instance.js'
import { shouldCommit } from './request-rule.js'
import { currentRequestScope } from './request-scope.js'

/**
 * Runs a handler in a transaction that follows the request rule (`shouldCommit`): it
 * commits when `handler` resolves with a status below 500, rolls back when it throws or
 * the status is 5xx. Inside a request it runs on the request's connection (or a lazy one
 * of its own), and the transaction is lazy: BEGIN goes with the first statement, so a
 * handler that fails before any query never touches the database. This is the
 * wrapping form used by the Express and Koa integrations; Fastify uses `RequestScope`'s
 * `begin()` / `end()` from its hooks.
 *
 * @example
 * ```ts
 * await runRequestTransaction(db, () => handler(req, res), () => res.statusCode)
 * ```
 */
export function runRequestTransaction<T>(
  db: GinoInstance,
  handler: () => Promise<T> | T,
  statusCode: () => number,
  options?: TransactionOptions,
): Promise<T> {
  const body = async (tx: Transaction): Promise<T> => {
    const result = await handler()
    if (tx.isActive && !shouldCommit({ failed: false, statusCode: statusCode() }))
      await tx.rollback()
    return result
  }
  const scope = currentRequestScope()
  if (scope === undefined) return db.transaction(body, options)
  const engine = scope.engine
  const connection = scope.connection
  if (connection !== undefined && !connection.released)
    return runTransaction(engine, connection, body, options, true)
  // No request connection (`useConnectionForRequest: false`): a lazy one for this transaction.
  return engine.acquire({ lazy: true }, (own) =>
    runTransaction(engine, own, body, options, true),
  )
}
