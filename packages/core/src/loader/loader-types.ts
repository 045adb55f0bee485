import type { AliasedExpression, SelectQueryBuilder, SelectType } from 'kysely'
import type { LoaderSource, RowLoader } from '../execution/loader-hook.js'
import type { ColumnRef } from '../model/column-ref.js'
import type { ModelShape } from '../model/model-shape.js'
import type { LoaderFunction } from './callable-loader.js'
import type { Loader } from './loader.js'
import type { ManyLoader } from './many-loader.js'

/** A model class, as far as loader types need to know. */
export type ModelClassLike = ModelShape

/**
 * What a loader built from `X` yields per row: an instance for a model class or alias,
 * a typed tuple for an array, the return type of a function, the value of a constant,
 * `unknown` for a column by name (give the type: `field<number>('visits')`).
 */
export type Loaded<X> =
  X extends Loader<infer T>
    ? T
    : X extends ModelClassLike
      ? InstanceType<X>
      : X extends LoaderSource<infer T>
        ? T
        : X extends SelectQueryBuilder<infer _DB, infer _TB, infer O>
          ? O
          : X extends RowLoader<infer T>
            ? T
            : X extends AliasedExpression<infer T, string>
              ? T
              : X extends readonly unknown[]
                ? { -readonly [I in keyof X]: Loaded<X[I]> }
                : X extends LoaderFunction<infer R>
                  ? R
                  : X extends string | ColumnRef
                    ? unknown
                    : X

type FunctionKeys<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => unknown ? K : never
}[keyof T]

type ListProperties<S> = {
  -readonly [K in keyof S as S[K] extends ManyLoader<unknown> ? K : never]: Loaded<S[K]>
}

type OneProperties<T, S> = {
  -readonly [
    K in keyof S as S[K] extends ManyLoader<unknown> ? never : K extends FunctionKeys<T> ? never : K
  ]?: Loaded<S[K]>
}

type With<A, B> = [keyof B] extends [never] ? A : A & B

/**
 * An instance type `T` with what sub-loaders `S` add: an optional property per plain
 * sub-loader (unset when the outer join found nothing), an array per `many()`, nothing
 * for a sub-loader that feeds a method of the same name.
 */
export type WithSubs<T, S> = With<With<T, ListProperties<S>>, OneProperties<T, S>>

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never

/** Tables of `DB` as the right side of a LEFT JOIN reads them: every column nullable. */
export type NullableTables<DB> = {
  [TN in keyof DB]: { [C in keyof DB[TN]]: SelectType<DB[TN][C]> | null }
}

/** No tables: what an untyped model or a column loader adds to a query's database type. */
export type NoTables = Record<never, never>

/** The Kysely tables a model class's query reads (none for an untyped model). */
export type ModelTables<M> = M extends {
  readonly query: SelectQueryBuilder<infer D, never, unknown>
}
  ? D
  : NoTables

/** The table an alias stands for, under the alias's name. */
export type AliasTables<X> = X extends {
  readonly name: infer A extends string
  readonly model: infer M
}
  ? ModelTables<M> extends infer D
    ? { [K in A]: D[keyof D] }
    : NoTables
  : NoTables

/** The tables a sub-loader adds to a generated query (left-joined, so nullable). */
export type JoinedTables<X> =
  X extends ModelLoader_<infer D>
    ? NullableTables<D>
    : X extends ManyLoader<unknown> & { readonly __joined: infer D }
      ? D
      : X extends SelectQueryBuilder<infer D, never, unknown>
        ? NullableTables<D>
        : X extends ModelClassLike
          ? NullableTables<ModelTables<X>>
          : X extends { readonly model: ModelClassLike; readonly name: string }
            ? NullableTables<AliasTables<X>>
            : unknown

// Structural stand-in for ModelLoader (importing the class here would be circular).
interface ModelLoader_<D> {
  readonly __db: D
  readonly __attributes: string
}

/** Every table the sub-loaders `S` join, as one Kysely database type. */
export type JoinedDb<S> = [keyof S] extends [never]
  ? unknown
  : UnionToIntersection<{ [K in keyof S]-?: JoinedTables<S[K]> }[keyof S]>
