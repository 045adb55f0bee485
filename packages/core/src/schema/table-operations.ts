import type { GinoDatabase } from '../model/gino-database.js'
import type { QueryMethods } from '../execution/query-methods.js'
import type { EnumTypeSpec } from '../model/column.js'
import { inTransaction } from '../execution/in-transaction.js'
import type { ModelMeta } from '../model/model-meta.js'
import { typeExists } from './catalog.js'
import { enumsOf } from './enum-ddl.js'
import { createSequenceQuery, sequencesOf } from './sequence.js'
import { qualify } from './qualified.js'
import { commentQueries, createIndexQuery, createTableQuery, dropTableQuery, schemaOf } from './table-ddl.js'

/** Options of `Model.createTable()`. */
export interface CreateTableOptions {
  /** Skip what exists already (`IF NOT EXISTS`; enums looked up first). Default `true`. */
  checkFirst?: boolean
  /** Run on this engine or connection instead of the context's / `db.bind`. */
  bind?: QueryMethods
}

/** Options of `Model.dropTable()`. */
export interface DropTableOptions {
  /** `IF EXISTS`. Default `true`. */
  checkFirst?: boolean
  /** Run on this engine or connection instead of the context's / `db.bind`. */
  bind?: QueryMethods
}

/** `CREATE TYPE ... AS ENUM` for each enum (skipping existing ones when `checkFirst`). */
export async function createEnums(
  db: GinoDatabase,
  runner: QueryMethods,
  enums: readonly EnumTypeSpec[],
  checkFirst: boolean,
): Promise<void> {
  for (const type of enums) {
    if (checkFirst && (await typeExists(runner, type.schema, type.name))) continue
    await runner.status(
      schemaOf(db)
        .createType(qualify(type.schema, type.name))
        .asEnum([...type.values]),
    )
  }
}

/** Creates one table with its enums and indexes, in one transaction. */
export async function createTable(
  meta: ModelMeta,
  options: CreateTableOptions = {},
): Promise<void> {
  const runner = options.bind ?? meta.db
  const checkFirst = options.checkFirst ?? true
  await inTransaction(runner, async () => {
    await createEnums(meta.db, runner, enumsOf([meta]), checkFirst)
    for (const sequence of sequencesOf([meta])) await runner.status(createSequenceQuery(sequence, checkFirst))
    await runner.status(createTableQuery(meta, { ifNotExists: checkFirst }))
    for (const index of meta.indexes) await runner.status(createIndexQuery(meta, index, checkFirst))
    for (const comment of commentQueries(meta)) await runner.status(comment)
  })
}

/** Drops one table (its indexes go with it; enum types stay). */
export async function dropTable(meta: ModelMeta, options: DropTableOptions = {}): Promise<void> {
  const runner = options.bind ?? meta.db
  await runner.status(dropTableQuery(meta, options.checkFirst ?? true))
}
