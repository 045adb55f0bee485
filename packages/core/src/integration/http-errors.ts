import { GinoError } from '../errors.js'

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  503: 'Service Unavailable',
}

/**
 * An error meant to become an HTTP answer. It carries the status the way every framework
 * reads it (`statusCode` for Fastify and Express, `status` + `expose` for Koa), so thrown
 * from a handler it is answered by the framework's own error handling.
 */
export class GinoHttpError extends GinoError {
  /** The HTTP status to answer with. */
  readonly statusCode: number
  /** Same as `statusCode`, for Koa and Express. */
  readonly status: number
  /** The message is safe to show to the client (Koa's convention). */
  readonly expose = true

  constructor(statusCode: number, code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.statusCode = statusCode
    this.status = statusCode
  }

  /** The JSON body the integrations answer with when they reply themselves. */
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

/** The engine of a per-request database could not be created (server down, no such database): 503. */
export class DatabaseUnavailableError extends GinoHttpError {
  readonly database: string
  constructor(database: string, cause: unknown) {
    super(
      503,
      'DATABASE_UNAVAILABLE',
      `Database ${JSON.stringify(database)} is unavailable; retry later.`,
      {
        cause,
      },
    )
    this.database = database
  }
}
