import { GinoError } from '@gino-ts/core'

/**
 * An unknown model, or a key that is not a key of the model (wrong number of parts, a
 * part that does not parse as its column's type): what the web layer answers with 404.
 *
 * @example
 * ```ts
 * try {
 *   await data.get('books', key)
 * } catch (error) {
 *   if (error instanceof AdminNotFoundError) reply.code(404)
 * }
 * ```
 */
export class AdminNotFoundError extends GinoError {
  constructor(message: string) {
    super('ADMIN_NOT_FOUND', message)
  }
}

/**
 * A request the data layer refuses: an unknown field to sort or filter by, a cursor it did
 * not make or made for another order. The web layer answers 400; the message names no value.
 *
 * @example
 * ```ts
 * try {
 *   await data.list('books', { sort: { field: 'nope', direction: 'asc' } })
 * } catch (error) {
 *   if (error instanceof AdminInputError) reply.code(400)
 * }
 * ```
 */
export class AdminInputError extends GinoError {
  constructor(message: string) {
    super('ADMIN_BAD_INPUT', message)
  }
}

/** Per-model options that name no field of the model, or a model without a primary key asked for. */
export class AdminConfigError extends GinoError {
  constructor(message: string) {
    super('ADMIN_CONFIG', message)
  }
}
