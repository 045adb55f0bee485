import { GinoHttpError } from '@gino-ts/core'

/** The JSON every app answers an error with. */
export interface ErrorBody {
  readonly error: string
  readonly code?: string
}

/** What to answer for an error thrown while handling a request. */
export interface ErrorResponse {
  readonly status: number
  readonly body: ErrorBody
  /** A server error: log it (its message is not shown to the client). */
  readonly unexpected: boolean
}

function clientStatus(error: object): number | undefined {
  const { statusCode, status } = error as { statusCode?: unknown; status?: unknown }
  const code = typeof statusCode === 'number' ? statusCode : status
  return typeof code === 'number' && code >= 400 && code < 500 ? code : undefined
}

/**
 * The status and `{ "error": message }` body for an error: a `GinoHttpError` (validation,
 * `getOr404`) or a framework's own 4xx (a malformed JSON body) shows its message;
 * anything else is a 500 whose details stay in the log.
 *
 * @example
 * ```ts
 * const { status, body } = errorResponse(new ValidationError('limit must be at most 100.'))
 * // 400, { error: 'limit must be at most 100.', code: 'INVALID_REQUEST' }
 * ```
 */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof GinoHttpError) {
    return {
      status: error.statusCode,
      body: { error: error.message, code: error.code },
      unexpected: false,
    }
  }
  if (error instanceof Error) {
    const status = clientStatus(error)
    if (status !== undefined) return { status, body: { error: error.message }, unexpected: false }
  }
  return { status: 500, body: { error: 'Internal Server Error' }, unexpected: true }
}

/** The body of a 404 for a route that does not exist. */
export function routeNotFound(method: string, path: string): ErrorBody {
  return { error: `No route ${method} ${path}.`, code: 'ROUTE_NOT_FOUND' }
}
