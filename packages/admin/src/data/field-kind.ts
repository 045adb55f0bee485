import type { ColumnSpec } from '@gino-ts/core'
import type { AdminFieldKind } from './types.js'

// Base type names (lower case, without length or precision) to the kind the admin edits them as.
const BY_TYPE: Readonly<Record<string, AdminFieldKind>> = {
  smallint: 'integer',
  int2: 'integer',
  smallserial: 'integer',
  integer: 'integer',
  int: 'integer',
  int4: 'integer',
  serial: 'integer',
  serial4: 'integer',
  bigint: 'bigint',
  int8: 'bigint',
  bigserial: 'bigint',
  serial8: 'bigint',
  numeric: 'numeric',
  decimal: 'numeric',
  real: 'float',
  float4: 'float',
  'double precision': 'float',
  float8: 'float',
  boolean: 'boolean',
  bool: 'boolean',
  text: 'text',
  varchar: 'text',
  'character varying': 'text',
  char: 'text',
  character: 'text',
  bpchar: 'text',
  citext: 'text',
  uuid: 'uuid',
  date: 'date',
  time: 'time',
  'time without time zone': 'time',
  timestamp: 'timestamp',
  'timestamp without time zone': 'timestamp',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
  json: 'json',
  jsonb: 'json',
}

const SIZED = /^([a-z][a-z ]*?)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/

/** A column type's name without its size, and the size: `varchar(80)` → `varchar`, 80. */
export function splitType(sqlType: string): { name: string; size?: number; scale?: number } {
  const type = sqlType.trim().toLowerCase()
  const sized = SIZED.exec(type)
  if (sized === null) return { name: type }
  return {
    name: sized[1]!,
    size: Number(sized[2]),
    ...(sized[3] === undefined ? {} : { scale: Number(sized[3]) }),
  }
}

/** How the admin edits and filters a column of this declaration. */
export function fieldKind(spec: ColumnSpec): AdminFieldKind {
  if (spec.codec !== undefined) return 'other'
  if (spec.arrayDims > 0) return 'array'
  if (spec.enumType !== undefined) return 'enum'
  return BY_TYPE[splitType(spec.baseType).name] ?? 'other'
}

/** The inclusive range of an integer column type (`smallint`, `integer`, `serial`). */
export function integerRange(spec: ColumnSpec): { min: number; max: number } {
  const name = splitType(spec.baseType).name
  return name === 'smallint' || name === 'int2' || name === 'smallserial'
    ? { min: -32768, max: 32767 }
    : { min: -2147483648, max: 2147483647 }
}

/** `varchar(n)` / `char(n)`: n. */
export function maxLengthOf(spec: ColumnSpec): number | undefined {
  if (spec.arrayDims > 0 || spec.enumType !== undefined) return undefined
  const { name, size } = splitType(spec.baseType)
  return BY_TYPE[name] === 'text' ? size : undefined
}

/** `numeric(p, s)`: the digits allowed before and after the point. */
export function numericDigits(spec: ColumnSpec): { integer: number; scale: number } | undefined {
  const { name, size, scale } = splitType(spec.baseType)
  if (BY_TYPE[name] !== 'numeric' || size === undefined) return undefined
  return { integer: size - (scale ?? 0), scale: scale ?? 0 }
}

/** Kinds a list can be sorted by and a keyset cursor can hold. */
export function isSortable(kind: AdminFieldKind): boolean {
  return kind !== 'json' && kind !== 'array' && kind !== 'other'
}
