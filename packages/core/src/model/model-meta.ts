import type { Gino } from '../gino.js'
import type { ColumnSpec } from './column.js'
import type { ColumnMap } from './model-types.js'

/** One column of a model, resolved. */
export interface ColumnMeta {
  /** Attribute (property) name on instances. */
  readonly attribute: string
  /** Column name in the database. */
  readonly name: string
  readonly spec: ColumnSpec
}

/** Options of `db.model()`. */
export interface ModelOptions {
  /** Schema (namespace) of the table, e.g. `'billing'`; default: the search path. */
  readonly schema?: string
}

/** Everything the runtime knows of a model; built once at declaration. */
export interface ModelMeta {
  readonly db: Gino<object>
  readonly tableName: string
  readonly schema: string | undefined
  readonly columns: readonly ColumnMeta[]
  readonly byAttribute: ReadonlyMap<string, ColumnMeta>
  readonly byName: ReadonlyMap<string, ColumnMeta>
  readonly primaryKey: readonly ColumnMeta[]
  readonly options: ModelOptions
  /** Work done once per model and reused by every query (compiled statements, loaders). */
  readonly cache: Map<string, unknown>
}

export const MODEL_META: unique symbol = Symbol.for('gino-ts.modelMeta')

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/

/** Validates and resolves a model declaration. */
export function buildMeta(db: Gino<object>, tableName: string, columns: ColumnMap, options: ModelOptions): ModelMeta {
  if (!IDENTIFIER.test(tableName)) throw new TypeError(`Invalid table name "${tableName}".`)
  if (options.schema !== undefined && !IDENTIFIER.test(options.schema)) {
    throw new TypeError(`Invalid schema name "${options.schema}".`)
  }
  const resolved: ColumnMeta[] = Object.entries(columns).map(([attribute, builder]) => ({
    attribute,
    name: builder.spec.name ?? attribute,
    spec: builder.spec,
  }))
  const byName = new Map<string, ColumnMeta>()
  for (const meta of resolved) {
    if (!IDENTIFIER.test(meta.name)) throw new TypeError(`Invalid column name "${meta.name}" on ${tableName}.`)
    if (byName.has(meta.name)) throw new TypeError(`Two attributes of ${tableName} map to column "${meta.name}".`)
    byName.set(meta.name, meta)
  }
  return {
    db,
    tableName,
    schema: options.schema,
    columns: resolved,
    byAttribute: new Map(resolved.map((meta) => [meta.attribute, meta])),
    byName,
    primaryKey: resolved.filter((meta) => meta.spec.primaryKey),
    options,
    cache: new Map(),
  }
}
