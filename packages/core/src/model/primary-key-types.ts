import type { ColumnValue } from './column.js'
import type { ColumnMap } from './model-types.js'

/** The attributes of a model's primary key columns (a union; `never` without a key). */
export type KeyAttribute<C extends ColumnMap> = {
  [A in keyof C]-?: C[A] extends { readonly __key: true } ? A : never
}[keyof C]

/** A primary key by attribute: every key attribute, with its own type. */
export type KeyObject<C extends ColumnMap> = { readonly [A in KeyAttribute<C>]: ColumnValue<C[A]> }

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never
type LastOf<U> =
  UnionToIntersection<U extends unknown ? (x: U) => void : never> extends (x: infer L) => void
    ? L
    : never
type UnionTuple<U, L = LastOf<U>> = [U] extends [never] ? [] : [...UnionTuple<Exclude<U, L>>, L]

/**
 * A primary key as values in key order: as many values as key columns. TypeScript cannot
 * see the declaration order of the columns, so each position takes any of the key's types;
 * the order is the declaration order, checked at run time.
 */
export type KeyTuple<C extends ColumnMap> = Fill<
  UnionTuple<KeyAttribute<C>>,
  ColumnValue<C[KeyAttribute<C>]>
>

// Mapping over a type parameter keeps a tuple a tuple.
type Fill<T extends readonly unknown[], V> = { readonly [I in keyof T]: V }

type IsUnion<U, All = U> = U extends unknown ? ([All] extends [U] ? false : true) : never

/**
 * What `Model.get()` takes: for a one-column key its value, a one-value list or an object
 * by attribute; for a composite key a list in key order or an object by attribute. A
 * model without a primary key takes nothing (`get()` needs a key).
 */
export type Ident<C extends ColumnMap> = [KeyAttribute<C>] extends [never]
  ? never
  : true extends IsUnion<KeyAttribute<C>>
    ? KeyTuple<C> | KeyObject<C>
    : ColumnValue<C[KeyAttribute<C>]> | readonly [ColumnValue<C[KeyAttribute<C>]>] | KeyObject<C>
