import type { AliasedExpression, Compilable, Expression, SelectQueryBuilder, SelectType } from 'kysely'
import type { GinoDatabase } from '../model/gino-database.js'
import type { RowLoader } from '../execution/loader-hook.js'
import type { TO_LOADER } from '../execution/loader-hook.js'
import type { CreateTableOptions, DropTableOptions } from '../schema/table-operations.js'
import type { AbstractModelOptions } from './abstract-model.js'
import type { InsertManyOptions } from './bulk-insert.js'
import type { ConflictOptions } from './conflict.js'
import type { CrudOptions } from './crud-options.js'
import type { PropertyExpressions } from '../model/json-properties.js'
import type { NoProperties, PropertyMap } from '../model/json-property.js'
import type { ModelAlias } from '../model/alias.js'
import type { ColumnValue } from '../model/column.js'
import type { JoinOn } from '../model/join.js'
import type { ColumnRef, ModelBase } from './model.js'
import type { ModelMeta, ModelOptions } from '../model/model-meta.js'
import type { Ident } from '../model/primary-key-types.js'
import type { LoadQuery } from '../loader/load-query.js'
import type { JoinedDb, WithSubs } from '../loader/loader-types.js'
import type { ModelLoader, SubLoaders } from '../loader/model-loader.js'
import type {
  ColumnKey,
  ColumnMap,
  CreateInput,
  KyselyTable,
  ModelAttributes,
  ModelBuilders,
  ModelDatabase,
  ModelRow,
  TypedInstance,
} from '../model/model-types.js'

// Constructors of any model class; `never[]` accepts every constructor signature.
type AnyModelClass = abstract new (...args: never[]) => ModelBase


/**
 * A row of every column of a model, as a select returns it (database names); `inQuery`
 * also takes a model query (`User.selectAll()`), typed by attribute.
 */
export type SelectedRow<C extends ColumnMap> = { [K in keyof KyselyTable<C>]: SelectType<KyselyTable<C>[K]> }

/** A reference per attribute. */
export type ColumnRefs<C extends ColumnMap> = { readonly [K in keyof C]: ColumnRef }

/** Options of `Model.upsert()`: the conflict handling plus `bind` / `timeout`. */
export type UpsertOptions<K extends string = string, U extends string = string> = ConflictOptions<
  K,
  U
> &
  CrudOptions

/** Instances of a model declared with columns `C` and JSON properties `P`. */
export type ModelInstance<C extends ColumnMap, P extends PropertyMap = NoProperties> = ModelBase &
  ModelAttributes<C, P> &
  TypedInstance<C, P>

type Query<TN extends string, C extends ColumnMap, I> = SelectQueryBuilder<ModelDatabase<TN, C>, TN, I>

/**
 * GINO's `instance.query`: `Model.query` narrowed to this instance's row by its
 * `lookup()` (primary key), loading a fresh instance. Absent when a column or property is
 * named `query`.
 *
 * @example
 * ```ts
 * const fresh = await db.one(user.query)
 * ```
 */
export type InstanceQuery<TN extends string, C extends ColumnMap, P extends PropertyMap> = 'query' extends
  | keyof C
  | keyof P
  ? unknown
  : { readonly query: Query<TN, C, ModelInstance<C, P>> }

/** The static side of a model class. */
export interface ModelStatics<
  TN extends string,
  C extends ColumnMap,
  P extends PropertyMap = NoProperties,
  I extends object = object,
  Q = ModelInstance<C, P>,
> extends ModelBuilders<TN, C, Q> {
  /**
   * The same class, with `Model.query` typed by your subclass: its rows become `User`
   * (getters and methods included) in `db.all(User.query)`, `db.first(User.query...)`
   * and every other path that takes the query. TypeScript cannot see a subclass from an
   * inherited static property, so the class names itself once, as Effect's
   * `Schema.Class<Self>()` does. Nothing changes at run time (it returns the class).
   *
   * @example
   * ```ts
   * class User extends db.model('users', { id: column.serial().primaryKey(), name: column.text() }).of<User>() {
   *   get label(): string { return `#${this.id}` }
   * }
   * const labels = (await db.all(User.query)).map((user) => user.label)
   * ```
   */
  of<Self>(): ModelClass<TN, C, P, I, Self>
  readonly tableName: TN
  readonly db: GinoDatabase
  /** Column references by attribute (`User.columns.id` → `users.id`). */
  readonly columns: ColumnRefs<C>
  /** JSON properties as SQL expressions: `db.all(User.query.where(User.props.age, '>', 18))`. */
  readonly props: PropertyExpressions<P>
  /** The resolved declaration (columns, keys, indexes, foreign keys, properties). */
  readonly meta: ModelMeta
  /**
   * Inserts and returns an instance: the values given (JS defaults applied) plus what the
   * server filled in (ids, server defaults, SQL expressions), read back with `RETURNING`.
   *
   * @example
   * ```ts
   * const user = await User.create({ nickname: 'fantix' }, { bind: engine })
   * ```
   */
  create<M extends AnyModelClass>(
    this: M,
    values: CreateInput<C, P>,
    options?: CrudOptions,
  ): Promise<InstanceType<M>>
  /**
   * By primary key: a scalar, values in key order, or an object by attribute; null when absent.
   *
   * @example
   * ```ts
   * await User.get(1)
   * await Membership.get([teamId, userId])   // composite key, in key order
   * await Membership.get({ userId, teamId })  // or by attribute
   * ```
   */
  get<M extends AnyModelClass>(
    this: M,
    ident: Ident<C>,
    options?: CrudOptions,
  ): Promise<InstanceType<M> | null>
  /**
   * Bulk insert: the rows go as one array per column in one statement
   * (`INSERT ... SELECT * FROM unnest($1::text[], ...) RETURNING <server-filled columns>`),
   * returning instances in input order with the values given plus what the server filled
   * in (`returning: '*'` reads every column back, `false` nothing). Rows `unnest` cannot
   * carry (array or bytea columns, SQL expressions, rows giving different columns, JSON
   * properties) go as `INSERT ... VALUES` chunks within PostgreSQL's 65,535 parameters;
   * several statements run in one transaction. `onConflict` makes it a bulk upsert.
   *
   * @example
   * ```ts
   * const users = await User.insertMany(names.map((name) => ({ name })))
   * users.map((u) => u.id)
   * await Log.insertMany(lines, { returning: false }) // nothing read back
   * ```
   */
  insertMany<M extends AnyModelClass>(
    this: M,
    rows: ReadonlyArray<CreateInput<C, P>>,
    options?: InsertManyOptions<ColumnKey<C>, ColumnKey<C> | (keyof P & string)>,
  ): Promise<Array<InstanceType<M>>>
  /**
   * Insert or update on conflict; returns the row written, or null when `update:
   * 'nothing'` skipped a conflicting row.
   *
   * @example
   * ```ts
   * const user = await User.upsert({ email, name }, { conflict: ['email'], update: ['name'] })
   * ```
   */
  upsert<M extends AnyModelClass>(
    this: M,
    values: CreateInput<C, P>,
    options: UpsertOptions<ColumnKey<C>, ColumnKey<C> | (keyof P & string)>,
  ): Promise<InstanceType<M> | null>
  /**
   * `SELECT EXISTS (SELECT 1 FROM table WHERE ...)` as a boolean.
   *
   * @example
   * ```ts
   * const taken = await User.exists((q) => q.where('email', '=', email))
   * ```
   */
  exists(
    where?: (
      query: SelectQueryBuilder<ModelDatabase<TN, C>, TN, { one: 1 }>,
    ) => Expression<unknown>,
    options?: CrudOptions,
  ): Promise<boolean>
  /**
   * Runs `build(Model.query)` (default: the whole table) and returns instances typed as
   * your subclass, getters and methods included.
   *
   * @example
   * ```ts
   * const adults = await User.all((q) => q.where('age', '>=', 18).orderBy('id'))
   * ```
   */
  all<M extends AnyModelClass>(
    this: M,
    build?: (query: Query<TN, C, InstanceType<M>>) => Compilable<unknown>,
    options?: CrudOptions,
  ): Promise<Array<InstanceType<M>>>
  /** Like `all()`, the first instance or null (without `build`, with `LIMIT 1`). */
  first<M extends AnyModelClass>(
    this: M,
    build?: (query: Query<TN, C, InstanceType<M>>) => Compilable<unknown>,
    options?: CrudOptions,
  ): Promise<InstanceType<M> | null>
  /**
   * `SELECT <every column> FROM <table>` loading instances, typed as the class you call
   * it on: the same query as `User.query`, whose rows TypeScript can only type by the
   * declaration (a static getter cannot see the subclass it is read from). Use
   * `selectAll()` wherever the type of the rows matters: `db.all`, `db.first`, `db.one`,
   * `db.iterate`, `firstOr404`.
   *
   * @example
   * ```ts
   * class User extends db.model('users', { id: column.serial().primaryKey(), name: column.text() }) {
   *   get label() { return `#${this.id} ${this.name}` }
   * }
   * const users = await db.all(User.selectAll().where('id', '<', 10)) // User[]
   * users[0]?.label
   * ```
   */
  selectAll<M extends AnyModelClass>(this: M): Query<TN, C, InstanceType<M>>
  /**
   * GINO's `Model.in_query(...)`: loads instances from a subquery (aliased with `.as()`)
   * that yields the model's columns: `SELECT <columns> FROM (<subquery>) AS <alias>`.
   *
   * @example
   * ```ts
   * const ranked = User.selectAll().orderBy('score', 'desc').limit(10).as('top')
   * const top = await db.all(User.inQuery(ranked).where('top.active', '=', true)) // User[]
   * ```
   */
  inQuery<M extends AnyModelClass, O extends SelectedRow<C> | ModelRow<C>, const A extends string>(
    this: M,
    subquery: AliasedExpression<O, A>,
  ): SelectQueryBuilder<{ [K in A]: O }, A, InstanceType<M>>
  /**
   * A value in the form its column stores it (a `column.custom()` type's `toDatabase`),
   * for Kysely conditions, which send values as they are. Typed as the column's JS type so
   * that Kysely accepts it in the column's place.
   *
   * @example
   * ```ts
   * const cheap = await db.all(Item.selectAll().where('price', '<', Item.toDatabase('price', 9.99)))
   * ```
   */
  toDatabase<K extends keyof C & string>(attribute: K, value: ColumnValue<C[K]>): ColumnValue<C[K]>
  /**
   * A plain-row select of chosen columns (database names).
   *
   * @example
   * ```ts
   * const rows = await db.all(User.select('id', 'first_name').where('id', '<', 10))
   * ```
   */
  select<K extends keyof KyselyTable<C> & string>(
    ...columns: K[]
  ): SelectQueryBuilder<ModelDatabase<TN, C>, TN, { [Q in K]: SelectType<KyselyTable<C>[Q]> }>
  /**
   * `CREATE TABLE` with the model's enums, constraints and indexes (skipping what exists
   * unless `checkFirst: false`). Referenced tables must exist: `db.createAll()` orders them.
   */
  createTable(options?: CreateTableOptions): Promise<void>
  /** `DROP TABLE [IF EXISTS]`. */
  dropTable(options?: DropTableOptions): Promise<void>
  [TO_LOADER](): RowLoader<ModelInstance<C, P>>
  /** @internal Type-level carrier of the column declaration. */
  readonly __columns: C
  /** A second name for this table, for self-joins. */
  alias<const A extends string>(name: A): TypedAlias<TN, C, A>
  /** Inner join with another model or alias; `ON` from the single foreign key unless given. */
  join<O extends JoinTarget>(
    other: O,
    on?: JoinOn,
  ): SelectQueryBuilder<ModelDatabase<TN, C> & JoinDatabase<O, false>, TN | JoinName<O>, object>
  /**
   * GINO's `Model.load(...)`: a query selecting this table `LEFT OUTER JOIN` each
   * sub-loaded one (on the foreign key), whose rows load as instances with the related
   * objects attached. Narrow it with `where` / `orderBy` / `limit`; see `ModelLoader.load`.
   *
   * @example
   * ```ts
   * const Parent = User.alias('parent')
   * const users = await db.all(User.load({ parent: Parent }).where('users.id', '<', 10)) // Array<User & { parent?: User }>
   * ```
   */
  load<M extends AnyModelClass, const S extends SubLoaders = Record<never, never>>(
    this: M,
    subs?: S,
  ): LoadQuery<ModelDatabase<TN, C> & JoinedDb<S>, WithSubs<InstanceType<M>, S>>
  /**
   * A loader keeping one instance per key value within a result (`load(...)` it for
   * one-to-many and many-to-many); see `ModelLoader.distinct`.
   *
   * @example
   * ```ts
   * const users = await db.all(User.distinct('id').load({ books: many(Book.distinct('id')) }))
   * ```
   */
  distinct<M extends AnyModelClass>(
    this: M,
    ...keys: Array<(keyof C & string) | ColumnRef>
  ): ModelLoader<InstanceType<M>, ModelDatabase<TN, C>, keyof C & string>
  /** Left outer join with another model or alias; its columns read as nullable. */
  outerJoin<O extends JoinTarget>(
    other: O,
    on?: JoinOn,
  ): SelectQueryBuilder<ModelDatabase<TN, C> & JoinDatabase<O, true>, TN | JoinName<O>, object>
}

/** An alias of a model, typed. */
export interface TypedAlias<
  TN extends string,
  C extends ColumnMap,
  A extends string,
> extends ModelAlias {
  readonly name: A
  readonly columns: ColumnRefs<C>
  readonly __table: TN
  readonly __columns: C
  [TO_LOADER](): RowLoader<ModelInstance<C>>
}

/** What a model can join: another model class or an alias. */
export type JoinTarget =
  | { readonly tableName: string; readonly __columns: ColumnMap }
  | TypedAlias<string, ColumnMap, string>

type NullableTable<T> = { [K in keyof T]: SelectType<T[K]> | null }
type MaybeNullable<T, N extends boolean> = N extends true ? NullableTable<T> : T

/** The Kysely tables a join target adds. */
export type JoinDatabase<O, N extends boolean> =
  O extends TypedAlias<string, infer C, infer A>
    ? { [K in A]: MaybeNullable<KyselyTable<C>, N> }
    : O extends {
          readonly tableName: infer TN extends string
          readonly __columns: infer C extends ColumnMap
        }
      ? { [K in TN]: MaybeNullable<KyselyTable<C>, N> }
      : never

/** The name a join target is referred to by. */
export type JoinName<O> =
  O extends TypedAlias<string, ColumnMap, infer A>
    ? A
    : O extends { readonly tableName: infer TN extends string }
      ? TN
      : never

/**
 * A model class: construct instances with `new`, query with the statics. Extend it to
 * add methods and getters. `I` is the instance type of an abstract base, if any.
 */
export type ModelClass<
  TN extends string,
  C extends ColumnMap,
  P extends PropertyMap = NoProperties,
  I extends object = object,
  Q = ModelInstance<C, P>,
> = (new (values?: Partial<ModelAttributes<C, P>>) => ModelInstance<C, P> & I & InstanceQuery<TN, C, P>) &
  ModelStatics<TN, C, P, I, Q>

/** Columns of a concrete model: the abstract base's, overridden by its own. */
export type MergeColumns<A extends ColumnMap, B extends ColumnMap> = Omit<A, keyof B> & B

type AbstractInstanceOf<M> = M extends abstract new (...args: never[]) => infer I ? I : never

/** The static side of an abstract model. */
export interface AbstractModelStatics<C extends ColumnMap, P extends PropertyMap> {
  /**
   * Declares a concrete model on this base: its columns plus `columns`, its properties
   * plus `options.properties`, and the methods of your subclass.
   *
   * @example
   * ```ts
   * class Timestamped extends db.abstractModel({ createdAt: column.timestamptz().notNull().serverDefault(sql`now()`) }) {
   *   get age() { return Date.now() - this.createdAt.getTime() }
   * }
   * class Post extends Timestamped.model('posts', { id: column.serial().primaryKey() }) {}
   * ```
   */
  model<
    M extends abstract new (...args: never[]) => ModelBase,
    const TN extends string,
    C2 extends ColumnMap,
    P2 extends PropertyMap = NoProperties,
  >(
    this: M,
    tableName: TN,
    columns: C2,
    options?: ModelOptions<ColumnKey<MergeColumns<C, C2>>, P2>,
  ): Omit<M, 'prototype' | 'model'> &
    ModelClass<TN, MergeColumns<C, C2>, P & P2, AbstractInstanceOf<M>>
}

/**
 * An abstract model class: columns and (in your subclass) methods, no table. It has no
 * `create` / `get` / `query` (they throw `AbstractModelError` if reached at runtime).
 */
export type AbstractModelClass<
  C extends ColumnMap,
  P extends PropertyMap = NoProperties,
> = (abstract new (values?: Partial<ModelAttributes<C, P>>) => ModelBase & ModelAttributes<C, P>) &
  AbstractModelStatics<C, P>

export type { AbstractModelOptions }
