import { GinoError } from '../errors.js'
import { computeDefault, decodeColumnValue, encodeColumnValue } from './column-values.js'
import { checkPropertyBag, fillPropertyDefaults } from './json-properties.js'
import type { ModelMeta } from './model-meta.js'

type Bag = Record<string, unknown>

/** `UNKNOWN_ATTRIBUTE`, listing what exists. */
export function unknownAttribute(meta: ModelMeta, key: string): GinoError {
  const known = [...meta.byAttribute.keys(), ...meta.properties.keys()]
  return new GinoError(
    'UNKNOWN_ATTRIBUTE',
    `${meta.qualifiedName} has no attribute "${key}"; attributes: ${known.join(', ')}.`,
  )
}

/** Sets attributes and properties on an instance, refusing unknown names. */
export function assignAttributes(meta: ModelMeta, instance: object, values: Bag): void {
  const target = instance as Bag
  for (const key of Object.keys(values)) {
    if (!meta.byAttribute.has(key) && !meta.properties.has(key)) throw unknownAttribute(meta, key)
    target[key] = values[key]
  }
}

/**
 * What an INSERT sends for an instance, by column name: its values, JS defaults filled in
 * (and kept on the instance), property defaults packed into the JSON column.
 */
export function insertValues(meta: ModelMeta, instance: object): Bag {
  const self = instance as Bag
  for (const column of meta.columns) {
    if (self[column.attribute] === undefined && column.spec.defaultValue !== undefined) {
      self[column.attribute] = computeDefault(column.spec.defaultValue)
    }
  }
  if (meta.properties.size > 0) {
    for (const column of meta.propertyColumns.keys()) checkPropertyBag(meta, column, self[column.attribute])
    fillPropertyDefaults(meta, self)
  }
  const values: Bag = {}
  for (const column of meta.columns) {
    const value = self[column.attribute]
    if (value !== undefined) values[column.name] = encodeColumnValue(column, value)
  }
  return values
}

/** Copies a returned row (by column name) onto the instance's attributes. */
export function writeBack(meta: ModelMeta, instance: object, row: Bag): void {
  const self = instance as Bag
  for (const name of Object.keys(row)) {
    const column = meta.byName.get(name)
    if (column !== undefined) self[column.attribute] = decodeColumnValue(column, row[name])
  }
}
