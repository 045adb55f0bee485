import { type Expression, type RawBuilder, sql } from 'kysely'
import { computeDefault, isExpression } from './column-values.js'
import type { JsonPropertyKind, PropertyMap } from './json-property.js'
import { JsonPropertyError } from './model-errors.js'
import type { ColumnMeta, ModelMeta, PropertyMeta } from './model-meta.js'

type Bag = Record<string, unknown>

/** The SQL expressions of a model's properties, cast to their types (`User.props.age`). */
export type PropertyExpressions<P extends PropertyMap> = {
  readonly [K in keyof P]: RawBuilder<
    (P[K] extends { readonly __type: infer T } ? T : never) | null
  >
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Date) return 'a Date'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

const ACCEPTS: Record<JsonPropertyKind, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  integer: (value) => Number.isSafeInteger(value),
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  boolean: (value) => typeof value === 'boolean',
  datetime: (value) => value instanceof Date && !Number.isNaN(value.getTime()),
  object: (value) => typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date),
  array: (value) => Array.isArray(value),
}

/** A property value as stored in JSON (dates as ISO 8601); a clear error on a wrong type. */
export function encodeProperty(meta: ModelMeta, property: PropertyMeta, value: unknown): unknown {
  if (value === null) return null
  if (!ACCEPTS[property.spec.kind](value)) {
    throw new JsonPropertyError(
      'INVALID_PROPERTY_VALUE',
      `Property "${property.attribute}" of ${meta.qualifiedName} is ${property.spec.kind === 'integer' ? 'an' : 'a'} ${property.spec.kind}, got ${typeName(value)}.`,
    )
  }
  return value instanceof Date ? value.toISOString() : value
}

function decodeProperty(property: PropertyMeta, stored: unknown): unknown {
  if (property.spec.kind === 'datetime' && typeof stored === 'string') return new Date(stored)
  return stored
}

/** Reads a property from the instance's JSON column; an absent key takes the default (kept in memory). */
export function readProperty(meta: ModelMeta, property: PropertyMeta, instance: Bag): unknown {
  const attribute = property.column.attribute
  const bag = instance[attribute] as Bag | null | undefined
  if (bag !== null && bag !== undefined && Object.hasOwn(bag, property.attribute)) {
    return decodeProperty(property, bag[property.attribute])
  }
  if (property.spec.defaultValue === undefined) return null
  const stored = encodeProperty(meta, property, computeDefault(property.spec.defaultValue))
  // Kept so that a default array or object can be changed in place and read back.
  instance[attribute] = { ...(bag ?? {}), [property.attribute]: stored }
  return decodeProperty(property, stored)
}

/** Writes a property into the instance's JSON column (in memory; copy-on-write). */
export function writeProperty(
  meta: ModelMeta,
  property: PropertyMeta,
  instance: Bag,
  value: unknown,
): void {
  const attribute = property.column.attribute
  const bag = instance[attribute] as Bag | null | undefined
  instance[attribute] = {
    ...(bag ?? {}),
    [property.attribute]: encodeProperty(meta, property, value),
  }
}

/** Removes a property's key from the instance's JSON column (in memory; copy-on-write). */
export function clearProperty(property: PropertyMeta, instance: Bag): void {
  const attribute = property.column.attribute
  const bag = instance[attribute] as Bag | null | undefined
  if (bag === null || bag === undefined || !Object.hasOwn(bag, property.attribute)) return
  const rest = { ...bag }
  delete rest[property.attribute]
  instance[attribute] = rest
}

/** Defines an accessor per property on the model's prototype. */
export function installProperties(prototype: object, meta: ModelMeta): void {
  for (const property of meta.properties.values()) {
    Object.defineProperty(prototype, property.attribute, {
      configurable: true,
      enumerable: false,
      get(this: Bag) {
        return readProperty(meta, property, this)
      },
      set(this: Bag, value: unknown) {
        writeProperty(meta, property, this, value)
      },
    })
  }
}

/** Writes the defaults of absent properties into the instance, as `create()` stores them. */
export function fillPropertyDefaults(meta: ModelMeta, instance: Bag): void {
  for (const property of meta.properties.values()) {
    if (property.spec.defaultValue !== undefined) readProperty(meta, property, instance)
  }
}

/**
 * Refuses a value for the JSON properties column that is not an object, or that holds keys
 * no property declares: checked before anything is sent, so a bad value never reaches the
 * database. (A row loaded with undeclared keys is fine: they stay in the column.)
 */
export function checkPropertyBag(meta: ModelMeta, column: ColumnMeta, bag: unknown): void {
  const held = meta.propertyColumns.get(column)
  if (held === undefined || bag === null || bag === undefined) return
  if (typeof bag !== 'object' || Array.isArray(bag)) {
    throw new JsonPropertyError(
      'UNKNOWN_PROPERTY',
      `Column ${column.name} of ${meta.qualifiedName} takes an object of properties, not ${typeName(bag)}.`,
    )
  }
  for (const key of Object.keys(bag)) {
    if (!held.has(key)) {
      throw new JsonPropertyError(
        'UNKNOWN_PROPERTY',
        `Column ${column.name} of ${meta.qualifiedName} was given key "${key}", which no property in it declares ` +
          `(properties: ${[...held.keys()].join(', ')}).`,
      )
    }
  }
}

const CASTS: Record<JsonPropertyKind, string | undefined> = {
  string: undefined,
  integer: 'integer',
  number: 'double precision',
  boolean: 'boolean',
  datetime: 'timestamptz',
  object: undefined,
  array: undefined,
}

/** `(profile ->> 'age')::integer` and friends, for each property. */
export function propertyExpressions(meta: ModelMeta): Record<string, RawBuilder<unknown>> {
  const out: Record<string, RawBuilder<unknown>> = {}
  for (const property of meta.properties.values()) {
    const path = [meta.schema, meta.tableName, property.column.name]
      .filter((part) => part !== undefined)
      .join('.')
    const { kind } = property.spec
    const key = sql.lit(property.attribute)
    const cast = CASTS[kind]
    if (kind === 'object' || kind === 'array')
      out[property.attribute] = sql`(${sql.ref(path)} -> ${key})`
    else if (cast === undefined) out[property.attribute] = sql`(${sql.ref(path)} ->> ${key})`
    else out[property.attribute] = sql`((${sql.ref(path)} ->> ${key})::${sql.raw(cast)})`
  }
  return Object.freeze(out)
}

/** A typed parameter (or the user's expression) for `jsonb_build_object`. */
function propertyParameter(
  meta: ModelMeta,
  property: PropertyMeta,
  value: unknown,
): Expression<unknown> {
  if (isExpression(value)) return value
  const stored = encodeProperty(meta, property, value)
  switch (property.spec.kind) {
    case 'object':
    case 'array':
      return sql`${stored === null ? null : JSON.stringify(stored)}::jsonb`
    case 'integer':
      return sql`${stored}::integer`
    case 'number':
      return sql`${stored}::double precision`
    case 'boolean':
      return sql`${stored}::boolean`
    default:
      return sql`${stored}::text`
  }
}

/**
 * The SET value merging changed properties into the JSONB column:
 * `coalesce(profile, '{}'::jsonb) || jsonb_build_object('age', $1::integer, ...)`; a
 * property given as undefined is removed (`- 'age'`), so it reads as its default.
 * A plain `json` column cannot merge: `JSON_PARTIAL_UPDATE`.
 */
export function propertyMergeExpression(
  meta: ModelMeta,
  column: ColumnMeta,
  changes: ReadonlyMap<string, unknown>,
): Expression<unknown> {
  if (column.spec.sqlType !== 'jsonb') {
    throw new JsonPropertyError(
      'JSON_PARTIAL_UPDATE',
      `Properties of ${meta.qualifiedName} live in "${column.name}", a json column, which cannot be updated in part ` +
        `(${[...changes.keys()].join(', ')}); declare it column.jsonb(), or update the whole column: update({ ${column.attribute}: {...} }).`,
    )
  }
  const pairs: Expression<unknown>[] = []
  let merged: Expression<unknown> = sql`coalesce(${sql.ref(column.name)}, '{}'::jsonb)`
  for (const [attribute, value] of changes) {
    // undefined resets the property: its key is removed (`- 'key'`).
    if (value === undefined) merged = sql`${merged} - ${sql.lit(attribute)}`
    else pairs.push(sql.lit(attribute), propertyParameter(meta, meta.properties.get(attribute)!, value))
  }
  return pairs.length === 0 ? merged : sql`${merged} || jsonb_build_object(${sql.join(pairs)})`
}
