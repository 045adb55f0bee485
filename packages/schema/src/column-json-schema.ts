import type { ColumnSpec } from '@gino-ts/core'
import { BIGINT_PATTERN, NO_NUL_PATTERN, numericPattern, TIME_PATTERN } from './patterns.js'

/** A JSON Schema object as this package builds it. */
export type JsonSchema = { readonly [keyword: string]: unknown }

const INT2 = { type: 'integer', minimum: -32768, maximum: 32767 } as const
const INT4 = { type: 'integer', minimum: -2147483648, maximum: 2147483647 } as const
const NUMBER = { type: 'number' } as const
const TEXT = { type: 'string', pattern: NO_NUL_PATTERN } as const
const BIGINT = { type: 'string', pattern: BIGINT_PATTERN } as const
const DATE_TIME = { type: 'string', format: 'date-time' } as const

// Base type names (lower case, without length / precision) to the schema of their values.
const BY_TYPE: Readonly<Record<string, JsonSchema>> = {
  smallint: INT2,
  int2: INT2,
  smallserial: INT2,
  integer: INT4,
  int: INT4,
  int4: INT4,
  serial: INT4,
  serial4: INT4,
  bigint: BIGINT,
  int8: BIGINT,
  bigserial: BIGINT,
  serial8: BIGINT,
  real: NUMBER,
  float4: NUMBER,
  'double precision': NUMBER,
  float8: NUMBER,
  boolean: { type: 'boolean' },
  bool: { type: 'boolean' },
  text: TEXT,
  uuid: { type: 'string', format: 'uuid' },
  date: { type: 'string', format: 'date' },
  time: { type: 'string', pattern: TIME_PATTERN },
  'time without time zone': { type: 'string', pattern: TIME_PATTERN },
  timestamp: DATE_TIME,
  'timestamp without time zone': DATE_TIME,
  timestamptz: DATE_TIME,
  'timestamp with time zone': DATE_TIME,
  interval: TEXT,
  json: {},
  jsonb: {},
  bytea: {},
}

const SIZED = /^([a-z][a-z ]*?)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/

/**
 * The schema of one non-null element of a column type, from its SQL name: `varchar(80)`,
 * `numeric(10, 2)`, `timestamptz`... A type this package does not know accepts any JSON value.
 *
 * @example
 * ```ts
 * baseTypeSchema('varchar(80)') // { type: 'string', pattern: '^[^\\u0000]*$', maxLength: 80 }
 * ```
 */
export function baseTypeSchema(sqlType: string): JsonSchema {
  const type = sqlType.trim().toLowerCase()
  const known = BY_TYPE[type]
  if (known !== undefined) return known
  const sized = SIZED.exec(type)
  const name = sized?.[1] ?? type
  const size = sized?.[2] === undefined ? undefined : Number(sized[2])
  const scale = sized?.[3] === undefined ? undefined : Number(sized[3])
  switch (name) {
    case 'varchar':
    case 'character varying':
    case 'char':
    case 'character':
    case 'bpchar':
      return size === undefined ? TEXT : { ...TEXT, maxLength: size }
    case 'numeric':
    case 'decimal':
      return { type: 'string', pattern: numericPattern(size, scale) }
    default:
      return {}
  }
}

/**
 * The schema of a column's non-null values: its enum values, or its base type, in as many
 * array levels as it has dimensions (elements of an array are never null, as its type says).
 * A custom type (`column.custom`) accepts any JSON value: its codec decides.
 *
 * @example
 * ```ts
 * columnValueSchema(column.array(column.integer()).spec) // { type: 'array', items: { type: 'integer', ... } }
 * ```
 */
export function columnValueSchema(spec: ColumnSpec): JsonSchema {
  // A custom type (column.custom) is written as whatever its codec takes: any JSON value.
  if (spec.codec !== undefined) return {}
  let schema: JsonSchema =
    spec.enumType === undefined
      ? baseTypeSchema(spec.baseType)
      : { type: 'string', enum: [...spec.enumType.values] }
  for (let i = 0; i < spec.arrayDims; i++) schema = { type: 'array', items: schema }
  return schema
}

/**
 * The schema of a value that may also be `null`; a schema that accepts anything already
 * accepts `null`.
 */
export function nullable(schema: JsonSchema, isNullable: boolean): JsonSchema {
  if (!isNullable || Object.keys(schema).length === 0) return schema
  return { anyOf: [schema, { type: 'null' }] }
}
