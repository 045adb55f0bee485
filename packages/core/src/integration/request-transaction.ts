import type { TransactionOptions } from '../transaction/tx-frame.js'
import type { GinoInstance } from './gino-instance.js'
import { shouldCommit } from './request-rule.js'

/**
 * Runs a handler in a transaction that follows the request rule (`shouldCommit`): it
 * commits when `handler` resolves with a status below 500, rolls back when it throws or
 * the status is 5xx. Inside a request it runs on the request's connection. This is the
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
  return db.transaction(async (tx) => {
    const result = await handler()
    if (tx.isActive && !shouldCommit({ failed: false, statusCode: statusCode() }))
      await tx.rollback()
    return result
  }, options)
}
