/** How a request ended, as far as its transaction is concerned. */
export interface RequestOutcome {
  /** The handler (or a hook) threw / passed an error on. */
  readonly failed: boolean
  /** The status code of the answer. */
  readonly statusCode: number
}

/**
 * The one rule for request transactions in every integration: commit when the handler
 * succeeded and the answer is not a server error (status < 500); roll back when it threw
 * (even an error answered 4xx, such as `getOr404`'s 404) or the answer is 5xx.
 *
 * @example
 * ```ts
 * shouldCommit({ failed: false, statusCode: 201 }) // true
 * shouldCommit({ failed: false, statusCode: 503 }) // false
 * shouldCommit({ failed: true, statusCode: 404 })  // false
 * ```
 */
export function shouldCommit(outcome: RequestOutcome): boolean {
  return !outcome.failed && outcome.statusCode < 500
}
