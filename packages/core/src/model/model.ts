import type { Kysely, SelectQueryBuilder, SelectType } from 'kysely'
import { CompiledQuery } from 'kysely'
import type { Gino } from '../gino.js'
import { GinoError, NoSuchRowError } from '../errors.js'
import { type RowLoader, TO_LOADER } from '../execution/loader-hook.js'
import type { QueryMethods } from '../execution/query-methods.js'
import type { StatusResult } from '../execution/query-types.js'
import { LoaderPlugin } from '../kysely/loader-plugin.js'
import type { ColumnBuilder } from './column.js'
import { type ColumnMeta, MODEL_META, type ModelMeta, type ModelOptions, buildMeta } from './model-meta.js'
import { ModelRowLoader } from './model-loader.js'
import { ModelAlias } from './alias.js'
import { type Joinable, type JoinOn, joinModels } from './join.js'
import type {
  ColumnMap,
  CreateInput,
  KyselyTable,
  ModelBuilders,
  ModelDatabase,
  ModelRow,
  UpdateInput,
} from './model-types.js'

/** Options of instance and class CRUD calls. */
export interface CrudOptions {
  /** Run on this engine or connection instead of the context's / `db.bind`. */
  bind?: QueryMethods
  /** Cancel the statement after this many milliseconds (server only). */
  timeout?: number
}

/** A primary key: a scalar, values in key order, or an object by attribute. */
export type Ident<C extends ColumnMap> = ModelRow<C>[keyof C] | readonly unknown[] | Partial<ModelRow<C>>

/** A column of a model, for foreign keys and qualified references (`String(User.columns.id)` is `users.id`). */
export interface ColumnRef {
  readonly table: string
  readonly schema: string | undefined
  readonly column: string
  readonly attribute: string
  toString(): string
}

/** A reference per attribute. */
export type ColumnRefs<C extends ColumnMap> = { readonly [K in keyof C]: ColumnRef }

// Constructors of any model class; `never[]` accepts every constructor signature.
type AnyModelClass = abstract new (...args: never[]) => ModelBase

const perClass = new WeakMap<object, Map<string, unknown>>()

function classCache(model: object): Map<string, unknown> {
  let cache = perClass.get(model)
  if (cache === undefined) perClass.set(model, (cache = new Map()))
  return cache
}

function once<T>(model: object, key: string, make: () => T): T {
  const cache = classCache(model)
  if (cache.has(key)) return cache.get(key) as T
  const value = make()
  cache.set(key, value)
  return value
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

function isExpression(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { toOperationNode?: unknown }).toOperationNode === 'function'
}

/**
 * The base of every model class. Instances are plain row containers: setting a property
 * changes memory only; nothing reaches the database until you run something
 * (`create`, `update(...).apply()`, `delete`).
 */
export class ModelBase {
  /** @internal */
  declare static readonly [MODEL_META]: ModelMeta

  constructor(values?: Record<string, unknown>) {
    if (values !== undefined) {
      const meta = metaOf(this.constructor)
      for (const [key, value] of Object.entries(values)) {
        if (!meta.byAttribute.has(key)) throw unknownAttribute(meta, key)
        ;(this as Record<string, unknown>)[key] = value
      }
    }
  }

  /** @internal The model's metadata. */
  static get meta(): ModelMeta {
    return metaOf(this)
  }

  /** Table name. */
  static get tableName(): string {
    return metaOf(this).tableName
  }

  /** The `Gino` instance the model is declared against. */
  static get db(): Gino<object> {
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

  /** The loader that turns rows of this table into instances of this class. */
  static [TO_LOADER](): RowLoader<unknown> {
    return once(this, 'loader', () => new ModelRowLoader(this.prototype, metaOf(this).columns))
  }

  /** @internal Kysely typed for this table. */
  static kysely(): Kysely<Record<string, Record<string, unknown>>> {
    const meta = metaOf(this)
    const kysely = meta.db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>
    return meta.schema === undefined ? kysely : kysely.withSchema(meta.schema)
  }

  static get query(): unknown {
    return once(this, 'query', () => {
      const meta = metaOf(this)
      const plugin = new LoaderPlugin(this[TO_LOADER]())
      return this.kysely()
        .withPlugin(plugin)
        .selectFrom(meta.tableName)
        .select(meta.columns.map((column) => `${meta.tableName}.${column.name}`))
    })
  }

  static select(...columns: string[]): unknown {
    const meta = metaOf(this)
    for (const column of columns) {
      if (!meta.byName.has(column)) throw unknownColumn(meta, column)
    }
    return this.kysely().selectFrom(meta.tableName).select(columns)
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

  static get insert(): unknown {
    return this.kysely().insertInto(metaOf(this).tableName)
  }

  static get update(): unknown {
    return this.kysely().updateTable(metaOf(this).tableName)
  }

  static get delete(): unknown {
    return this.kysely().deleteFrom(metaOf(this).tableName)
  }

  /**
   * Inserts a row and returns it as an instance, refreshed from `RETURNING` (server
   * defaults included).
   */
  static create(values: Record<string, unknown>, options?: CrudOptions): Promise<unknown> {
    const instance = Object.create(this.prototype as object) as ModelBase
    for (const [key, value] of Object.entries(values)) {
      if (!metaOf(this).byAttribute.has(key)) throw unknownAttribute(metaOf(this), key)
      ;(instance as unknown as Record<string, unknown>)[key] = value
    }
    return instance.create(options)
  }

  /** The row with this primary key as an instance, or null. */
  static async get(ident: unknown, options?: CrudOptions): Promise<unknown> {
    const meta = metaOf(this)
    const values = keyValues(meta, ident)
    const sql = once(this, 'get.sql', () => {
      const compiled = this.kysely()
        .selectFrom(meta.tableName)
        .select(meta.columns.map((column) => column.name))
        .where((eb) => eb.and(meta.primaryKey.map((column, i) => eb(column.name, '=', `__${i}`))))
        .compile()
      return compiled.sql
    })
    const runner = options?.bind ?? meta.db
    return runner.first(CompiledQuery.raw(sql, values), { loader: this[TO_LOADER](), ...timeoutOf(options) })
  }

  /** @internal Column name → value for the row this instance stands for (`lookup()` by column). */
  lookupColumns(): Record<string, unknown> {
    const meta = metaOf(this.constructor)
    const lookup = this.lookup()
    const out: Record<string, unknown> = {}
    for (const [attribute, value] of Object.entries(lookup)) {
      const column = meta.byAttribute.get(attribute)
      if (column === undefined) throw unknownAttribute(meta, attribute)
      out[column.name] = value
    }
    return out
  }

  /**
   * Which row this instance stands for, by attribute: the primary key by default.
   * Override it for models without one (or to match on another unique key).
   */
  lookup(): Record<string, unknown> {
    const meta = metaOf(this.constructor)
    if (meta.primaryKey.length === 0) {
      throw new GinoError('NO_LOOKUP', `Model ${meta.tableName} has no primary key: override lookup() to update or delete instances.`)
    }
    const self = this as unknown as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const column of meta.primaryKey) {
      if (self[column.attribute] === undefined) {
        throw new GinoError('NO_LOOKUP', `Instance of ${meta.tableName} has no value for primary key "${column.attribute}".`)
      }
      out[column.attribute] = self[column.attribute]
    }
    return out
  }

  /** Inserts this instance (JS defaults applied) and refreshes it from `RETURNING`. */
  async create(options?: CrudOptions): Promise<this> {
    const meta = metaOf(this.constructor)
    const self = this as unknown as Record<string, unknown>
    const values: Record<string, unknown> = {}
    for (const column of meta.columns) {
      let value = self[column.attribute]
      if (value === undefined && column.spec.defaultValue !== undefined) {
        const fallback = column.spec.defaultValue.value
        value = typeof fallback === 'function' ? (fallback as () => unknown)() : fallback
      }
      if (value !== undefined) values[column.name] = value
    }
    const kysely = (this.constructor as typeof ModelBase).kysely()
    const base = kysely.insertInto(meta.tableName)
    const query = (Object.keys(values).length ? base.values(values) : base.defaultValues()).returning(
      meta.columns.map((column) => column.name),
    )
    const runner = options?.bind ?? meta.db
    const row = await runner.one(query, timeoutOf(options))
    writeBack(meta, self, row)
    return this
  }

  /**
   * Changes attributes in memory now and returns a request whose `apply()` runs
   * `UPDATE ... RETURNING` for the changed columns and writes the results back.
   * Values may be SQL expressions (`sql\`balance + 100\``).
   */
  update(values: Record<string, unknown>): UpdateRequest<this> {
    return new UpdateRequest(this).update(values)
  }

  /** Deletes the row this instance stands for; returns the status (`DELETE 1`). */
  async delete(options?: CrudOptions): Promise<StatusResult<unknown>> {
    const meta = metaOf(this.constructor)
    const where = this.lookupColumns()
    let query = (this.constructor as typeof ModelBase).kysely().deleteFrom(meta.tableName)
    for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value)
    const runner = options?.bind ?? meta.db
    return runner.status(query, timeoutOf(options))
  }

  /** Attribute values, by attribute name. */
  toDict(): Record<string, unknown> {
    const meta = metaOf(this.constructor)
    const self = this as unknown as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const column of meta.columns) if (column.attribute in self) out[column.attribute] = self[column.attribute]
    return out
  }

  /** What `JSON.stringify` writes: attributes plus anything a loader attached. */
  toJSON(): Record<string, unknown> {
    return { ...(this as unknown as Record<string, unknown>) }
  }
}

/** A pending instance update; see `ModelBase.update`. */
export class UpdateRequest<T extends ModelBase> {
  readonly #instance: T
  readonly #values = new Map<string, unknown>()

  constructor(instance: T) {
    this.#instance = instance
  }

  /** Adds more changes to this request. */
  update(values: Record<string, unknown>): this {
    const meta = metaOf(this.#instance.constructor)
    const self = this.#instance as unknown as Record<string, unknown>
    for (const [attribute, value] of Object.entries(values)) {
      if (!meta.byAttribute.has(attribute)) throw unknownAttribute(meta, attribute)
      this.#values.set(attribute, value)
      if (!isExpression(value)) self[attribute] = value
    }
    return this
  }

  /** Runs the UPDATE; `NoSuchRowError` when the row is gone. Returns the instance. */
  async apply(options?: CrudOptions): Promise<T> {
    const instance = this.#instance
    const meta = metaOf(instance.constructor)
    if (this.#values.size === 0) return instance
    const set: Record<string, unknown> = {}
    for (const [attribute, value] of this.#values) set[meta.byAttribute.get(attribute)!.name] = value
    const where = instance.lookupColumns()
    let query = (instance.constructor as typeof ModelBase).kysely().updateTable(meta.tableName).set(set)
    for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value)
    const returning = query.returning(Object.keys(set))
    const runner = options?.bind ?? meta.db
    const row = await runner.first(returning, timeoutOf(options))
    if (row === null) throw new NoSuchRowError(`No ${meta.tableName} row matches ${JSON.stringify(where)}.`)
    writeBack(meta, instance as unknown as Record<string, unknown>, row)
    this.#values.clear()
    return instance
  }
}

function timeoutOf(options: CrudOptions | undefined): { timeout?: number } {
  return options?.timeout === undefined ? {} : { timeout: options.timeout }
}

function writeBack(meta: ModelMeta, target: Record<string, unknown>, row: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(row)) {
    const column = meta.byName.get(name)
    if (column !== undefined) target[column.attribute] = value
  }
}

/** The metadata of a model class; a clear error for classes that are not models. */
export function metaOf(model: unknown): ModelMeta {
  const meta = (model as { [MODEL_META]?: ModelMeta } | undefined)?.[MODEL_META]
  if (meta === undefined) throw new GinoError('NOT_A_MODEL', 'Expected a model class declared with db.model(...).')
  return meta
}

function unknownAttribute(meta: ModelMeta, key: string): GinoError {
  return new GinoError(
    'UNKNOWN_ATTRIBUTE',
    `${meta.tableName} has no attribute "${key}"; attributes: ${meta.columns.map((c) => c.attribute).join(', ')}.`,
  )
}

function unknownColumn(meta: ModelMeta, key: string): GinoError {
  return new GinoError(
    'UNKNOWN_COLUMN',
    `${meta.tableName} has no column "${key}"; columns: ${meta.columns.map((c) => c.name).join(', ')}.`,
  )
}

/** Primary-key values in key order from a scalar, an array or an object by attribute. */
export function keyValues(meta: ModelMeta, ident: unknown): unknown[] {
  const key: readonly ColumnMeta[] = meta.primaryKey
  if (key.length === 0) throw new GinoError('NO_PRIMARY_KEY', `Model ${meta.tableName} has no primary key.`)
  let values: unknown[]
  if (Array.isArray(ident)) values = ident as unknown[]
  else if (isPlainObject(ident)) {
    values = key.map((column) => {
      if (!(column.attribute in ident)) {
        throw new GinoError('INVALID_IDENT', `Missing primary key part "${column.attribute}" for ${meta.tableName}.`)
      }
      return ident[column.attribute]
    })
    const extra = Object.keys(ident).filter((name) => !key.some((column) => column.attribute === name))
    if (extra.length) throw new GinoError('INVALID_IDENT', `"${extra.join(', ')}" is not part of the primary key of ${meta.tableName}.`)
  } else values = [ident]
  if (values.length !== key.length) {
    throw new GinoError(
      'INVALID_IDENT',
      `${meta.tableName} has a ${key.length}-part primary key (${key.map((c) => c.attribute).join(', ')}), got ${values.length} value(s).`,
    )
  }
  if (values.some((value) => value === undefined || value === null)) {
    throw new GinoError('INVALID_IDENT', `Primary key values of ${meta.tableName} cannot be null or undefined.`)
  }
  return values
}

/** Instances of a model declared with columns `C`. */
export type ModelInstance<C extends ColumnMap> = ModelBase & ModelRow<C> & {
  update(values: UpdateInput<C>): UpdateRequest<ModelBase & ModelRow<C>>
}

/** The static side of a model class. */
export interface ModelStatics<TN extends string, C extends ColumnMap> extends ModelBuilders<TN, C, ModelInstance<C>> {
  readonly tableName: TN
  readonly db: Gino<object>
  readonly columns: ColumnRefs<C>
  readonly meta: ModelMeta
  /** Inserts and returns an instance refreshed from `RETURNING`. */
  create<M extends AnyModelClass>(this: M, values: CreateInput<C>, options?: CrudOptions): Promise<InstanceType<M>>
  /** By primary key: a scalar, values in key order, or an object by attribute; null when absent. */
  get<M extends AnyModelClass>(this: M, ident: Ident<C>, options?: CrudOptions): Promise<InstanceType<M> | null>
  /** A plain-row select of chosen columns. */
  select<K extends keyof KyselyTable<C> & string>(
    ...columns: K[]
  ): SelectQueryBuilder<ModelDatabase<TN, C>, TN, { [P in K]: SelectType<KyselyTable<C>[P]> }>
  [TO_LOADER](): RowLoader<ModelInstance<C>>
  /** @internal Type-level carrier of the column declaration. */
  readonly __columns: C
  /** A second name for this table, for self-joins. */
  alias<const A extends string>(name: A): TypedAlias<TN, C, A>
  /** Inner join with another model or alias; `ON` from the single foreign key unless given. */
  join<O extends JoinTarget>(other: O, on?: JoinOn): SelectQueryBuilder<ModelDatabase<TN, C> & JoinDatabase<O, false>, TN | JoinName<O>, object>
  /** Left outer join with another model or alias; its columns read as nullable. */
  outerJoin<O extends JoinTarget>(other: O, on?: JoinOn): SelectQueryBuilder<ModelDatabase<TN, C> & JoinDatabase<O, true>, TN | JoinName<O>, object>
}

/** An alias of a model, typed. */
export interface TypedAlias<TN extends string, C extends ColumnMap, A extends string> extends ModelAlias {
  readonly name: A
  readonly columns: ColumnRefs<C>
  readonly __table: TN
  readonly __columns: C
  [TO_LOADER](): RowLoader<ModelInstance<C>>
}

/** What a model can join: another model class or an alias. */
export type JoinTarget = { readonly tableName: string; readonly __columns: ColumnMap } | TypedAlias<string, ColumnMap, string>

type NullableTable<T> = { [K in keyof T]: SelectType<T[K]> | null }
type MaybeNullable<T, N extends boolean> = N extends true ? NullableTable<T> : T

/** The Kysely tables a join target adds. */
export type JoinDatabase<O, N extends boolean> =
  O extends TypedAlias<string, infer C, infer A>
    ? { [K in A]: MaybeNullable<KyselyTable<C>, N> }
    : O extends { readonly tableName: infer TN extends string; readonly __columns: infer C extends ColumnMap }
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
 * add methods and getters.
 */
export type ModelClass<TN extends string, C extends ColumnMap> = (new (values?: UpdateInput<C>) => ModelInstance<C>) &
  ModelStatics<TN, C>

/** Declares a model on `db`; see `Gino.model`. */
export function defineModel<const TN extends string, C extends ColumnMap>(
  db: Gino<object>,
  tableName: TN,
  columns: C,
  options: ModelOptions = {},
): ModelClass<TN, C> {
  const meta = buildMeta(db, tableName, columns, options)
  const model = class extends ModelBase {
    static override readonly [MODEL_META] = meta
  }
  Object.defineProperty(model, 'name', { value: `Model(${tableName})` })
  return model as unknown as ModelClass<TN, C>
}

export type { ColumnBuilder }
