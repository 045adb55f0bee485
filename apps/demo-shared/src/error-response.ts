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
  /** Headers the error asks for (`Retry-After`, `Allow`...), from its `headers` property. */
  readonly headers: Readonly<Record<string, string>>
  /** A server error: log it (its message is not shown to the client). */
  readonly unexpected: boolean
}

// The code of a framework's own client error (a body too large, malformed JSON...), by status.
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'INVALID_REQUEST',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
}

function clientStatus(error: object): number | undefined {
  const { statusCode, status } = error as { statusCode?: unknown; status?: unknown }
  const code = typeof statusCode === 'number' ? statusCode : status
  return typeof code === 'number' && code >= 400 && code < 500 ? code : undefined
}

// A code of ours on an error that is not a GinoHttpError (Fastify's FST_* and Node's ERR_*
// codes are the framework's own: the status says more to a client).
function ownCode(error: object): string | undefined {
  const { code } = error as { code?: unknown }
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) && !/^(FST|ERR)_/.test(code)
    ? code
    : undefined
}

// The `headers` property of an error (the convention of http-errors, read by Koa).
function errorHeaders(error: object): Record<string, string> {
  const { headers } = error as { headers?: unknown }
  if (typeof headers !== 'object' || headers === null) return {}
  return Object.fromEntries(
    Object.entries(headers).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  )
}

/**
 * The status, headers and `{ "error": message, "code": ... }` body for an error: a
 * `GinoHttpError` (validation, `getOr404`, the integration's 400 / 503) shows its message
 * and code; a framework's own 4xx (malformed JSON, a body too large) its message, with a
 * code by status; anything else is a 500 whose details stay in the log.
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
      headers: errorHeaders(error),
      unexpected: error.statusCode >= 500,
    }
  }
  if (error instanceof Error) {
    const status = clientStatus(error)
    if (status !== undefined) {
      const code = ownCode(error) ?? CODE_BY_STATUS[status]
      return {
        status,
        body: code === undefined ? { error: error.message } : { error: error.message, code },
        headers: errorHeaders(error),
        unexpected: false,
      }
    }
  }
  return { status: 500, body: { error: 'Internal Server Error' }, headers: {}, unexpected: true }
}

/** The body of a 404 for a route that does not exist. */
export function routeNotFound(method: string, path: string): ErrorBody {
  return { error: `No route ${method} ${path}.`, code: 'ROUTE_NOT_FOUND' }
}
