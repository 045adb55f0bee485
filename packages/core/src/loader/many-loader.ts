import { LoaderError } from './loader-error.js'
import { Loader } from './loader.js'
import { COMPILE, type LoaderVisitor, type Reader, VISIT } from './reader.js'

/**
 * Marks a sub-loader whose objects are collected into an array property: every loaded
 * parent gets the property (`[]` when nothing matched) and each distinct child is
 * pushed once. The typed alternative to an `addChild(child)` method.
 *
 * @example
 * ```ts
 * const users = await db.all(User.distinct('id').load({ books: many(Book.distinct('id')) }))
 * users[0].books // Book[]
 * ```
 */
export class ManyLoader<T, J = unknown> extends Loader<T[]> {
  /** @internal Type-level carrier of the tables the element's query joins. */
  declare readonly __joined: J
  /** The loader of each element. */
  readonly element: Loader<T>

  constructor(element: Loader<T>) {
    super()
    if (element instanceof ManyLoader)
      throw new LoaderError('INVALID_LOADER', 'many(many(...)) is not a loader; use many() once.')
    this.element = element
  }

  /** @internal */
  [VISIT](visitor: LoaderVisitor): void {
    this.element[VISIT](visitor)
  }

  /** @internal */
  [COMPILE](): Reader {
    throw new LoaderError(
      'INVALID_LOADER',
      'many() collects sub-loaded objects into a property: use it as a sub-loader of a model loader.',
    )
  }
}
