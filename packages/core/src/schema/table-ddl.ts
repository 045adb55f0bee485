import {
  type Compilable,
  type CreateIndexBuilder,
  type CreateTableBuilder,
  type RawBuilder,
  type SchemaModule,
  sql,
} from 'kysely'
import type { GinoDatabase } from '../model/gino-database.js'
import type { ForeignKeyMeta, IndexMeta, ModelMeta } from '../model/model-meta.js'
import { dataType } from './data-type.js'
import { LiteralValuesPlugin } from './literal-values-plugin.js'
import { qualify } from './qualified.js'

/** Kysely's schema builder of a `db`, writing values as literals. */
export function schemaOf(db: GinoDatabase): SchemaModule {
  return db.kysely.schema.withPlugin(new LiteralValuesPlugin())
}

/** `schema.table.column` (or `table.column`) of a foreign key's first target column. */
function referenceOf(fk: ForeignKeyMeta): string {
  const target = fk.target()
  return `${qualify(target.schema, target.table)}.${target.columns[0]!}`
}

/**
 * `CREATE TABLE` for a model: columns with their types, NOT NULL, defaults, identity,
 * column checks, uniques and foreign keys; then the table-level primary key, uniques,
 * checks and foreign keys. Foreign keys in `skip` are left out (added later, for cycles).
 */
export function createTableQuery(
  meta: ModelMeta,
  options: { ifNotExists: boolean; skip?: ReadonlySet<ForeignKeyMeta> },
): CreateTableBuilder<string, string> {
  const schema = schemaOf(meta.db)
  // Typed with every column name, since the columns are added in a loop.
  let builder = schema.createTable(
    qualify(meta.schema, meta.tableName),
  ) as unknown as CreateTableBuilder<string, string>
  if (options.ifNotExists) builder = builder.ifNotExists()
  const inlinePrimaryKey = meta.primaryKey.length === 1 && meta.primaryKey[0]!.spec.primaryKey
  const inlineReferences = new Map<string, ForeignKeyMeta>()
  for (const fk of meta.foreignKeys) {
    if (fk.inline && !options.skip?.has(fk)) inlineReferences.set(fk.columns[0]!, fk)
  }
  for (const column of meta.columns) {
    const { spec } = column
    builder = builder.addColumn(column.name, dataType(column), (col) => {
      if (inlinePrimaryKey && meta.primaryKey[0] === column) col = col.primaryKey()
      else if (!spec.nullable) col = col.notNull()
      if (spec.unique) col = col.unique()
      if (spec.identity === 'always') col = col.generatedAlwaysAsIdentity()
      else if (spec.identity === 'by default') col = col.generatedByDefaultAsIdentity()
      if (spec.serverDefault !== undefined) col = col.defaultTo(spec.serverDefault)
      if (spec.check !== undefined) col = col.check(spec.check)
      const fk = inlineReferences.get(column.name)
      if (fk !== undefined) {
        col = col.references(referenceOf(fk))
        if (fk.onDelete !== undefined) col = col.onDelete(fk.onDelete)
        if (fk.onUpdate !== undefined) col = col.onUpdate(fk.onUpdate)
      }
      return col
    })
  }
  if (meta.primaryKey.length > 0 && !inlinePrimaryKey) {
    builder = builder.addPrimaryKeyConstraint(
      `${meta.tableName}_pkey`,
      meta.primaryKey.map((column) => column.name),
    )
  }
  for (const unique of meta.uniques)
    builder = builder.addUniqueConstraint(unique.name, [...unique.columns])
  for (const check of meta.checks)
    builder = builder.addCheckConstraint(check.name, check.expression)
  for (const fk of meta.foreignKeys) {
    if (fk.inline || options.skip?.has(fk)) continue
    const target = fk.target()
    builder = builder.addForeignKeyConstraint(
      fk.name,
      [...fk.columns],
      qualify(target.schema, target.table),
      [...target.columns],
      (cb) => {
        if (fk.onDelete !== undefined) cb = cb.onDelete(fk.onDelete)
        if (fk.onUpdate !== undefined) cb = cb.onUpdate(fk.onUpdate)
        return cb
      },
    )
  }
  return builder
}

/** `COMMENT ON TABLE` / `COMMENT ON COLUMN` statements for the model's comments (text as literals). */
export function commentQueries(meta: ModelMeta): RawBuilder<unknown>[] {
  const table = sql.table(qualify(meta.schema, meta.tableName))
  const out: RawBuilder<unknown>[] = []
  if (meta.options.comment !== undefined) {
    out.push(sql`COMMENT ON TABLE ${table} IS ${sql.lit(meta.options.comment)}`)
  }
  for (const column of meta.columns) {
    const text = column.spec.comment
    if (text === undefined) continue
    const target = sql.ref(`${qualify(meta.schema, meta.tableName)}.${column.name}`)
    out.push(sql`COMMENT ON COLUMN ${target} IS ${sql.lit(text)}`)
  }
  return out
}

/** `CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table [USING method] (...) [WHERE ...]`. */
export function createIndexQuery(
  meta: ModelMeta,
  index: IndexMeta,
  ifNotExists: boolean,
): CreateIndexBuilder {
  let builder: CreateIndexBuilder = schemaOf(meta.db)
    .createIndex(index.name)
    .on(qualify(meta.schema, meta.tableName))
  if (ifNotExists) builder = builder.ifNotExists()
  if (index.unique) builder = builder.unique()
  if (index.method !== undefined) builder = builder.using(index.method)
  if (index.columns.length > 0) builder = builder.columns([...index.columns])
  for (const expression of index.expressions) builder = builder.expression(sql`(${expression})`)
  if (index.where !== undefined)
    builder = builder.where(index.where as Parameters<CreateIndexBuilder['where']>[0] & object)
  return builder
}

/** `ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY`, for foreign keys deferred out of a cycle. */
export function addForeignKeyQuery(meta: ModelMeta, fk: ForeignKeyMeta): Compilable<unknown> {
  const target = fk.target()
  let builder = schemaOf(meta.db)
    .alterTable(qualify(meta.schema, meta.tableName))
    .addForeignKeyConstraint(fk.name, [...fk.columns], qualify(target.schema, target.table), [
      ...target.columns,
    ])
  if (fk.onDelete !== undefined) builder = builder.onDelete(fk.onDelete)
  if (fk.onUpdate !== undefined) builder = builder.onUpdate(fk.onUpdate)
  return builder
}

/** `ALTER TABLE ... DROP CONSTRAINT IF EXISTS ...`. */
export function dropConstraintQuery(meta: ModelMeta, name: string): Compilable<unknown> {
  return schemaOf(meta.db)
    .alterTable(qualify(meta.schema, meta.tableName))
    .dropConstraint(name)
    .ifExists()
}

/** `DROP TABLE [IF EXISTS] ...`. */
export function dropTableQuery(meta: ModelMeta, ifExists: boolean): Compilable<unknown> {
  const builder = schemaOf(meta.db).dropTable(qualify(meta.schema, meta.tableName))
  return ifExists ? builder.ifExists() : builder
}
