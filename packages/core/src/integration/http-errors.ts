import { GinoError } from '../errors.js'

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  503: 'Service Unavailable',
}

/**
 * An error meant to become an HTTP answer. It carries the status the way every framework
 * reads it (`statusCode` for Fastify and Express, `status` + `expose` for Koa), and the
 * response headers it needs (`headers`, read by Fastify's and Koa's default handlers), so
 * thrown or forwarded it is answered by the framework's own error handling: the app's
 * error handler shapes its body.
 *
 * @example
 * ```ts
 * app.setErrorHandler((error, request, reply) => {
 *   if (error instanceof GinoHttpError) return reply.code(error.statusCode).send({ error: error.message, code: error.code })
 *   ...
 * })
 * ```
 */
export class GinoHttpError extends GinoError {
  /** The HTTP status to answer with. */
  readonly statusCode: number
  /** Same as `statusCode`, for Koa and Express. */
  readonly status: number
  /** The message is safe to show to the client (Koa's convention). */
  readonly expose = true
  /** Response headers that belong to this answer (`Retry-After` of a 503), if any. */
  readonly headers: Readonly<Record<string, string>> | undefined

  constructor(
    statusCode: number,
    code: string,
    message: string,
    options?: { cause?: unknown; headers?: Readonly<Record<string, string>> },
  ) {
    super(code, message, options)
    this.statusCode = statusCode
    this.status = statusCode
    this.headers = options?.headers
  }

  /** A JSON body for this error, for error handlers that want the integrations' shape. */
  toJSON(): { statusCode: number; error: string; code: string; message: string } {
    return {
      statusCode: this.statusCode,
      error: STATUS_TEXT[this.statusCode] ?? 'Error',
      code: this.code,
      message: this.message,
    }
  }
}

/** `getOr404` / `firstOr404` found no row: answered as 404 Not Found. */
export class NotFoundError extends GinoHttpError {
  constructor(message = 'Not Found') {
    super(404, 'NOT_FOUND', message)
  }
}

/** The per-request database name is not on the allow-list (or not a valid name): 400. */
export class DatabaseNotAllowedError extends GinoHttpError {
  /** The name as the request gave it (cut to 64 characters). */
  readonly database: string
  constructor(database: string, reason = 'is not allowed') {
    const shown = database.slice(0, 64)
    super(400, 'DATABASE_NOT_ALLOWED', `Database ${JSON.stringify(shown)} ${reason}.`)
    this.database = shown
  }
}

/** The per-request schema name is not on the allow-list (or not a valid name): 400. */
export class SchemaNotAllowedError extends GinoHttpError {
  /** The name as the request gave it (cut to 64 characters). */
  readonly schema: string
  constructor(schema: string, reason = 'is not allowed') {
    const shown = schema.slice(0, 64)
    super(400, 'SCHEMA_NOT_ALLOWED', `Schema ${JSON.stringify(shown)} ${reason}.`)
    this.schema = shown
  }
}

/**
 * The engine of a per-request database could not be created (server down, no such
 * database): 503, with a `Retry-After` header saying when the next attempt will be made.
 */
export class DatabaseUnavailableError extends GinoHttpError {
  readonly database: string
  /** Seconds until the database is tried again (the `Retry-After` header). */
  readonly retryAfter: number
  constructor(database: string, cause: unknown, retryAfter = 1) {
    const seconds = Math.max(1, Math.ceil(retryAfter))
    super(
      503,
      'DATABASE_UNAVAILABLE',
      `Database ${JSON.stringify(database)} is unavailable; retry later.`,
      { cause, headers: { 'Retry-After': String(seconds) } },
    )
    this.database = database
    this.retryAfter = seconds
  }
}
