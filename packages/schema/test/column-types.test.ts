import { column, type ColumnSpec } from '@gino-ts/core'
import { describe, expect, it } from 'vitest'
import { baseTypeSchema, columnValueSchema } from '../src/index.js'

// The column types that take any JSON value, on purpose: JSON itself, bytes (which a JSON
// body cannot carry as such) and custom types (their codec decides).
const ANY_VALUE = new Set(['json', 'jsonb', 'bytea', 'custom'])

// One column of every factory core offers; a factory added to core without a case here fails.
const SAMPLES: Record<keyof typeof column, () => ColumnSpec> = {
  smallint: () => column.smallint().spec,
  integer: () => column.integer().spec,
  bigint: () => column.bigint().spec,
  serial: () => column.serial().spec,
  bigserial: () => column.bigserial().spec,
  numeric: () => column.numeric(10, 2).spec,
  real: () => column.real().spec,
  double: () => column.double().spec,
  boolean: () => column.boolean().spec,
  text: () => column.text().spec,
  varchar: () => column.varchar(20).spec,
  char: () => column.char(2).spec,
  uuid: () => column.uuid().spec,
  date: () => column.date().spec,
  time: () => column.time().spec,
  timestamp: () => column.timestamp().spec,
  timestamptz: () => column.timestamptz().spec,
  interval: () => column.interval().spec,
  json: () => column.json().spec,
  jsonb: () => column.jsonb().spec,
  bytea: () => column.bytea().spec,
  enum: () => column.enum('schema_kind', ['a', 'b']).spec,
  array: () => column.array(column.integer()).spec,
  custom: () => column.custom(column.integer(), { toDatabase: (n: number) => n, fromDatabase: (n: number) => n }).spec,
}

describe('every column type maps to a schema', () => {
  it('covers every factory of core', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(column).sort())
  })

  it.each(Object.entries(SAMPLES))('column.%s() has a constraint unless it holds any JSON', (name, sample) => {
    const schema = columnValueSchema(sample())
    if (ANY_VALUE.has(name)) expect(schema).toEqual({})
    else expect(schema).toHaveProperty('type')
  })

  it('reads lengths, precisions and the unbounded forms', () => {
    expect(columnValueSchema(column.varchar(20).spec)).toMatchObject({ maxLength: 20 })
    expect(columnValueSchema(column.varchar().spec)).not.toHaveProperty('maxLength')
    expect(columnValueSchema(column.char().spec)).toMatchObject({ maxLength: 1 })
    expect(columnValueSchema(column.numeric(4).spec)).toEqual({ type: 'string', pattern: '^(-?[0-9]{1,4}|NaN)$' })
    expect(columnValueSchema(column.numeric().spec)).toMatchObject({ type: 'string' })
    expect(columnValueSchema(column.array(column.array(column.boolean())).spec)).toEqual({
      type: 'array',
      items: { type: 'array', items: { type: 'boolean' } },
    })
    expect(columnValueSchema(column.array(column.enum('schema_kind', ['a', 'b'])).spec)).toEqual({
      type: 'array',
      items: { type: 'string', enum: ['a', 'b'] },
    })
  })

  it('takes PostgreSQL spellings too, and leaves a type it does not know unconstrained', () => {
    expect(baseTypeSchema('INT4')).toEqual(baseTypeSchema('integer'))
    expect(baseTypeSchema('character varying(9)')).toMatchObject({ maxLength: 9 })
    expect(baseTypeSchema('timestamp with time zone')).toEqual({ type: 'string', format: 'date-time' })
    expect(baseTypeSchema('tsvector')).toEqual({})
    expect(baseTypeSchema('my_domain(3)')).toEqual({})
  })
})
