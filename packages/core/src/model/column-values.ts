import type { Expression } from 'kysely'
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
  const { sqlType, arrayDims } = column.spec
  if (arrayDims === 0 && (sqlType === 'jsonb' || sqlType === 'json')) return JSON.stringify(value)
  return value
}
