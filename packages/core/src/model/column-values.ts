import type { Expression } from 'kysely'
import { parseArrayLiteral } from '../dialect/type-parsers.js'
import type { ColumnMeta } from './model-meta.js'

/** True for Kysely expressions (`sql\`...\``, builders): sent as SQL, not as a parameter. */
export function isExpression(value: unknown): value is Expression<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toOperationNode?: unknown }).toOperationNode === 'function'
  )
}

/** A JS default, computed (a function default is called for each use). */
export function computeDefault(defaultValue: { readonly value: unknown }): unknown {
  const value = defaultValue.value
  return typeof value === 'function' ? (value as () => unknown)() : value
}

/**
 * A value as a parameter for its column. `json`/`jsonb` values are sent as JSON text:
 * drivers would otherwise turn a JS array into a PostgreSQL array literal, and a string
 * would not be valid JSON.
 */
export function encodeColumnValue(column: ColumnMeta, value: unknown): unknown {
  if (value === null || value === undefined || isExpression(value)) return value
  const { sqlType, arrayDims, enumType, codec } = column.spec
  if (codec !== undefined) value = codec.toDatabase(value)
  if (arrayDims === 0 && (sqlType === 'jsonb' || sqlType === 'json')) return JSON.stringify(value)
  // Drivers know no serializer for an enum array's type; its text form always parses.
  if (arrayDims > 0 && enumType !== undefined && Array.isArray(value)) return arrayLiteral(value)
  return value
}

/** A PostgreSQL array literal (`{"a","b"}`) of strings, nested arrays and nulls: a parameter value. */
export function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((item) => {
    if (item === null || item === undefined) return 'NULL'
    if (Array.isArray(item)) return arrayLiteral(item)
    const text = typeof item === 'string' ? item : JSON.stringify(item)
    return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`
  })
  return `{${items.join(',')}}`
}

/** A value read back for its column: arrays of types the drivers do not parse (enums) arrive as text. */
export function decodeColumnValue(column: ColumnMeta, value: unknown): unknown {
  if (typeof value === 'string' && column.spec.arrayDims > 0)
    value = parseArrayLiteral(value, (item) => item)
  const codec = column.spec.codec
  return codec === undefined || value === null || value === undefined ? value : codec.fromDatabase(value)
}
