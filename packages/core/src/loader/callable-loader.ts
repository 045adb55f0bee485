import type { FieldParser } from '../dialect/driver-adapter.js'
import type { LoadContext } from '../execution/loader-hook.js'
import { LoaderError } from './loader-error.js'
import { Loader } from './loader.js'
import { COMPILE, type CompileScope, NONE, type Placement, Reader, VISIT } from './reader.js'

/** A row as a callable loader sees it: every result column by name. */
export type LoaderRow = Readonly<Record<string, unknown>>

/** The function behind a `CallableLoader`. */
export type LoaderFunction<R> = (row: LoaderRow, context: LoadContext) => R

class CallableReader extends Reader {
  readonly #fn: LoaderFunction<unknown>
  readonly #context: LoadContext
  readonly #prototype: object
  readonly #names: readonly string[]
  readonly #positions: readonly number[]
  readonly #parsers: readonly FieldParser[] | undefined
  readonly #sub: boolean

  constructor(fn: LoaderFunction<unknown>, scope: CompileScope, sub: boolean) {
    super()
    this.#fn = fn
    this.#context = scope.context
    this.#parsers = scope.parsers
    this.#sub = sub
    const names: string[] = []
    const positions: number[] = []
    const seen = new Map<string, number>()
    const ambiguous = new Set<string>()
    scope.resolver.names.forEach((name, i) => {
      if (seen.has(name)) ambiguous.add(name)
      else seen.set(name, i)
    })
    for (const [name, i] of seen) {
      if (ambiguous.has(name)) continue
      names.push(name)
      positions.push(i)
    }
    // Names the result holds twice throw when read rather than yielding either column.
    const prototype: PropertyDescriptorMap = {}
    for (const name of ambiguous) {
      prototype[name] = {
        get: () => {
          throw new LoaderError(
            'AMBIGUOUS_COLUMN',
            `The result has several columns named "${name}"; label them apart to read one.`,
          )
        },
      }
    }
    this.#prototype = Object.create(Object.prototype, prototype) as object
    this.#names = names
    this.#positions = positions
  }

  read(row: readonly unknown[]): unknown {
    const view = Object.create(this.#prototype) as Record<string, unknown>
    const names = this.#names
    const positions = this.#positions
    const parsers = this.#parsers
    for (let i = 0; i < names.length; i++) {
      const at = positions[i]!
      const value = row[at]
      view[names[i]!] = parsers === undefined || value === null || value === undefined ? value : parsers[at]!(value as string)
    }
    const value = this.#fn(view, this.#context)
    return this.#sub && value === undefined ? NONE : value
  }
}

/**
 * Yields what a function computes from each row (every column by name) and the
 * execution's context, a `Map` shared by every row and chunk of one execution (a cache,
 * a counter). As a sub-loader, returning `undefined` sets nothing.
 *
 * @example
 * ```ts
 * const loader = tuple(User, callable((row) => `${String(row.first_name)} ${String(row.last_name)}`))
 * ```
 */
export class CallableLoader<R> extends Loader<R> {
  readonly #fn: LoaderFunction<R>

  constructor(fn: LoaderFunction<R>) {
    super()
    this.#fn = fn
  }

  /** @internal */
  [VISIT](): void {}

  /** @internal */
  [COMPILE](scope: CompileScope, placement: Placement): Reader {
    return new CallableReader(this.#fn, scope, placement === 'sub')
  }
}

/** A loader that calls `fn(row, context)` per row; see `CallableLoader`. */
export function callable<R>(fn: LoaderFunction<R>): CallableLoader<R> {
  return new CallableLoader(fn)
}
