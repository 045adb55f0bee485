import type { FieldInfo, FieldParser } from '../dialect/driver-adapter.js'
import type { LoadContext } from '../execution/loader-hook.js'
import { ModelAlias } from '../model/alias.js'
import type { JoinOn } from '../model/join.js'
import { instanceFinisher } from '../model/instance-finisher.js'
import { metaOf } from '../model/meta-of.js'
import type { ColumnMeta, ModelMeta } from '../model/model-meta.js'
import type { ColumnRef } from '../model/column-ref.js'
import type { ModelShape } from '../model/model-shape.js'
import { LoaderError } from './loader-error.js'
import { Loader } from './loader.js'
import type { LoadQuery } from './load-query.js'
import { buildLoadQuery } from './load-query.js'
import type { JoinedDb, ModelClassLike, NoTables, WithSubs } from './loader-types.js'
import { ManyLoader } from './many-loader.js'
import { ModelReader, type Slot, SlotMode } from './model-reader.js'
import {
  COMPILE,
  type CompileScope,
  type LoaderVisitor,
  type Placement,
  type Reader,
  VISIT,
} from './reader.js'
import { toLoader } from './to-loader.js'

/** A model class or an alias of one: what a model loader loads. */
export type ModelSource = ModelShape | ModelAlias

/** A model class (typed or not) or an alias, as methods accept it. */
export type ModelSourceLike = ModelClassLike | ModelAlias

/** Sub-loaders by property (or method) name: anything `toLoader()` accepts. */
export type SubLoaders = Readonly<Record<string, unknown>>

interface ModelLoaderState {
  readonly source: ModelSource
  readonly columns: readonly ColumnMeta[]
  readonly distinct: readonly ColumnMeta[]
  readonly subs: ReadonlyArray<readonly [string, Loader<unknown>]>
  readonly on: JoinOn | undefined
  readonly through: { readonly source: ModelSource; readonly on: JoinOn | undefined } | undefined
}

function uniqueColumns(columns: readonly ColumnMeta[]): ColumnMeta[] {
  return [...new Set(columns)]
}

/**
 * Loads instances of a model from rows, optionally with related objects attached.
 * Sub-loaders are given by name: the loaded object is passed to the instance's method of
 * that name when it has one (`addChild(child)`), assigned to the property otherwise, or
 * pushed onto an array property with `many()`. A sub-loader whose columns are all NULL
 * (an outer join without a match) sets nothing; the top-level loader always yields an object.
 *
 * `distinct(key)` keeps one instance per key value within a result and drops the rows
 * that repeat one: that is how one-to-many and many-to-many come out of a single joined
 * query. With `db.iterate()` a distinct object is yielded when first seen, and children
 * found in later chunks are still added to it.
 *
 * Instances are created from the model's prototype without running its constructor
 * (as every gino-ts loader does), so initialize collections lazily in `addChild`.
 *
 * `load(...)` returns a query: the model's table `LEFT OUTER JOIN`ed to each sub-loaded
 * table on the foreign key (or `on(...)`), selecting each column under its own label.
 *
 * @example
 * ```ts
 * class User extends db.model('users', { id: column.serial().primaryKey(), name: column.text() }) {
 *   books?: Book[]
 *   addBook(book: Book) { (this.books ??= []).push(book) }
 * }
 * const users = await db.all(User.distinct('id').load({ addBook: Book.distinct('id') }).orderBy('users.id'))
 * // SELECT "users"."id" as "users__id", ..., "books"."id" as "books__id", ...
 * // FROM "users" LEFT JOIN "books" ON "books"."user_id" = "users"."id" ORDER BY "users"."id"
 * ```
 */
export class ModelLoader<
  T,
  DB extends object = object,
  K extends string = string,
> extends Loader<T> {
  /** @internal Type-level carrier of the tables the loader's query reads. */
  declare readonly __db: DB
  /** @internal Type-level carrier of the model's attribute names. */
  declare readonly __attributes: K
  readonly #state: ModelLoaderState

  /** @internal Use `toLoader(Model)`, `Model.load()`, `Model.distinct()`. */
  constructor(source: ModelSource, state?: Omit<ModelLoaderState, 'source'>) {
    super()
    const meta = source instanceof ModelAlias ? source.meta : metaOf(source, 'loading rows')
    this.#state =
      state === undefined
        ? {
            source,
            columns: meta.columns,
            distinct: [],
            subs: [],
            on: undefined,
            through: undefined,
          }
        : { ...state, source }
  }

  #with(changes: Partial<ModelLoaderState>): this {
    const Class = this.constructor as new (source: ModelSource, state: ModelLoaderState) => this
    return new Class(this.#state.source, { ...this.#state, ...changes })
  }

  /** The model class or alias loaded. */
  get source(): ModelSource {
    return this.#state.source
  }

  /** The model's metadata. */
  get meta(): ModelMeta {
    const source = this.#state.source
    return source instanceof ModelAlias ? source.meta : metaOf(source)
  }

  /** The name that qualifies this table's columns in queries: the alias, or the table name. */
  get ref(): string {
    const source = this.#state.source
    return source instanceof ModelAlias ? source.name : this.meta.tableName
  }

  /** The sub-loaders, by name. */
  get subLoaders(): ReadonlyArray<readonly [string, Loader<unknown>]> {
    return this.#state.subs
  }

  /** @internal The explicit join condition, if any. */
  get joinOn(): JoinOn | undefined {
    return this.#state.on
  }

  /** @internal The association table joined between the parent and this table, if any. */
  get joinThrough(): ModelLoaderState['through'] {
    return this.#state.through
  }

  #column(key: string | ColumnRef, what: string): ColumnMeta {
    const meta = this.meta
    if (typeof key !== 'string') {
      if (key.table !== this.ref && key.table !== meta.tableName) {
        throw new LoaderError(
          'INVALID_LOADER',
          `${what} of ${this.ref} cannot use ${String(key)}, a column of another table.`,
        )
      }
      key = key.attribute
    }
    const column = meta.byAttribute.get(key)
    if (column === undefined) {
      throw new LoaderError(
        'INVALID_LOADER',
        `${what}: ${this.ref} has no attribute "${key}" (attributes: ${meta.columns.map((c) => c.attribute).join(', ')}).`,
      )
    }
    return column
  }

  /**
   * One instance per value of `keys` (attributes or column references) within a result;
   * rows repeating a key add their sub-loaded objects to the existing instance.
   *
   * @example
   * ```ts
   * User.distinct(User.columns.id).load({ books: many(Book.distinct('id')) })
   * ```
   */
  distinct(...keys: Array<K | ColumnRef>): ModelLoader<T, DB, K> {
    if (keys.length === 0)
      throw new LoaderError(
        'INVALID_LOADER',
        `distinct() of ${this.ref} needs at least one key column.`,
      )
    return this.#with({
      distinct: uniqueColumns(keys.map((key) => this.#column(key, 'distinct()'))),
    })
  }

  /**
   * Loads only these attributes (the rest stay unset on the instances).
   *
   * @example
   * ```ts
   * db.all(User.query, { loader: toLoader(User).only('id', 'name') })
   * ```
   */
  only<P extends K>(...attributes: P[]): ModelLoader<Omit<T, Exclude<K, P>>, DB, K> {
    if (attributes.length === 0)
      throw new LoaderError('INVALID_LOADER', `only() of ${this.ref} needs at least one attribute.`)
    return this.#with({
      columns: uniqueColumns(attributes.map((key) => this.#column(key, 'only()'))),
    }) as never
  }

  /**
   * The join condition used when this loader is a sub-loader of a generated query
   * (default: the single foreign key between the two tables).
   *
   * @example
   * ```ts
   * User.load({ manager: toLoader(Manager).on([User.columns.managerId, Manager.columns.id]) })
   * ```
   */
  on(on: JoinOn): this {
    return this.#with({ on })
  }

  /**
   * Joins an association table between the parent and this table in generated queries:
   * many-to-many. Each side joins on its foreign key unless `on` (association → this) is given.
   *
   * @example
   * ```ts
   * User.distinct('id').load({ books: many(Book.distinct('id').through(UserBook)) })
   * ```
   */
  through(association: ModelSourceLike, on?: JoinOn): this {
    return this.#with({ through: { source: association, on } })
  }

  /**
   * Adds sub-loaders and returns the query that loads them: this table `LEFT OUTER JOIN`
   * each sub-loaded table, a Kysely builder to narrow with `where`, `orderBy`, `limit`.
   * The query is also a loader (`{ loader: User.load(...) }`, or nested in another `load`).
   *
   * (Called with `(rows, fields, context)` it is the `RowLoader` hook, as on every loader.)
   *
   * @example
   * ```ts
   * const Parent = User.alias('parent')
   * const users = await db.all(User.load({ parent: Parent }).where('users.id', '>', 1))
   * ```
   */
  override load<const S extends SubLoaders = NoTables>(
    subs?: S,
  ): LoadQuery<DB & JoinedDb<S>, WithSubs<T, S>>
  override load(rows: readonly unknown[], fields: readonly FieldInfo[], context: LoadContext, parsers?: readonly FieldParser[]): T[]
  override load(first?: unknown, fields?: readonly FieldInfo[], context?: LoadContext, parsers?: readonly FieldParser[]): unknown {
    if (Array.isArray(first)) return super.load(first, fields!, context!, parsers)
    return buildLoadQuery(
      this.#withSubs(first as SubLoaders | undefined) as unknown as ModelLoader<unknown>,
    )
  }

  /** Adds sub-loaders, as `load` does, but returns the loader rather than a query. */
  with<const S extends SubLoaders>(subs: S): ModelLoader<WithSubs<T, S>, DB & JoinedDb<S>, K> {
    return this.#withSubs(subs) as never
  }

  #withSubs(subs: SubLoaders | undefined): this {
    if (subs === undefined) return this
    const added = Object.entries(subs).map(([key, value]): readonly [string, Loader<unknown>] => [
      key,
      toLoader<unknown>(value),
    ])
    return this.#with({ subs: [...this.#state.subs.filter(([key]) => !(key in subs)), ...added] })
  }

  /** The query of this loader without more sub-loaders: `load()`. */
  get query(): LoadQuery<DB, T> {
    return this.load()
  }

  /** @internal */
  [VISIT](visitor: LoaderVisitor): void {
    const ref = this.ref
    for (const column of this.#state.columns) visitor.column(ref, column.name)
    for (const column of this.#state.distinct) visitor.column(ref, column.name)
    for (const [, loader] of this.#state.subs) loader[VISIT](visitor)
  }

  /** @internal */
  [COMPILE](scope: CompileScope, placement: Placement): Reader {
    const { resolver } = scope
    const ref = this.ref
    const meta = this.meta
    const attributes: string[] = []
    const positions: number[] = []
    for (const column of this.#state.columns) {
      const position = resolver.column(ref, column.name)
      if (position < 0) continue
      attributes.push(column.attribute)
      positions.push(position)
    }
    if (positions.length === 0) {
      const wanted = this.#state.columns.map((c) => c.name)
      throw new LoaderError(
        'MISSING_COLUMN',
        `None of the columns of ${ref} (${wanted.join(', ')}) is in the result (its columns: ${resolver.names.join(', ') || 'none'}).`,
      )
    }
    let keys: number[] | undefined
    if (this.#state.distinct.length > 0) {
      keys = this.#state.distinct.map((column) => {
        const position = resolver.column(ref, column.name)
        if (position < 0) {
          throw new LoaderError(
            'MISSING_COLUMN',
            `The distinct key ${ref}.${column.name} is not in the result (its columns: ${resolver.names.join(', ')}).`,
          )
        }
        return position
      })
    }
    const prototype = (
      this.#state.source instanceof ModelAlias ? this.#state.source.model : this.#state.source
    ).prototype as object
    const slots: Slot[] = []
    const lists: string[] = []
    for (const [key, loader] of this.#state.subs) {
      const isMethod = typeof (prototype as Record<string, unknown>)[key] === 'function'
      let mode: SlotMode = isMethod ? SlotMode.Method : SlotMode.Property
      let element = loader
      if (loader instanceof ManyLoader) {
        if (isMethod) {
          throw new LoaderError(
            'INVALID_LOADER',
            `many() collects into a property, but "${key}" is a method of ${meta.tableName}; pass the loader without many().`,
          )
        }
        mode = SlotMode.List
        element = loader.element
        lists.push(key)
      }
      const reader = element[COMPILE](scope, 'sub')
      const dedupe = keys !== undefined && reader instanceof ModelReader && reader.distinct
      slots.push({ key, reader, mode, dedupe })
    }
    const present = placement === 'top' ? [] : [...new Set([...positions, ...(keys ?? [])])]
    const finish = instanceFinisher(meta)
    return new ModelReader({
      prototype,
      attributes,
      positions,
      keys,
      present,
      slots,
      lists,
      finish,
      parsers: scope.parsers,
    })
  }
}

/**
 * A model loader for an alias (`User.alias('parent')`): the same as `ModelLoader`, its
 * columns qualified by the alias. GINO's `AliasLoader`.
 *
 * @example
 * ```ts
 * const Parent = User.alias('parent')
 * const users = await db.all(User.load({ parent: toLoader(Parent).only('id', 'name') }))
 * ```
 */
export class AliasLoader<
  T,
  DB extends object = object,
  K extends string = string,
> extends ModelLoader<T, DB, K> {}
