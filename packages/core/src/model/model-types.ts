import type { ColumnType, DeleteQueryBuilder, DeleteResult, InsertQueryBuilder, InsertResult, SelectQueryBuilder, UpdateQueryBuilder, UpdateResult, Expression } from 'kysely'
import type { ColumnBuilder, ColumnDbName, ColumnOptional, ColumnValue } from './column.js'

/** The columns of a model, by attribute name. */
export type ColumnMap = Record<string, ColumnBuilder<unknown, boolean, string>>

/** Attribute values of an instance. */
export type ModelRow<C extends ColumnMap> = { -readonly [K in keyof C]: ColumnValue<C[K]> }

/** A value or an SQL expression computing it (`sql\`balance + 100\``). */
export type ValueOrExpression<T> = T | Expression<T>

type RequiredKeys<C extends ColumnMap> = { [K in keyof C]: ColumnOptional<C[K]> extends true ? never : K }[keyof C]
type OptionalKeys<C extends ColumnMap> = { [K in keyof C]: ColumnOptional<C[K]> extends true ? K : never }[keyof C]

/** `create()` input: columns without a default and not nullable are required. */
export type CreateInput<C extends ColumnMap> = { [K in RequiredKeys<C>]: ValueOrExpression<ColumnValue<C[K]>> } & {
  [K in OptionalKeys<C>]?: ValueOrExpression<ColumnValue<C[K]>>
}

/** `update()` input: any subset of attributes, values or SQL expressions. */
export type UpdateInput<C extends ColumnMap> = { [K in keyof C]?: ValueOrExpression<ColumnValue<C[K]>> }

/** The Kysely table type of a model: keyed by database column names. */
export type KyselyTable<C extends ColumnMap> = {
  [K in keyof C as ColumnDbName<K, C[K]>]: ColumnOptional<C[K]> extends true
    ? ColumnType<ColumnValue<C[K]>, ColumnValue<C[K]> | undefined, ColumnValue<C[K]>>
    : ColumnValue<C[K]>
}

/** A one-table Kysely database type for a model. */
export type ModelDatabase<TN extends string, C extends ColumnMap> = { [K in TN]: KyselyTable<C> }

/** Builders a model class offers, typed by its table. */
export interface ModelBuilders<TN extends string, C extends ColumnMap, I> {
  /** A select of the table whose rows load as instances (`db.all(User.query.where(...))`). */
  readonly query: SelectQueryBuilder<ModelDatabase<TN, C>, TN, I>
  /** `INSERT INTO` the table. */
  readonly insert: InsertQueryBuilder<ModelDatabase<TN, C>, TN, InsertResult>
  /** `UPDATE` the table (class level; instances have `update(values).apply()`). */
  readonly update: UpdateQueryBuilder<ModelDatabase<TN, C>, TN, TN, UpdateResult>
  /** `DELETE FROM` the table (class level; instances have `delete()`). */
  readonly delete: DeleteQueryBuilder<ModelDatabase<TN, C>, TN, DeleteResult>
}
