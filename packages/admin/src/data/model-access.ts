import type { SelectQueryBuilder } from 'kysely'
import { type GinoDatabase, sql } from '@gino-ts/core'
import type { ModelInfo } from './describe-models.js'
import type { AdminRow } from './types.js'

/** A model query with its types left loose: the admin names columns from the model's metadata only. */
export type LooseSelect = SelectQueryBuilder<Record<string, Record<string, unknown>>, string, Record<string, unknown>>

/** The statics the admin calls on a model class, typed loosely (the registry holds them so). */
export interface ModelStaticsLike {
  readonly query: unknown
  get(ident: unknown): Promise<unknown>
  create(values: Record<string, unknown>): Promise<unknown>
  readonly delete: unknown
}

/** What the admin calls on an instance. */
export interface InstanceLike {
  toDict(): Record<string, unknown>
  update(values: Record<string, unknown>): { apply(): Promise<unknown> }
}

export function statics(info: ModelInfo): ModelStaticsLike {
  return info.model as unknown as ModelStaticsLike
}

/** `Model.query`: every column, loading instances. */
export function modelQuery(info: ModelInfo): LooseSelect {
  return statics(info).query as LooseSelect
}

export function database(info: ModelInfo): GinoDatabase {
  return info.meta.db
}

/** An instance as the admin shows it: visible fields only, by attribute. */
export function visibleRow(info: ModelInfo, instance: unknown): AdminRow {
  const all = (instance as InstanceLike).toDict()
  const out: Record<string, unknown> = {}
  for (const name of info.fields.keys()) if (name in all) out[name] = all[name]
  return out
}

/** PostgreSQL's estimate of the table's rows (`pg_class.reltuples`); -1 when never analyzed. */
export async function estimatedRows(info: ModelInfo): Promise<number> {
  const { schema, tableName } = info.meta
  const regclass =
    schema === undefined ? sql`to_regclass(format('%I', ${tableName}::text))` : sql`to_regclass(format('%I.%I', ${schema}::text, ${tableName}::text))`
  const value = await database(info).scalar(sql`SELECT reltuples::float8 FROM pg_class WHERE oid = ${regclass}`)
  return typeof value === 'number' ? value : Number(value ?? -1)
}
