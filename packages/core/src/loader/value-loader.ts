import { Loader } from './loader.js'
import { COMPILE, Reader, VISIT } from './reader.js'

class ValueReader extends Reader {
  readonly #value: unknown

  constructor(value: unknown) {
    super()
    this.#value = value
  }

  read(): unknown {
    return this.#value
  }
}

/**
 * Yields the same value for every row: a constant in a tuple, a fixed property on
 * loaded objects. `toLoader()` makes one from anything that is not a model, alias,
 * column, array or function.
 *
 * @example
 * ```ts
 * const rows = await db.all(User.query, { loader: tuple(User, value('cached')) }) // [User, string][]
 * ```
 */
export class ValueLoader<T> extends Loader<T> {
  /** The constant. */
  readonly value: T

  constructor(value: T) {
    super()
    this.value = value
  }

  /** @internal */
  [VISIT](): void {}

  /** @internal */
  [COMPILE](): Reader {
    return new ValueReader(this.value)
  }
}

/** A loader that yields `value` for every row; see `ValueLoader`. */
export function value<T>(value: T): ValueLoader<T> {
  return new ValueLoader(value)
}
