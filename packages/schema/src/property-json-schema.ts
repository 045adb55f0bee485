import type { JsonPropertyKind, JsonPropertySpec } from '@gino-ts/core'
import { nullable, type JsonSchema } from './column-json-schema.js'
import { NO_NUL_PATTERN } from './patterns.js'

// Queries cast `prop.integer()` keys to `integer`: values outside its range would fail there.
const BY_KIND: Readonly<Record<JsonPropertyKind, JsonSchema>> = {
  string: { type: 'string', pattern: NO_NUL_PATTERN },
  integer: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  datetime: { type: 'string', format: 'date-time' },
  object: { type: 'object' },
  array: { type: 'array' },
}

/**
 * The schema of a JSON property (`prop.*`): its kind, and `null` unless it has a default
 * (reads of a property without one give `null` for an absent key).
 *
 * @example
 * ```ts
 * propertySchema(prop.integer().default(18).spec) // { type: 'integer', minimum: ..., maximum: ... }
 * ```
 */
export function propertySchema(spec: JsonPropertySpec): JsonSchema {
  return nullable(BY_KIND[spec.kind], spec.defaultValue === undefined)
}
