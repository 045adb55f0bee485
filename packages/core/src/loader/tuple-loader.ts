import { Loader } from './loader.js'
import { COMPILE, type CompileScope, type LoaderVisitor, NONE, Reader, VISIT } from './reader.js'

class TupleReader extends Reader {
  readonly #items: readonly Reader[]

  constructor(items: readonly Reader[]) {
    super()
    this.#items = items
  }

  read(row: readonly unknown[]): unknown[] {
    const items = this.#items
    const out = new Array<unknown>(items.length)
    for (let i = 0; i < items.length; i++) {
      const value = items[i]!.read(row)
      out[i] = value === NONE ? null : value
    }
    return out
  }
}

/**
 * Yields an array per row, one entry per item loader: GINO's `(User, ColumnLoader(visits))`.
 * A model item whose columns are all NULL (the missing side of an outer join) is `null`.
 * Every row yields a tuple; distinct items still share instances between rows.
 *
 * @example
 * ```ts
 * const rows = await db.all(query, { loader: tuple(User, field<number>('visits')) }) // [User, number][]
 * ```
 */
export class TupleLoader<T extends readonly unknown[]> extends Loader<T> {
  /** The item loaders, in tuple order. */
  readonly items: ReadonlyArray<Loader<unknown>>

  constructor(items: ReadonlyArray<Loader<unknown>>) {
    super()
    this.items = items
  }

  /** @internal */
  [VISIT](visitor: LoaderVisitor): void {
    for (const item of this.items) item[VISIT](visitor)
  }

  /** @internal */
  [COMPILE](scope: CompileScope): Reader {
    return new TupleReader(this.items.map((item) => item[COMPILE](scope, 'item')))
  }
}
