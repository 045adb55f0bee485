import type { Expression } from 'kysely'
import type { GinoDatabase } from './gino-database.js'
import type { ColumnSpec, ReferentialAction } from './column.js'
import type { JsonPropertySpec, PropertyMap } from './json-property.js'
import { ModelDefinitionError } from './model-errors.js'
import type { ColumnMap } from './model-types.js'
import { resolveReference } from './references.js'
import type {
  CheckBuilder,
  ForeignKeyBuilder,
  ForeignKeyTarget,
  IndexBuilder,
  IndexMethod,
  UniqueBuilder,
} from './table-options.js'

/** One column of a model, resolved. */
export interface ColumnMeta {
  /** Attribute (property) name on instances. */
  readonly attribute: string
  /** Column name in the database. */
  readonly name: string
  readonly spec: ColumnSpec
}

/**
 * Options of `db.model()`. Column lists name columns by attribute or by database name.
 *
 * @example
 * ```ts
 * db.model('users', columns, {
 *   schema: 'app',
 *   primaryKey: ['tenantId', 'id'],
 *   indexes: [index('index_on_name').on('first_name', 'last_name')],
 *   uniques: [unique('tenantId', 'email')],
 *   checks: [check('users_age_positive', sql`age >= 0`)],
 *   properties: { nickname: prop.string() },
 * })
 * ```
 */
export interface ModelOptions<K extends string = string, P extends PropertyMap = PropertyMap> {
  /** Schema (namespace) of the table, e.g. `'billing'`; default: the search path. */
  readonly schema?: string
  /** A (composite) primary key in key order; alternative to `.primaryKey()` on the columns. */
  readonly primaryKey?: readonly K[]
  /** Indexes: `index('name').on(...)`. */
  readonly indexes?: ReadonlyArray<IndexBuilder<K>>
  /** Multi-column unique constraints: `unique('a', 'b')`. */
  readonly uniques?: ReadonlyArray<UniqueBuilder<K>>
  /** Named check constraints: `check('name', sql\`...\`)`. */
  readonly checks?: readonly CheckBuilder[]
  /** Composite foreign keys: `foreignKey('a', 'b').references(...)`. */
  readonly foreignKeys?: ReadonlyArray<ForeignKeyBuilder<K>>
  /** JSON properties stored as keys of the `propertiesColumn` column: `{ age: prop.integer() }`. */
  readonly properties?: P
  /** Attribute of the json/jsonb column holding `properties`. Default `'profile'`. */
  readonly propertiesColumn?: K
  /** A comment on the table (`COMMENT ON TABLE`), written by `createAll()` / `createTable()`. */
  readonly comment?: string
}

/** An index, resolved to column names. */
export interface IndexMeta {
  readonly name: string
  readonly columns: readonly string[]
  readonly expressions: readonly Expression<unknown>[]
  readonly unique: boolean
  readonly method: IndexMethod | undefined
  readonly where: Expression<unknown> | undefined
}

/** A table-level unique constraint, resolved to column names. */
export interface UniqueMeta {
  readonly name: string
  readonly columns: readonly string[]
}

/** The table a foreign key points at. */
export interface ForeignKeyTargetMeta {
  readonly schema: string | undefined
  readonly table: string
  readonly columns: readonly string[]
}

/** A foreign key, from a column's `.references()` (`inline`) or the `foreignKeys` option. */
export interface ForeignKeyMeta {
  readonly name: string
  readonly columns: readonly string[]
  /** Resolved on demand, so models may point at models declared later. */
  readonly target: () => ForeignKeyTargetMeta
  readonly onDelete: ReferentialAction | undefined
  readonly onUpdate: ReferentialAction | undefined
  /** Declared on the column (emitted as a column `REFERENCES`). */
  readonly inline: boolean
}

/** A JSON property, resolved. */
export interface PropertyMeta {
  readonly attribute: string
  readonly spec: JsonPropertySpec
  /** The json/jsonb column holding it. */
  readonly column: ColumnMeta
}

/** Everything the runtime knows of a model; built once at declaration. */
export interface ModelMeta {
  readonly db: GinoDatabase
  readonly tableName: string
  readonly schema: string | undefined
  /** `schema.table` or `table`, for messages. */
  readonly qualifiedName: string
  readonly columns: readonly ColumnMeta[]
  readonly byAttribute: ReadonlyMap<string, ColumnMeta>
  readonly byName: ReadonlyMap<string, ColumnMeta>
  /** Primary key columns in key order (empty when the table has none). */
  readonly primaryKey: readonly ColumnMeta[]
  /** Every index, single-column `.index()` ones included. */
  readonly indexes: readonly IndexMeta[]
  /** Table-level unique constraints (column `.unique()` stays on the column). */
  readonly uniques: readonly UniqueMeta[]
  /** Table-level named checks (column `.check()` stays on the column). */
  readonly checks: ReadonlyArray<{
    readonly name: string
    readonly expression: Expression<unknown>
  }>
  /** Every foreign key, column-level ones included. */
  readonly foreignKeys: readonly ForeignKeyMeta[]
  /** JSON properties by attribute. */
  readonly properties: ReadonlyMap<string, PropertyMeta>
  /** The default json/jsonb column of properties (set when a property lives there). */
  readonly propertiesColumn: ColumnMeta | undefined
  /** Every json/jsonb column holding properties, with the properties it holds. */
  readonly propertyColumns: ReadonlyMap<ColumnMeta, ReadonlyMap<string, PropertyMeta>>
  readonly options: ModelOptions
  /** Work done once per model and reused by every query (compiled statements, loaders). */
  readonly cache: Map<string, unknown>
}

export const MODEL_META: unique symbol = Symbol.for('gino-ts.modelMeta')

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/

function checkIdentifier(value: string, what: string): string {
  if (!IDENTIFIER.test(value)) throw new ModelDefinitionError(`Invalid ${what} "${value}".`)
  return value
}

/** Splits `'table'` / `'schema.table'`. */
function parseTableTarget(target: string): { schema: string | undefined; table: string } {
  const parts = target.split('.')
  if (parts.length === 1) return { schema: undefined, table: parts[0]! }
  if (parts.length === 2) return { schema: parts[0]!, table: parts[1]! }
  throw new ModelDefinitionError(
    `Invalid foreign key target "${target}": expected "table" or "schema.table".`,
  )
}

function resolveTableTarget(target: ForeignKeyTarget): {
  schema: string | undefined
  table: string
} {
  if (typeof target === 'string') return parseTableTarget(target)
  const meta = target().meta
  return { schema: meta.schema, table: meta.tableName }
}

/** Validates and resolves a model declaration. */
export function buildMeta(
  db: GinoDatabase,
  tableName: string,
  columns: ColumnMap,
  options: ModelOptions,
): ModelMeta {
  checkIdentifier(tableName, 'table name')
  if (options.schema !== undefined) checkIdentifier(options.schema, 'schema name')
  const qualifiedName = options.schema === undefined ? tableName : `${options.schema}.${tableName}`
  const resolved: ColumnMeta[] = Object.entries(columns).map(([attribute, builder]) => ({
    attribute,
    name: builder.spec.name ?? attribute,
    spec: builder.spec,
  }))
  if (resolved.length === 0)
    throw new ModelDefinitionError(`Model ${qualifiedName} declares no columns.`)
  const byAttribute = new Map(resolved.map((meta) => [meta.attribute, meta]))
  const byName = new Map<string, ColumnMeta>()
  for (const meta of resolved) {
    checkIdentifier(meta.name, `column name on ${qualifiedName}`)
    if (byName.has(meta.name))
      throw new ModelDefinitionError(
        `Two attributes of ${qualifiedName} map to column "${meta.name}".`,
      )
    byName.set(meta.name, meta)
  }
  const columnOf = (key: string, where: string): ColumnMeta => {
    const column = byAttribute.get(key) ?? byName.get(key)
    if (column === undefined) {
      throw new ModelDefinitionError(
        `${where} of ${qualifiedName} names "${key}", which is not a column of the model.`,
      )
    }
    return column
  }
  const namesOf = (keys: readonly string[], where: string): string[] => {
    if (keys.length === 0)
      throw new ModelDefinitionError(`${where} of ${qualifiedName} lists no columns.`)
    return keys.map((key) => columnOf(key, where).name)
  }

  const flagged = resolved.filter((meta) => meta.spec.primaryKey)
  let primaryKey = flagged
  if (options.primaryKey !== undefined) {
    if (flagged.length > 0) {
      throw new ModelDefinitionError(
        `${qualifiedName} declares its primary key twice (on columns and in options.primaryKey); keep one.`,
      )
    }
    primaryKey = options.primaryKey.map((key) => columnOf(key, 'options.primaryKey'))
  }

  const indexes: IndexMeta[] = []
  for (const column of resolved) {
    if (column.spec.index) {
      indexes.push({
        name: `${tableName}_${column.name}_idx`,
        columns: [column.name],
        expressions: [],
        unique: false,
        method: undefined,
        where: undefined,
      })
    }
  }
  for (const { definition } of options.indexes ?? []) {
    checkIdentifier(definition.name, 'index name')
    if (definition.columns.length === 0 && definition.expressions.length === 0) {
      throw new ModelDefinitionError(
        `Index ${definition.name} of ${qualifiedName} has no columns: use .on(...) or .expression(...).`,
      )
    }
    indexes.push({
      ...definition,
      columns: definition.columns.map((key) => columnOf(key, `Index ${definition.name}`).name),
    })
  }
  const indexNames = new Set<string>()
  for (const { name } of indexes) {
    if (indexNames.has(name))
      throw new ModelDefinitionError(`${qualifiedName} declares index ${name} twice.`)
    indexNames.add(name)
  }

  const uniques: UniqueMeta[] = (options.uniques ?? []).map(({ definition }) => {
    const names = namesOf(definition.columns, 'A unique constraint')
    return {
      name: checkIdentifier(
        definition.name ?? `${tableName}_${names.join('_')}_key`,
        'constraint name',
      ),
      columns: names,
    }
  })
  const checks = (options.checks ?? []).map(({ definition }) => ({
    name: checkIdentifier(definition.name, 'check constraint name'),
    expression: definition.expression,
  }))

  const foreignKeys: ForeignKeyMeta[] = []
  for (const column of resolved) {
    const reference = column.spec.references
    if (reference === undefined) continue
    foreignKeys.push({
      name: `${tableName}_${column.name}_fkey`,
      columns: [column.name],
      target: () => {
        const ref = resolveReference(reference.target)
        return { schema: ref.schema, table: ref.table, columns: [ref.column] }
      },
      onDelete: reference.onDelete,
      onUpdate: reference.onUpdate,
      inline: true,
    })
  }
  for (const { definition } of options.foreignKeys ?? []) {
    const names = namesOf(definition.columns, 'A foreign key')
    const target = definition.target
    if (target === undefined)
      throw new ModelDefinitionError(
        `A foreign key of ${qualifiedName} has no target: call .references(...).`,
      )
    if (definition.targetColumns.length !== names.length) {
      throw new ModelDefinitionError(
        `A foreign key of ${qualifiedName} has ${names.length} column(s) but references ${definition.targetColumns.length}.`,
      )
    }
    for (const name of definition.targetColumns) checkIdentifier(name, 'referenced column name')
    if (typeof target === 'string') parseTableTarget(target)
    foreignKeys.push({
      name: checkIdentifier(
        definition.name ?? `${tableName}_${names.join('_')}_fkey`,
        'constraint name',
      ),
      columns: names,
      target: () => ({ ...resolveTableTarget(target), columns: definition.targetColumns }),
      onDelete: definition.onDelete,
      onUpdate: definition.onUpdate,
      inline: false,
    })
  }

  const properties = new Map<string, PropertyMeta>()
  let propertiesColumn: ColumnMeta | undefined
  const propertyColumns = new Map<ColumnMeta, Map<string, PropertyMeta>>()
  const jsonColumnOf = (key: string, fallback: boolean): ColumnMeta => {
    const column = byAttribute.get(key) ?? byName.get(key)
    if (column === undefined) {
      throw new ModelDefinitionError(
        `${qualifiedName} declares JSON properties but has no column "${key}" to keep them: ` +
          `add e.g. ${key}: column.jsonb().notNull().serverDefault(sql\`'{}'::jsonb\`)` +
          (fallback ? ', or set propertiesColumn.' : '.'),
      )
    }
    const type = column.spec.sqlType
    if (type !== 'jsonb' && type !== 'json') {
      throw new ModelDefinitionError(
        `JSON properties of ${qualifiedName} need a json or jsonb column; "${key}" is ${type}.`,
      )
    }
    return column
  }
  for (const [attribute, property] of Object.entries(options.properties ?? {})) {
    checkIdentifier(attribute, 'property name')
    if (byAttribute.has(attribute)) {
      throw new ModelDefinitionError(
        `Property "${attribute}" of ${qualifiedName} clashes with a column attribute.`,
      )
    }
    const column =
      property.spec.column === undefined
        ? (propertiesColumn ??= jsonColumnOf(options.propertiesColumn ?? 'profile', true))
        : jsonColumnOf(property.spec.column, false)
    const resolvedProperty: PropertyMeta = { attribute, spec: property.spec, column }
    properties.set(attribute, resolvedProperty)
    let held = propertyColumns.get(column)
    if (held === undefined) propertyColumns.set(column, (held = new Map<string, PropertyMeta>()))
    held.set(attribute, resolvedProperty)
  }

  return {
    db,
    tableName,
    schema: options.schema,
    qualifiedName,
    columns: resolved,
    byAttribute,
    byName,
    primaryKey,
    indexes,
    uniques,
    checks,
    foreignKeys,
    properties,
    propertiesColumn,
    propertyColumns,
    options,
    cache: new Map(),
  }
}
