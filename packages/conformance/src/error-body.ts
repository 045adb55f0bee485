/** What the conformance apps' error handlers answer: the `{ error, code }` shape of the demo apps. */
export interface ErrorAnswer {
  readonly status: number
  readonly body: { readonly error: string; readonly code: string }
}

/**
 * The app-level error handler every conformance app installs (Fastify's
 * `setErrorHandler`, an Express error middleware, a Koa try/catch middleware): a 4xx
 * shows its message and code, anything else is a 500 that shows neither message nor SQL.
 * A body of another shape means the error went around the app's handler.
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    statusCode?: unknown
    status?: unknown
    code?: unknown
    message?: unknown
  }
  const given = typeof fields.statusCode === 'number' ? fields.statusCode : fields.status
  const status = typeof given === 'number' && given >= 400 && given <= 599 ? given : 500
  const code = typeof fields.code === 'string' ? fields.code : 'INTERNAL'
  if (status >= 500 && status !== 503)
    return { status, body: { error: 'Internal Server Error', code } }
  return { status, body: { error: String(fields.message), code } }
}
