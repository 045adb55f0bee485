import type { GinoDatabase } from '../model/gino-database.js'
import type { QueryMethods } from '../execution/query-methods.js'
import { inTransaction } from '../execution/in-transaction.js'
import { metaOf } from '../model/meta-of.js'
import type { SequenceSpec } from '../model/column.js'
import type { ModelMeta } from '../model/model-meta.js'
import { registryOf } from '../model/model-registry.js'
import { constraintExists } from './catalog.js'
import { inSchema } from './in-schema.js'
import { dependencyOrder } from './dependency-order.js'
import { enumsOf } from './enum-ddl.js'
import { createSequenceQuery, dropSequenceQuery, sequencesOf } from './sequence.js'
import { qualify } from './qualified.js'
import { createEnums } from './table-operations.js'
import {
  addForeignKeyQuery,
  commentQueries,
  createIndexQuery,
  createTableQuery,
  dropConstraintQuery,
  dropTableQuery,
  schemaOf,
} from './table-ddl.js'

/** Options of `db.createAll()` / `db.dropAll()`. */
export interface SchemaOptions {
  /**
   * Skip what exists (create) or is missing (drop): `IF [NOT] EXISTS`, enum and
   * constraint lookups. Default `true`, so running `createAll()` twice is harmless.
   */
  checkFirst?: boolean
  /** Run on this engine or connection instead of the context's / `db.bind`. */
  bind?: QueryMethods
  /** Only these models (default: every model declared on the `db`). */
  models?: readonly object[]
  /**
   * Work in this schema: models (enums, sequences) without an explicit schema are created
   * or dropped there (`search_path` is set to it for the operation's transaction only),
   * as for a tenant's schema. The name is sent quoted; check it if it comes from outside.
   */
  schema?: string
  /** `createAll()` with `schema`: create the schema first when it does not exist. Default false. */
  createSchema?: boolean
}

function selected(db: GinoDatabase, options: SchemaOptions, operation: string): ModelMeta[] {
  const models = options.models ?? registryOf(db).models
  return models.map((model) => metaOf(model, operation))
}

/**
 * The sequences the operation handles: those the models' columns use, and, for the whole
 * schema (no `models` option), every one declared with `db.sequence()`.
 */
function schemaSequences(db: GinoDatabase, options: SchemaOptions, metas: readonly ModelMeta[]): SequenceSpec[] {
  const found = new Map(sequencesOf(metas).map((spec) => [qualify(spec.schema, spec.name), spec]))
  if (options.models === undefined) {
    for (const spec of registryOf(db).sequences) found.set(qualify(spec.schema, spec.name), spec)
  }
  return [...found.values()]
}

/**
 * Creates enums, then tables in foreign-key order with their constraints and indexes,
 * then foreign keys that close a cycle; all in one transaction (PostgreSQL DDL is
 * transactional).
 */
export async function createAll(db: GinoDatabase, options: SchemaOptions = {}): Promise<void> {
  const metas = selected(db, options, 'createAll()')
  const runner = options.bind ?? db
  const checkFirst = options.checkFirst ?? true
  const { order, deferred } = dependencyOrder(metas)
  await inTransaction(runner, () => inSchema(runner, options.schema, options.createSchema === true, async () => {
    await createEnums(db, runner, enumsOf(order), checkFirst)
    for (const sequence of schemaSequences(db, options, order)) await runner.status(createSequenceQuery(sequence, checkFirst))
    for (const meta of order) {
      await runner.status(createTableQuery(meta, { ifNotExists: checkFirst, skip: deferred }))
      for (const index of meta.indexes)
        await runner.status(createIndexQuery(meta, index, checkFirst))
      for (const comment of commentQueries(meta)) await runner.status(comment)
    }
    for (const meta of order) {
      for (const fk of meta.foreignKeys) {
        if (!deferred.has(fk)) continue
        if (checkFirst && (await constraintExists(runner, meta.schema, meta.tableName, fk.name)))
          continue
        await runner.status(addForeignKeyQuery(meta, fk))
      }
    }
  }))
}

/**
 * Drops tables in reverse foreign-key order (foreign keys of a cycle first), then the
 * enum types no remaining model of the `db` uses; in one transaction.
 */
export async function dropAll(db: GinoDatabase, options: SchemaOptions = {}): Promise<void> {
  const metas = selected(db, options, 'dropAll()')
  const runner = options.bind ?? db
  const checkFirst = options.checkFirst ?? true
  const { order, deferred } = dependencyOrder(metas)
  const dropped = new Set(metas)
  const kept = registryOf(db)
    .models.map((model) => metaOf(model))
    .filter((meta) => !dropped.has(meta))
  const keptEnums = new Set(enumsOf(kept).map((type) => qualify(type.schema, type.name)))
  const keptSequences = new Set(sequencesOf(kept).map((spec) => qualify(spec.schema, spec.name)))
  await inTransaction(runner, () => inSchema(runner, options.schema, false, async () => {
    for (const meta of order) {
      for (const fk of meta.foreignKeys) {
        if (!deferred.has(fk)) continue
        if (checkFirst && !(await constraintExists(runner, meta.schema, meta.tableName, fk.name)))
          continue
        await runner.status(dropConstraintQuery(meta, fk.name))
      }
    }
    for (const meta of [...order].reverse()) await runner.status(dropTableQuery(meta, checkFirst))
    for (const sequence of schemaSequences(db, options, order)) {
      if (!keptSequences.has(qualify(sequence.schema, sequence.name)))
        await runner.status(dropSequenceQuery(sequence, checkFirst))
    }
    for (const type of enumsOf(order)) {
      const name = qualify(type.schema, type.name)
      if (keptEnums.has(name)) continue
      const drop = schemaOf(db).dropType(name)
      await runner.status(checkFirst ? drop.ifExists() : drop)
    }
  }))
}
