import type {
  ColumnType,
  DeleteQueryBuilder,
  DeleteResult,
  Expression,
  InsertQueryBuilder,
  InsertResult,
  SelectQueryBuilder,
  UpdateQueryBuilder,
  UpdateResult,
} from 'kysely'
import type {
  ColumnBuilder,
  ColumnDbName,
  ColumnOptional,
  ColumnServerOptional,
  ColumnValue,
} from './column.js'
import type { NoProperties, PropertyMap, PropertyValue } from './json-property.js'

/** The columns of a model, by attribute name. */
export type ColumnMap = Record<string, ColumnBuilder<unknown, boolean, string, boolean, boolean>>

/** Attribute values of an instance (columns). */
export type ModelRow<C extends ColumnMap> = { -readonly [K in keyof C]: ColumnValue<C[K]> }

/** Attribute values of an instance's JSON properties. */
export type PropertyRow<P extends PropertyMap> = { -readonly [K in keyof P]: PropertyValue<P[K]> }

/** Every attribute of an instance: columns and JSON properties. */
export type ModelAttributes<
  C extends ColumnMap,
  P extends PropertyMap = NoProperties,
> = ModelRow<C> & PropertyRow<P>

/** A value or an SQL expression computing it (`sql\`balance + 100\``). */
export type ValueOrExpression<T> = T | Expression<T>

/** A column named by attribute or by database name (indexes, constraints, conflict targets). */
export type ColumnKey<C extends ColumnMap> =
  (keyof C & string) | ({ [K in keyof C]: ColumnDbName<K, C[K]> }[keyof C] & string)

type RequiredKeys<C extends ColumnMap> = {
  [K in keyof C]: ColumnOptional<C[K]> extends true ? never : K
}[keyof C]
type OptionalKeys<C extends ColumnMap> = {
  [K in keyof C]: ColumnOptional<C[K]> extends true ? K : never
}[keyof C]

/**
 * `create()` input: columns without a default and not nullable are required; the rest
 * and every JSON property are optional. Unknown keys are a compile error.
 */
export type CreateInput<C extends ColumnMap, P extends PropertyMap = NoProperties> = {
  [K in RequiredKeys<C>]: ValueOrExpression<ColumnValue<C[K]>>
} & { [K in OptionalKeys<C>]?: ValueOrExpression<ColumnValue<C[K]>> } & {
  [K in keyof P]?: PropertyValue<P[K]>
}

/** `update()` input: any subset of attributes and properties, values or SQL expressions. */
export type UpdateInput<C extends ColumnMap, P extends PropertyMap = NoProperties> = {
  [K in keyof C]?: ValueOrExpression<ColumnValue<C[K]>>
} & { [K in keyof P]?: ValueOrExpression<PropertyValue<P[K]>> }

/**
 * The Kysely table type of a model: keyed by database column names. An insert through
 * Kysely may omit a column only when the server fills it in or it is nullable (JS
 * defaults are applied by `create()` / `insertMany()`, not by plain Kysely).
 */
export type KyselyTable<C extends ColumnMap> = {
  [K in keyof C as ColumnDbName<K, C[K]>]: ColumnServerOptional<C[K]> extends true
    ? ColumnType<ColumnValue<C[K]>, ColumnValue<C[K]> | undefined, ColumnValue<C[K]>>
    : ColumnValue<C[K]>
}

/** A one-table Kysely database type for a model. */
export type ModelDatabase<TN extends string, C extends ColumnMap> = { [K in TN]: KyselyTable<C> }

/** The declaration types an instance carries (type-level only). */
export interface ModelTypes<C extends ColumnMap, P extends PropertyMap> {
  readonly columns: C
  readonly properties: P
}

/** Key of the type-only marker on instances that lets instance methods know their model's columns. */
export const MODEL_TYPES: unique symbol = Symbol.for('gino-ts.modelTypes')

/** Marks an instance type with its declaration (never set at runtime). */
export interface TypedInstance<C extends ColumnMap, P extends PropertyMap> {
  readonly [MODEL_TYPES]?: ModelTypes<C, P>
}

/** The `update()` input of an instance type (a loose record for untyped `ModelBase`). */
export type UpdateInputOf<T> =
  T extends TypedInstance<infer C, infer P> ? UpdateInput<C, P> : Record<string, unknown>

/** The Kysely table type of an instance type's model (a loose record for untyped `ModelBase`). */
export type TableOf<T> =
  T extends TypedInstance<infer C, PropertyMap> ? KyselyTable<C> : Record<string, unknown>

/** The JSON property names of an instance type (`string` for untyped `ModelBase`). */
export type PropertyNameOf<T> =
  T extends TypedInstance<ColumnMap, infer P> ? keyof P & string : string

/** The `toDict()` result of an instance type. */
export type AttributesOf<T> =
  T extends TypedInstance<infer C, infer P> ? ModelAttributes<C, P> : Record<string, unknown>

/** Builders a model class offers, typed by its table. */
export interface ModelBuilders<TN extends string, C extends ColumnMap, I> {
  /**
   * A select of the table whose rows load as instances (`db.all(User.query.where(...))`).
   * At run time they are instances of your subclass; TypeScript types them by the
   * declaration only, as a static property cannot see the subclass it is read from,
   * unless the class names itself with `.of<User>()` (`class User extends
   * db.model(...).of<User>() {}`). Or write `User.selectAll()` (the same query).
   */
  readonly query: SelectQueryBuilder<ModelDatabase<TN, C>, TN, I>
  /** `INSERT INTO` the table (plain Kysely: `db.all(User.insert.values(rows).returningAll())`). */
  readonly insert: InsertQueryBuilder<ModelDatabase<TN, C>, TN, InsertResult>
  /** `UPDATE` the table (class level; instances have `update(values).apply()`). */
  readonly update: UpdateQueryBuilder<ModelDatabase<TN, C>, TN, TN, UpdateResult>
  /** `DELETE FROM` the table (class level; instances have `delete()`). */
  readonly delete: DeleteQueryBuilder<ModelDatabase<TN, C>, TN, DeleteResult>
}
