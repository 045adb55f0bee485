import { isAliasedExpression, isCompilable, isExpression } from 'kysely'
import { attachedLoader, TO_LOADER } from '../execution/loader-hook.js'
import { ModelAlias } from '../model/alias.js'
import { ABSTRACT_MODEL } from '../model/meta-of.js'
import { MODEL_META } from '../model/model-meta.js'
import type { ColumnRef } from '../model/column-ref.js'
import { CallableLoader, type LoaderFunction } from './callable-loader.js'
import { ColumnLoader } from './column-loader.js'
import { LoaderError } from './loader-error.js'
import type {
  AliasTables,
  JoinedTables,
  Loaded,
  ModelClassLike,
  ModelTables,
} from './loader-types.js'
import { Loader } from './loader.js'
import { ManyLoader } from './many-loader.js'
import { AliasLoader, ModelLoader } from './model-loader.js'
import { TupleLoader } from './tuple-loader.js'
import { ValueLoader } from './value-loader.js'

/** Attribute names of a model class (its `columns` keys). */
export type AttributesOfModel<M> = M extends { readonly columns: infer R }
  ? keyof R & string
  : string

type AliasInstance<A> = A extends { readonly model: infer M extends ModelClassLike }
  ? InstanceType<M>
  : never

const modelLoaders = new WeakMap<object, ModelLoader<unknown>>()

function isModelClass(value: unknown): value is ModelClassLike {
  return typeof value === 'function' && (MODEL_META in value || ABSTRACT_MODEL in value)
}

function isColumnRef(value: unknown): value is ColumnRef {
  const ref = value as Partial<ColumnRef> | null
  return (
    typeof ref === 'object' &&
    ref !== null &&
    typeof ref.table === 'string' &&
    typeof ref.column === 'string' &&
    typeof ref.attribute === 'string'
  )
}

function modelLoader(model: ModelClassLike): ModelLoader<unknown> {
  let loader = modelLoaders.get(model)
  if (loader === undefined) modelLoaders.set(model, (loader = new ModelLoader(model)))
  return loader
}

/**
 * Makes a loader of whatever describes a row's shape:
 * - a model class → `ModelLoader`, an alias → `AliasLoader`;
 * - a loader, or a `Model.load(...)` query (narrowed or not) → that loader;
 * - an array → `TupleLoader` of each item;
 * - a column name, a model column (`User.columns.id`) or a labelled expression → `ColumnLoader`;
 * - a function `(row, context) => value` → `CallableLoader`;
 * - anything else → `ValueLoader` (a constant).
 *
 * @example
 * ```ts
 * const loader = toLoader([User, field<number>('visits')])       // Loader<[User, number]>
 * const withParent = toLoader(User).load({ parent: User.alias('parent') })
 * ```
 */
export function toLoader<M extends ModelClassLike>(
  model: M,
): ModelLoader<InstanceType<M>, ModelTables<M>, AttributesOfModel<M>>
export function toLoader<A extends ModelAlias>(
  alias: A,
): AliasLoader<AliasInstance<A>, AliasTables<A>, AttributesOfModel<A>>
export function toLoader<L extends Loader<unknown>>(loader: L): L
export function toLoader<const X>(source: X): Loader<Loaded<X>>
export function toLoader(source: unknown): Loader<unknown> {
  if (source instanceof Loader) return source as Loader<unknown>
  if (Array.isArray(source)) return new TupleLoader(source.map((item: unknown) => toLoader(item)))
  if (isModelClass(source)) return modelLoader(source)
  if (source instanceof ModelAlias) return new AliasLoader(source)
  if (typeof source === 'object' && source !== null && TO_LOADER in source) {
    const loader = (source as { [TO_LOADER](): unknown })[TO_LOADER]()
    if (loader instanceof Loader) return loader as Loader<unknown>
    throw new LoaderError(
      'INVALID_LOADER',
      'Only gino-ts loaders can be combined; this object provides another kind of row loader.',
    )
  }
  if (typeof source === 'string' || isColumnRef(source)) return new ColumnLoader(source)
  if (isAliasedExpression(source)) return new ColumnLoader(source)
  if (isCompilable(source) && (source as { isRawBuilder?: unknown }).isRawBuilder !== true) {
    // A narrowed `Model.load()` query: compiling it runs the plugin that tags it with its loader.
    const loader = attachedLoader(source.compile().queryId)
    if (loader instanceof Loader) return loader as Loader<unknown>
    throw new LoaderError(
      'INVALID_LOADER',
      'This query has no gino-ts loader attached (only Model.load() queries are loaders).',
    )
  }
  if (isExpression(source)) {
    throw new LoaderError(
      'INVALID_LOADER',
      "An SQL expression needs a name to be read from the result: label it with .as('name').",
    )
  }
  if (typeof source === 'function') return new CallableLoader(source as LoaderFunction<unknown>)
  return new ValueLoader(source)
}

/**
 * A tuple per row, each item loaded by its own loader; see `TupleLoader`.
 *
 * @example
 * ```ts
 * const rows = await db.all(query, { loader: tuple(User, field<number>('visits')) }) // [User, number][]
 * ```
 */
export function tuple<const L extends readonly unknown[]>(
  ...items: L
): TupleLoader<{ -readonly [I in keyof L]: Loaded<L[I]> }> {
  return new TupleLoader(items.map((item) => toLoader(item)))
}

/**
 * Collects a sub-loader's objects into an array property; see `ManyLoader`.
 *
 * @example
 * ```ts
 * const users = await db.all(User.distinct('id').load({ books: many(Book.distinct('id')) }))
 * ```
 */
export function many<const X>(element: X): ManyLoader<Loaded<X>, JoinedTables<X>> {
  return new ManyLoader(toLoader(element))
}
