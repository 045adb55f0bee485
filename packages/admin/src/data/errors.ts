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
export class AdminNotFoundError extends Error {
  readonly code = 'ADMIN_NOT_FOUND'
  constructor(message: string) {
    super(message)
    this.name = 'AdminNotFoundError'
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
export class AdminInputError extends Error {
  readonly code = 'ADMIN_BAD_INPUT'
  constructor(message: string) {
    super(message)
    this.name = 'AdminInputError'
  }
}

/** Per-model options that name no field of the model, or a model without a primary key asked for. */
export class AdminConfigError extends Error {
  readonly code = 'ADMIN_CONFIG'
  constructor(message: string) {
    super(message)
    this.name = 'AdminConfigError'
  }
}
