import type { ColumnMap, KyselyTable } from '../model/model-types.js'

/** What `DatabaseOf` reads of a model class: its table name and column declaration. */
export interface TableModel {
  readonly tableName: string
  /** @internal Type-level carrier of the column declaration. */
  readonly __columns: ColumnMap
}

/**
 * The Kysely database type of a set of models: one table per model, keyed by table name
 * and typed by the columns' database names. Give it to `Gino` to type `db.kysely` (and,
 * through `GinoRegister`, the frameworks' `request.db`); the models may be declared on that
 * very `db` below it.
 *
 * @example
 * ```ts
 * type Database = DatabaseOf<typeof User | typeof Book>
 * export const db: Gino<Database> = new Gino()
 * class User extends db.model('users', { id: column.serial().primaryKey(), name: column.text() }) {}
 * class Book extends db.model('books', { id: column.serial().primaryKey(), title: column.text() }) {}
 *
 * await db.kysely.selectFrom('users').select(['id', 'name']).execute()
 * ```
 */
export type DatabaseOf<M extends TableModel> = {
  [T in M as T['tableName']]: KyselyTable<T['__columns']>
}
