import {
  type AliasedExpression,
  type Compilable,
  type Expression,
  type Kysely,
  type SelectQueryBuilder,
  type SelectType,
  sql,
} from 'kysely'
import type { GinoDatabase } from '../model/gino-database.js'
import { GinoError, rejectWith } from '../errors.js'
import { type RowLoader, TO_LOADER } from '../execution/loader-hook.js'
import type { StatusResult } from '../execution/query-types.js'
import { LoaderPlugin } from '../kysely/loader-plugin.js'
import {
  createTable,
  dropTable,
  type CreateTableOptions,
  type DropTableOptions,
} from '../schema/table-operations.js'
import { type InsertManyOptions, insertMany } from './bulk-insert.js'
import type { ColumnBuilder } from '../model/column.js'
import { type ConflictOptions } from './conflict.js'
import { type CrudOptions, execOptions, runnerOf } from './crud-options.js'
import { keyValues } from '../model/ident.js'
import { bakedCreate, bakedDelete, bakedGet } from './baked-crud.js'
import { encodeColumnValue, isExpression } from '../model/column-values.js'
import { assignAttributes, insertValues, unknownAttribute, writeBack } from '../model/instance-values.js'
import { clearProperty, installProperties, propertyExpressions } from '../model/json-properties.js'
import { instanceFinisher } from '../model/instance-finisher.js'
import { metaOf } from '../model/meta-of.js'
import { MODEL_META, type ModelMeta, type ModelOptions, buildMeta } from '../model/model-meta.js'
import { ModelRowLoader } from '../model/model-row-loader.js'
import { registryOf } from '../model/model-registry.js'
import type { AttributesOf, ColumnMap, PropertyNameOf, TableOf, UpdateInputOf } from '../model/model-types.js'
import { UpdateRequest } from './update-request.js'
import { ModelAlias } from '../model/alias.js'
import { type Joinable, type JoinOn, joinModels } from '../model/join.js'
import { toLoader } from '../loader/to-loader.js'
import type { ColumnRef } from '../model/column-ref.js'

export type { ColumnRef }

type Bag = Record<string, unknown>
type LooseKysely = Kysely<Record<string, Record<string, unknown>>>
type LooseSelect = SelectQueryBuilder<Record<string, Record<string, unknown>>, string, object>

const perClass = new WeakMap<object, Map<string, unknown>>()

/** Work done once per model class (subclasses get their own: their prototype differs). */
function classCache(model: object): Map<string, unknown> {
  let cache = perClass.get(model)
  if (cache === undefined) perClass.set(model, (cache = new Map<string, unknown>()))
  return cache
}

/** Computes a per-class value once. */
function once<T>(model: object, key: string, make: () => T): T {
  const cache = classCache(model)
  if (cache.has(key)) return cache.get(key) as T
  const value = make()
  cache.set(key, value)
  return value
}

/**
 * The base of every model class. Instances are plain row containers: setting a property
 * changes memory only; nothing reaches the database until you run something
 * (`create`, `update(...).apply()`, `delete`). Declare models with `db.model()`; the
 * statics here are typed on what it returns (`ModelClass`).
 *
 * @example
 * ```ts
 * class User extends db.model('users', { id: column.serial().primaryKey(), name: column.text() }) {}
 * const user = await User.create({ name: 'ann' })
 * user instanceof ModelBase // true
 * ```
 */
export class ModelBase {
  /** @internal */
  declare static readonly [MODEL_META]: ModelMeta

  /** An instance in memory (nothing is inserted; see `create()`). Unknown attributes are an error. */
  constructor(values?: Record<string, unknown>) {
    if (values !== undefined) assignAttributes(metaOf(this.constructor), this, values)
  }

  /** The model's resolved declaration: columns, keys, indexes, foreign keys, properties. */
  static get meta(): ModelMeta {
    return metaOf(this)
  }

  /** Table name. */
  static get tableName(): string {
    return metaOf(this).tableName
  }

  /** The `Gino` instance the model is declared against. */
  static get db(): GinoDatabase {
    return metaOf(this).db
  }

  /** Column references by attribute: `User.columns.id` → `users.id`. */
  static get columns(): Record<string, ColumnRef> {
    return once(this, 'columns', () => {
      const meta = metaOf(this)
      const refs: Record<string, ColumnRef> = {}
      for (const column of meta.columns) {
        const qualified = `${meta.tableName}.${column.name}`
        refs[column.attribute] = {
          table: meta.tableName,
          schema: meta.schema,
          column: column.name,
          attribute: column.attribute,
          toString: () => qualified,
        }
      }
      return Object.freeze(refs)
    })
  }

  /** JSON properties as SQL expressions cast to their types: `User.props.age` is `(profile ->> 'age')::integer`. */
  static get props(): Record<string, Expression<unknown>> {
    return once(this, 'props', () => {
      const meta = metaOf(this, 'props')
      return meta.properties.size === 0 ? Object.freeze({}) : propertyExpressions(meta)
    })
  }

  /** The loader that turns rows of this table into instances of this class. */
  static [TO_LOADER](): RowLoader<unknown> {
    return once(this, 'loader', () => {
      const meta = metaOf(this, 'loading rows')
      return new ModelRowLoader(this.prototype, meta.columns, instanceFinisher(meta))
    })
  }

  /** @internal Kysely for this table (schema applied), on the model's `db`. */
  static kysely(): LooseKysely {
    const meta = metaOf(this)
    const kysely = meta.db.kysely as unknown as LooseKysely
    return meta.schema === undefined ? kysely : kysely.withSchema(meta.schema)
  }

  /** The class itself, typed with `query` by the subclass; see `ModelStatics.of`. */
  static of(): unknown {
    return this
  }

  /** `SELECT <every column> FROM <table>`, loading instances; see `ModelBuilders.query`. */
  static get query(): unknown {
    return once(this, 'query', () => {
      const meta = metaOf(this, 'query')
      const plugin = new LoaderPlugin(this[TO_LOADER]())
      return this.kysely()
        .withPlugin(plugin)
        .selectFrom(meta.tableName)
        .select(meta.columns.map((column) => `${meta.tableName}.${column.name}`))
    })
  }

  /**
   * `User.query` as a method, so that its rows are typed as the class it is called on:
   * `db.all(User.selectAll().where(...))` is `User[]`, getters and methods included. (A
   * static getter cannot see the subclass it is read from; see `ModelStatics.selectAll`.)
   */
  static selectAll(): unknown {
    return this.query
  }

  /** `SELECT <columns> FROM <table>` returning plain rows; columns by database name. */
  static select(...columns: string[]): unknown {
    const meta = metaOf(this, 'select()')
    for (const column of columns) {
      if (!meta.byName.has(column)) {
        throw new GinoError(
          'UNKNOWN_COLUMN',
          `${meta.qualifiedName} has no column "${column}"; columns: ${meta.columns.map((c) => c.name).join(', ')}.`,
        )
      }
    }
    return this.kysely().selectFrom(meta.tableName).select(columns)
  }

  /** A value as its column stores it (custom types converted, JSON as text): for Kysely `where`s. */
  static toDatabase(attribute: string, value: unknown): unknown {
    const meta = metaOf(this, 'toDatabase()')
    const column = meta.byAttribute.get(attribute)
    if (column === undefined) throw unknownAttribute(meta, attribute)
    return encodeColumnValue(column, value)
  }

  /** GINO's `in_query`: `SELECT <columns> FROM (<subquery>) AS <alias>`, loading instances. */
  static inQuery(subquery: AliasedExpression<unknown, string>): unknown {
    const meta = metaOf(this, 'inQuery()')
    const alias = subquery.alias
    if (typeof alias !== 'string') {
      throw new GinoError('INVALID_ARGUMENT', `inQuery() of ${meta.qualifiedName} needs a subquery named with .as('name').`)
    }
    return this.kysely()
      .withPlugin(new LoaderPlugin(this[TO_LOADER]()))
      .selectFrom(subquery as AliasedExpression<Record<string, unknown>, string>)
      .select(meta.columns.map((column) => `${alias}.${column.name}`))
  }

  /** A second name for this table, for self-joins: `User.alias('parent')`. */
  static alias(name: string): unknown {
    return new ModelAlias(this, name)
  }

  /** `SELECT ... FROM this JOIN other ON <the foreign key>` (or an explicit `on`). */
  static join(other: Joinable, on?: JoinOn): unknown {
    return joinModels(this, other, 'inner', on)
  }

  /** `SELECT ... FROM this LEFT OUTER JOIN other ON <the foreign key>` (or an explicit `on`). */
  static outerJoin(other: Joinable, on?: JoinOn): unknown {
    return joinModels(this, other, 'left', on)
  }

  /** GINO's `Model.load(...)`: a query loading instances with sub-loaders; see `ModelLoader.load`. */
  static load(subs?: Record<string, unknown>): unknown {
    return toLoader(this).load(subs)
  }

  /** A loader keeping one instance per key value; see `ModelLoader.distinct`. */
  static distinct(...keys: Array<string | ColumnRef>): unknown {
    return toLoader(this).distinct(...keys)
  }

  /** `INSERT INTO <table>` (plain Kysely). */
  static get insert(): unknown {
    return this.kysely().insertInto(metaOf(this, 'insert').tableName)
  }

  /** `UPDATE <table>` (plain Kysely). */
  static get update(): unknown {
    return this.kysely().updateTable(metaOf(this, 'update').tableName)
  }

  /** `DELETE FROM <table>` (plain Kysely). */
  static get delete(): unknown {
    return this.kysely().deleteFrom(metaOf(this, 'delete').tableName)
  }

  /** Every row of `build(Model.query)` (default: the whole table) as instances of this class. */
  static async all(
    build?: (query: never) => Compilable<unknown>,
    options?: CrudOptions,
  ): Promise<unknown[]> {
    const meta = metaOf(this, 'all()')
    const query = build === undefined ? this.query : build(this.query as never)
    return runnerOf(options, meta.db).all(query as Compilable<unknown>, {
      loader: this[TO_LOADER](),
      ...execOptions(options),
    })
  }

  /** The first row of `build(Model.query)` as an instance, or null (add `.limit(1)` for big results). */
  static async first(
    build?: (query: never) => Compilable<unknown>,
    options?: CrudOptions,
  ): Promise<unknown> {
    const meta = metaOf(this, 'first()')
    const query =
      build === undefined ? (this.query as LooseSelect).limit(1) : build(this.query as never)
    return runnerOf(options, meta.db).first(query, {
      loader: this[TO_LOADER](),
      ...execOptions(options),
    })
  }

  /**
   * `SELECT EXISTS (SELECT 1 FROM <table> WHERE ...)` as a boolean: GINO's
   * `db.scalar(db.exists().where(...).select())`.
   */
  static async exists(
    build?: (query: never) => Expression<unknown>,
    options?: CrudOptions,
  ): Promise<boolean> {
    const meta = metaOf(this, 'exists()')
    const kysely = this.kysely()
    const base = kysely.selectFrom(meta.tableName).select(sql.lit(1).as('one'))
    const subquery = build === undefined ? base : (build(base as never) as typeof base)
    const query = kysely.selectNoFrom((eb) => eb.exists(subquery).as('exists'))
    return (await runnerOf(options, meta.db).scalar(query, execOptions(options))) === true
  }

  /**
   * Inserts a row and returns it as an instance: the values given plus what the server
   * filled in, read back with `RETURNING` (see the instance method `create`).
   */
  static create(values: Record<string, unknown>, options?: CrudOptions): Promise<unknown> {
    try {
      const meta = metaOf(this, 'create()')
      const instance = Object.create(this.prototype) as ModelBase
      assignAttributes(meta, instance, values)
      return instance.create(options)
    } catch (error) {
      return rejectWith(error)
    }
  }

  /**
   * Inserts many rows (one array per column, `unnest`; see `ModelStatics.insertMany`) and
   * returns the inserted instances (ids and server defaults filled in) in input order.
   */
  static async insertMany(
    rows: readonly Record<string, unknown>[],
    options?: InsertManyOptions,
  ): Promise<unknown[]> {
    const meta = metaOf(this, 'insertMany()')
    return insertMany(meta, this, this[TO_LOADER](), rows, options)
  }

  /**
   * `INSERT ... ON CONFLICT ... DO UPDATE / DO NOTHING RETURNING *`: the inserted or
   * updated row as an instance; null when `update: 'nothing'` skipped it.
   */
  static async upsert(
    values: Record<string, unknown>,
    options: ConflictOptions & CrudOptions,
  ): Promise<unknown> {
    const meta = metaOf(this, 'upsert()')
    const { bind, timeout, ...conflict } = options
    const rows = await insertMany(meta, this, this[TO_LOADER](), [values], {
      onConflict: conflict,
      ...(bind === undefined ? {} : { bind }),
      ...(timeout === undefined ? {} : { timeout }),
    })
    return rows[0] ?? null
  }

  /** The row with this primary key as an instance, or null (one baked statement per class). */
  static async get(ident: unknown, options?: CrudOptions): Promise<unknown> {
    const meta = metaOf(this, 'get()')
    const values = keyValues(meta, ident)
    const params: Bag = {}
    for (let i = 0; i < values.length; i++) params[`k${i}`] = values[i]
    // Instances whatever the engine's default returnModel says.
    return bakedGet(this, meta).first(params, { ...options, returnModel: true })
  }

  /**
   * `CREATE TABLE` with its enums, constraints and indexes (`IF NOT EXISTS` unless
   * `checkFirst: false`). `db.createAll()` does every model in foreign-key order.
   */
  static async createTable(options?: CreateTableOptions): Promise<void> {
    return createTable(metaOf(this, 'createTable()'), options)
  }

  /** `DROP TABLE` (`IF EXISTS` unless `checkFirst: false`); enums stay (see `db.dropAll()`). */
  static async dropTable(options?: DropTableOptions): Promise<void> {
    return dropTable(metaOf(this, 'dropTable()'), options)
  }

  /** @internal Column name → value for the row this instance stands for (`lookup()` by column). */
  lookupColumns(): Record<string, unknown> {
    const meta = metaOf(this.constructor)
    const out: Record<string, unknown> = {}
    for (const [attribute, value] of Object.entries(this.lookup())) {
      const column = meta.byAttribute.get(attribute)
      if (column === undefined) {
        throw new GinoError(
          'NO_LOOKUP',
          `lookup() of ${meta.qualifiedName} returned "${attribute}", which is not a column attribute.`,
        )
      }
      out[column.name] = value
    }
    if (Object.keys(out).length === 0)
      throw new GinoError('NO_LOOKUP', `lookup() of ${meta.qualifiedName} returned no column.`)
    return out
  }

  /**
   * Which row this instance stands for, by attribute: the primary key by default.
   * Override it for models without one, or to match on another unique key.
   *
   * @example
   * ```ts
   * class Setting extends db.model('settings', { key: column.text().notNull().unique(), value: column.text() }) {
   *   override lookup() { return { key: this.key } }
   * }
   * ```
   */
  lookup(): Record<string, unknown> {
    const meta = metaOf(this.constructor)
    if (meta.primaryKey.length === 0) {
      throw new GinoError(
        'NO_LOOKUP',
        `Model ${meta.qualifiedName} has no primary key: override lookup() to update or delete instances.`,
      )
    }
    const self = this as unknown as Bag
    const out: Record<string, unknown> = {}
    for (const column of meta.primaryKey) {
      if (self[column.attribute] === undefined || self[column.attribute] === null) {
        throw new GinoError(
          'NO_LOOKUP',
          `Instance of ${meta.qualifiedName} has no value for primary key "${column.attribute}".`,
        )
      }
      out[column.attribute] = self[column.attribute]
    }
    return out
  }

  /**
   * GINO's `instance.query`: `Model.query` where the row is this instance's (by
   * `lookup()`), loading instances. Typed on the model class (see `InstanceQuery`).
   *
   * @example
   * ```ts
   * const fresh = await db.one(user.query)
   * ```
   */
  get query(): unknown {
    const model = this.constructor as typeof ModelBase
    const meta = metaOf(model, 'query')
    let query = model.query as LooseSelect
    for (const [column, value] of Object.entries(this.lookupColumns()))
      query = query.where(`${meta.tableName}.${column}`, '=', value)
    return query
  }

  /** A column or property named `query` is stored on the instance itself. */
  set query(value: unknown) {
    Object.defineProperty(this, 'query', { value, writable: true, enumerable: true, configurable: true })
  }

  /**
   * GINO's `instance.select(...)`: the named columns (database names) of this instance's
   * row, fresh from the database, as a plain-row query.
   *
   * @example
   * ```ts
   * const balance = await db.scalar(user.select('balance'))
   * const { nickname } = (await db.one(user.select('nickname', 'balance')))
   * ```
   */
  select<T extends ModelBase, K extends keyof TableOf<T> & string>(
    this: T,
    ...columns: K[]
  ): SelectQueryBuilder<Record<string, TableOf<T>>, string, { [Q in K]: SelectType<TableOf<T>[Q]> }> {
    const model = this.constructor as typeof ModelBase
    const meta = metaOf(model, 'select()')
    if (columns.length === 0) throw new GinoError('UNKNOWN_COLUMN', `select() of ${meta.qualifiedName} needs at least one column.`)
    let query = model.select(...columns) as LooseSelect
    for (const [column, value] of Object.entries(this.lookupColumns()))
      query = query.where(`${meta.tableName}.${column}`, '=', value)
    return query as never
  }

  /**
   * Inserts this instance (JS defaults applied) and reads back only what the server fills
   * in (ids, server defaults, SQL expressions) with `RETURNING`: the instance then holds
   * every value. The statement is baked once per class and column set.
   */
  create(options?: CrudOptions): Promise<this> {
    try {
      const meta = metaOf(this.constructor, 'create()')
      const values = insertValues(meta, this)
      const model = this.constructor as typeof ModelBase
      for (const name in values) {
        if (isExpression(values[name])) return createWithExpressions(this, meta, model, values, options)
      }
      // One promise: a `then` on the statement's.
      const { baked, returns } = bakedCreate(model, meta, values)
      if (!returns) return baked.status(values, options).then(() => this)
      return baked.one(values, options).then((row) => {
        writeBack(meta, this, row)
        return this
      })
    } catch (error) {
      return rejectWith(error)
    }
  }

  /**
   * Changes attributes in memory now and returns a request whose `apply()` runs
   * `UPDATE ... RETURNING` for the changed columns and writes the results back.
   * Values may be SQL expressions (`sql\`balance + 100\``).
   *
   * @example
   * ```ts
   * await user.update({ nickname: 'daisy', balance: sql`balance + 100` }).apply()
   * ```
   */
  update<T extends ModelBase>(this: T, values: UpdateInputOf<T>): UpdateRequest<T> {
    return new UpdateRequest(this).update(values)
  }

  /**
   * Deletes the row this instance stands for; returns the status (`DELETE 1`, or
   * `DELETE 0`). The statement is baked once per class and lookup.
   */
  async delete(options?: CrudOptions): Promise<StatusResult<unknown>> {
    const meta = metaOf(this.constructor, 'delete()')
    const lookup = this.lookupColumns()
    const baked = bakedDelete(this.constructor as typeof ModelBase, meta, Object.keys(lookup))
    return baked.status(lookup, options)
  }

  /**
   * Resets a JSON property to its default (GINO's `del instance.prop`): its key leaves the
   * JSON column in memory, so reading it gives the default again (null without one). Like
   * every change it stays in memory; `update({ age: undefined }).apply()` does the same and
   * removes the key in the database.
   *
   * @example
   * ```ts
   * user.resetProperty('age')
   * user.age // 18, the default
   * await user.update({ age: undefined }).apply() // profile - 'age'
   * ```
   */
  resetProperty<T extends ModelBase>(this: T, name: PropertyNameOf<T>): void {
    const meta = metaOf(this.constructor)
    const property = meta.properties.get(name)
    if (property === undefined) throw unknownAttribute(meta, name)
    clearProperty(property, this as unknown as Bag)
  }

  /** Attribute values by attribute name: columns, then JSON properties (defaults applied). */
  toDict<T extends ModelBase>(this: T): AttributesOf<T> {
    const meta = metaOf(this.constructor)
    const self = this as unknown as Bag
    const out: Bag = {}
    for (const column of meta.columns)
      if (column.attribute in self) out[column.attribute] = self[column.attribute]
    for (const attribute of meta.properties.keys()) out[attribute] = self[attribute]
    return out as AttributesOf<T>
  }

  /** What `JSON.stringify` writes: `toDict()` plus anything a loader attached. */
  toJSON(): Record<string, unknown> {
    return { ...(this as unknown as Bag), ...(this.toDict() as Bag) }
  }
}

/** Declares a model on `db`; see `Gino.model`. `base` is the class to extend (an abstract model). */
export function defineModel(
  db: GinoDatabase,
  tableName: string,
  columns: ColumnMap,
  options: ModelOptions = {},
  base: typeof ModelBase = ModelBase,
): typeof ModelBase {
  const meta = buildMeta(db, tableName, columns, options)
  const model = class extends base {
    static override readonly [MODEL_META] = meta
  }
  Object.defineProperty(model, 'name', { value: `Model(${meta.qualifiedName})` })
  if (meta.properties.size > 0) installProperties(model.prototype, meta)
  registryOf(db).add(model)
  return model
}

export { keyValues, metaOf, UpdateRequest }
export type { ColumnBuilder, CrudOptions }
export type { Ident, KeyAttribute, KeyObject, KeyTuple } from '../model/primary-key-types.js'
export type {
  ColumnRefs,
  JoinDatabase,
  JoinName,
  JoinTarget,
  ModelClass,
  ModelInstance,
  ModelStatics,
  TypedAlias,
} from './model-class.js'

/** `create()` of values holding SQL expressions: compiled into the statement, so it is built for this call. */
async function createWithExpressions<M extends ModelBase>(
  instance: M,
  meta: ModelMeta,
  model: typeof ModelBase,
  values: Record<string, unknown>,
  options: CrudOptions | undefined,
): Promise<M> {
  const base = model.kysely().insertInto(meta.tableName).values(values)
  const returned = meta.columns
    .filter((column) => values[column.name] === undefined || isExpression(values[column.name]))
    .map((column) => column.name)
  const runner = runnerOf(options, meta.db)
  writeBack(meta, instance, await runner.one(base.returning(returned), execOptions(options)))
  return instance
}
