import { GinoError } from '../errors.js'
import type { ColumnMeta, ModelMeta } from './model-meta.js'

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

/**
 * Primary-key values in key order from a scalar, an array in key order or an object by
 * attribute; `INVALID_IDENT` on a wrong number of parts, unknown or null parts.
 */
export function keyValues(meta: ModelMeta, ident: unknown): unknown[] {
  const key: readonly ColumnMeta[] = meta.primaryKey
  if (key.length === 0) {
    throw new GinoError(
      'NO_PRIMARY_KEY',
      `Model ${meta.qualifiedName} has no primary key: query it with Model.query instead.`,
    )
  }
  let values: unknown[]
  if (Array.isArray(ident)) values = ident as unknown[]
  else if (isPlainObject(ident)) {
    values = key.map((column) => {
      if (!(column.attribute in ident)) {
        throw new GinoError(
          'INVALID_IDENT',
          `Missing primary key part "${column.attribute}" for ${meta.qualifiedName}.`,
        )
      }
      return ident[column.attribute]
    })
    const extra = Object.keys(ident).filter(
      (name) => !key.some((column) => column.attribute === name),
    )
    if (extra.length) {
      throw new GinoError(
        'INVALID_IDENT',
        `"${extra.join(', ')}" is not part of the primary key of ${meta.qualifiedName}.`,
      )
    }
  } else values = [ident]
  if (values.length !== key.length) {
    throw new GinoError(
      'INVALID_IDENT',
      `${meta.qualifiedName} has a ${key.length}-part primary key (${key.map((c) => c.attribute).join(', ')}), got ${values.length} value(s).`,
    )
  }
  if (values.some((value) => value === undefined || value === null)) {
    throw new GinoError(
      'INVALID_IDENT',
      `Primary key values of ${meta.qualifiedName} cannot be null or undefined.`,
    )
  }
  return values
}
