/**
 * Request validation shared by the three apps, so they answer bad input identically:
 * each parser returns clean values or throws a `ValidationError` (400).
 */
import { GinoHttpError } from '@gino-ts/core'

/** Bad input: answered 400 with `{ "error": message }`. */
export class ValidationError extends GinoHttpError {
  constructor(message: string) {
    super(400, 'INVALID_REQUEST', message)
  }
}

/** A request body whose media type is not `application/json`: answered 415. */
export class UnsupportedMediaTypeError extends GinoHttpError {
  constructor() {
    super(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Request bodies must be JSON (Content-Type: application/json).',
    )
  }
}

export const MAX_LIMIT = 100
export const DEFAULT_LIMIT = 20
export const MAX_NAME_LENGTH = 100
export const MAX_BULK = 1000
/**
 * The largest request body the apps read, in bytes (1 MiB; larger is a 413). The biggest
 * valid body, `POST /users/bulk` with `MAX_BULK` users whose names have `MAX_NAME_LENGTH`
 * characters, fits even with every character written as a `\uXXXX` escape (about 612 kB).
 */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * Refuses a request that has a body which is not JSON (`application/json`, with or without
 * parameters such as `charset`): a 415. Run before the body parser, it keeps HTML forms
 * (`application/x-www-form-urlencoded`, `multipart/form-data`, `text/plain`), which another
 * site can make a browser send without asking, from writing anything.
 *
 * @example
 * ```ts
 * requireJsonBody(req.headers) // throws UnsupportedMediaTypeError for a form post
 * ```
 */
export function requireJsonBody(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): void {
  const length = headers['content-length']
  const hasBody =
    headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  if (!hasBody) return
  const type = headers['content-type']
  const mediaType = typeof type === 'string' ? type.split(';')[0]!.trim().toLowerCase() : ''
  if (mediaType !== 'application/json') throw new UnsupportedMediaTypeError()
}

/** A page of a list: `?limit=&offset=`. */
export interface Page {
  readonly limit: number
  readonly offset: number
}

/** The body of `POST /users` (and each item of `POST /users/bulk`). */
export interface NewUser {
  readonly name: string
}

/** The body of `PATCH /users/:id`. */
export interface UserChanges {
  readonly name?: string
}

function nonNegativeInt(value: unknown, what: string, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) {
    throw new ValidationError(`${what} must be a non-negative integer.`)
  }
  return Number(value)
}

/**
 * `limit` (0 to 100, default 20) and `offset` (default 0) from a parsed query string.
 *
 * @example
 * ```ts
 * parsePage({ limit: '10' }) // { limit: 10, offset: 0 }
 * ```
 */
export function parsePage(query: Readonly<Record<string, unknown>>): Page {
  const limit = nonNegativeInt(query.limit, 'limit', DEFAULT_LIMIT)
  if (limit > MAX_LIMIT) throw new ValidationError(`limit must be at most ${MAX_LIMIT}.`)
  return { limit, offset: nonNegativeInt(query.offset, 'offset', 0) }
}

/** A positive integer id from a path parameter. */
export function parseId(value: unknown): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,8}$/.test(value)) {
    throw new ValidationError('id must be a positive integer.')
  }
  return Number(value)
}

function object(body: unknown, what: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError(`${what} must be a JSON object.`)
  }
  const unknown = Object.keys(body).find((key) => !keys.includes(key))
  if (unknown !== undefined) {
    throw new ValidationError(`${what} has an unknown field ${JSON.stringify(unknown)}.`)
  }
  return body as Record<string, unknown>
}

function name(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ValidationError(`${what} must be a string.`)
  // PostgreSQL text cannot hold it: refused here rather than failing in the INSERT.
  if (value.includes('\u0000'))
    throw new ValidationError(`${what} must not contain a NUL character.`)
  const trimmed = value.trim()
  if (trimmed === '' || trimmed.length > MAX_NAME_LENGTH) {
    throw new ValidationError(`${what} must have 1 to ${MAX_NAME_LENGTH} characters.`)
  }
  return trimmed
}

/** `{ "name": "..." }`. */
export function parseNewUser(body: unknown, what = 'The body'): NewUser {
  const fields = object(body, what, ['name'])
  return { name: name(fields.name, 'name') }
}

/** `{ "name"?: "..." }` with at least one field. */
export function parseUserChanges(body: unknown): UserChanges {
  const fields = object(body, 'The body', ['name'])
  if (fields.name === undefined) throw new ValidationError('The body changes nothing.')
  return { name: name(fields.name, 'name') }
}

/** `[{ "name": "..." }, ...]`: 1 to 1000 users. */
export function parseNewUsers(body: unknown): NewUser[] {
  if (!Array.isArray(body)) throw new ValidationError('The body must be a JSON array of users.')
  if (body.length === 0 || body.length > MAX_BULK) {
    throw new ValidationError(`The body must list 1 to ${MAX_BULK} users.`)
  }
  return body.map((item, i) => parseNewUser(item, `User ${i}`))
}
