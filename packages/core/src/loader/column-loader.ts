import type { AliasedExpression } from 'kysely'
import type { FieldParser } from '../dialect/driver-adapter.js'
import type { ColumnRef } from '../model/column-ref.js'
import { LoaderError } from './loader-error.js'
import { Loader } from './loader.js'
import {
  COMPILE,
  type CompileScope,
  type LoaderVisitor,
  NONE,
  type Placement,
  Reader,
  VISIT,
} from './reader.js'

class ColumnReader extends Reader {
  readonly #position: number
  readonly #sub: boolean
  /** The field's parser when rows are texts. */
  readonly #parse: FieldParser | undefined

  constructor(position: number, sub: boolean, parse: FieldParser | undefined) {
    super()
    this.#position = position
    this.#sub = sub
    this.#parse = parse
  }

  read(row: readonly unknown[]): unknown {
    const value = row[this.#position]
    if (value === null || value === undefined) return this.#sub ? NONE : value
    return this.#parse === undefined ? value : this.#parse(value as string)
  }
}

type ColumnSource =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'ref'; readonly ref: string; readonly column: string }
  | {
      readonly kind: 'expression'
      readonly name: string
      readonly expression: AliasedExpression<unknown, string>
    }

/**
 * Yields one column of each row: a result column by name (`'visits'`), a model column
 * (`User.columns.name`, read as `users.name` whatever else the result holds), or a
 * labelled expression (`sql<number>\`count(visits.id)::int\`.as('visits')`), which
 * the loader's `selection()` includes. As a sub-loader, a NULL value sets nothing.
 *
 * Values arrive as the driver reads them: `count(*)` is `bigint` and reads as a string;
 * cast it (`count(*)::int`) when you want a number.
 *
 * @example
 * ```ts
 * const rows = await db.all(query, { loader: tuple(User, field<number>('visits')) }) // [User, number][]
 * ```
 */
export class ColumnLoader<T> extends Loader<T> {
  readonly #source: ColumnSource

  constructor(source: string | ColumnRef | AliasedExpression<T, string>) {
    super()
    if (typeof source === 'string') this.#source = { kind: 'name', name: source }
    else if ('expression' in source) {
      const alias = source.alias
      if (typeof alias !== 'string')
        throw new LoaderError(
          'INVALID_LOADER',
          'A column loader needs an expression labelled with a plain name.',
        )
      this.#source = { kind: 'expression', name: alias, expression: source }
    } else this.#source = { kind: 'ref', ref: source.table, column: source.column }
  }

  /** What the column is found by: its name, `table.column`, or the expression's label. */
  get name(): string {
    const source = this.#source
    return source.kind === 'ref' ? `${source.ref}.${source.column}` : source.name
  }

  /** @internal */
  [VISIT](visitor: LoaderVisitor): void {
    const source = this.#source
    if (source.kind === 'ref') visitor.column(source.ref, source.column)
    else if (source.kind === 'expression') visitor.expression(source.name, source.expression)
  }

  /** @internal */
  [COMPILE](scope: CompileScope, placement: Placement): Reader {
    const source = this.#source
    const position =
      source.kind === 'ref'
        ? scope.resolver.column(source.ref, source.column)
        : scope.resolver.named(source.name)
    if (position < 0) {
      throw new LoaderError(
        'MISSING_COLUMN',
        `The result has no column ${this.name} (its columns: ${scope.resolver.names.join(', ') || 'none'}).`,
      )
    }
    return new ColumnReader(position, placement === 'sub', scope.parsers?.[position])
  }
}

/**
 * A loader for one column (`ColumnLoader`): by result name, model column reference, or
 * labelled expression. Give the value type when reading by name. (Named `field` because
 * `column` declares model columns.)
 *
 * @example
 * ```ts
 * field<number>('visits')
 * field(User.columns.name)
 * field(sql<number>`count(visits.id)::int`.as('visits'))
 * ```
 */
export function field<T = unknown>(source: string | ColumnRef): ColumnLoader<T>
export function field<T>(source: AliasedExpression<T, string>): ColumnLoader<T>
export function field<T>(
  source: string | ColumnRef | AliasedExpression<T, string>,
): ColumnLoader<T> {
  return new ColumnLoader<T>(source)
}
