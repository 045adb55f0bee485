/**
 * Request validation shared by the three apps, so they answer bad input identically:
 * bodies are checked against JSON Schemas generated from the models (`@gino-ts/schema`),
 * by Fastify's route validation or by Ajv here; each parser returns clean values or throws
 * a `ValidationError` (400).
 */
import { GinoHttpError } from '@gino-ts/core'
import {
  describeValidationErrors,
  modelSchemas,
  type ValidationErrorLike,
} from '@gino-ts/schema'
import { Ajv, type ValidateFunction } from 'ajv'
import { User } from './models.js'

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

// The body schemas, from the User model (its `id` is the server's): the shape, types, NUL
// characters and unknown fields. The name is trimmed and its length checked afterwards.
const userSchemas = modelSchemas(User, { readOnly: ['id'] })

/** JSON Schema of `POST /users`: `{ "name": string }`, nothing else. */
export const NEW_USER_SCHEMA = userSchemas.create

/** JSON Schema of `PATCH /users/:id`: `{ "name"?: string }` with at least one field. */
export const USER_CHANGES_SCHEMA = { ...userSchemas.update, minProperties: 1 } as const

/** JSON Schema of `POST /users/bulk`: 1 to `MAX_BULK` new users. */
export const NEW_USERS_SCHEMA = {
  type: 'array',
  items: NEW_USER_SCHEMA,
  minItems: 1,
  maxItems: MAX_BULK,
} as const

// Options Fastify's route validation uses too (see the fastify demo): no type coercion, no
// silent removal of unknown fields, the first error only.
const ajv = new Ajv({ allErrors: false, coerceTypes: false, removeAdditional: false })
const validators = {
  newUser: ajv.compile(NEW_USER_SCHEMA),
  userChanges: ajv.compile(USER_CHANGES_SCHEMA),
  newUsers: ajv.compile(NEW_USERS_SCHEMA),
}

/**
 * A `ValidationError` (400) from Ajv's errors, in one sentence naming the field; items of
 * a list are called `User <index>`.
 *
 * @example
 * ```ts
 * if (!validate(body)) throw validationError(validate.errors ?? [])
 * ```
 */
export function validationError(errors: readonly ValidationErrorLike[]): ValidationError {
  return new ValidationError(describeValidationErrors(errors, { item: 'User' }))
}

function check<T>(validate: ValidateFunction, body: unknown): T {
  if (!validate(body)) throw validationError(validate.errors ?? [])
  return body as T
}

/**
 * A name that passed the schema, trimmed, with 1 to `MAX_NAME_LENGTH` characters left.
 *
 * @example
 * ```ts
 * cleanName('  Ada ') // 'Ada'
 * ```
 */
export function cleanName(value: string): string {
  const trimmed = value.trim()
  if (trimmed === '' || trimmed.length > MAX_NAME_LENGTH) {
    throw new ValidationError(`name must have 1 to ${MAX_NAME_LENGTH} characters.`)
  }
  return trimmed
}

/**
 * A `POST /users` body that passed `NEW_USER_SCHEMA` (Fastify's route validation), cleaned.
 *
 * @example
 * ```ts
 * cleanNewUser({ name: ' Ada ' }) // { name: 'Ada' }
 * ```
 */
export function cleanNewUser(body: NewUser): NewUser {
  return { name: cleanName(body.name) }
}

/** `{ "name": "..." }`, validated with `NEW_USER_SCHEMA`, the name trimmed. */
export function parseNewUser(body: unknown): NewUser {
  return cleanNewUser(check<NewUser>(validators.newUser, body))
}

/** `{ "name"?: "..." }` with at least one field, validated with `USER_CHANGES_SCHEMA`. */
export function parseUserChanges(body: unknown): UserChanges {
  const changes = check<UserChanges>(validators.userChanges, body)
  return changes.name === undefined ? {} : { name: cleanName(changes.name) }
}

/** `[{ "name": "..." }, ...]`: 1 to 1000 users, validated with `NEW_USERS_SCHEMA`. */
export function parseNewUsers(body: unknown): NewUser[] {
  return check<NewUser[]>(validators.newUsers, body).map(cleanNewUser)
}
