import { column, Gino, prop, sql } from '@gino-ts/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIGINT_PATTERN, modelSchemas } from '../src/index.js'
import { newAjv } from './support/ajv.js'
import { DRIVERS, type TestDatabase } from './support/databases.js'

const db = new Gino()

class Item extends db.model(
  'schema_items',
  {
    id: column.serial().primaryKey(),
    seq: column.bigint().identity(),
    small: column.smallint().notNull(),
    count: column.integer(),
    big: column.bigint().notNull().default('0'),
    price: column.numeric(6, 2),
    ratio: column.double(),
    active: column.boolean().notNull().serverDefault(true),
    title: column.varchar(5).notNull(),
    body: column.text(),
    code: column.char(3),
    key: column.uuid(),
    day: column.date(),
    at: column.time(),
    stamp: column.timestamp(),
    moment: column.timestamptz(),
    span: column.interval(),
    mood: column.enum('schema_mood', ['sad', 'happy']).notNull().default('happy'),
    tags: column.array(column.text()).notNull().default(() => []),
    data: column.jsonb<{ n: number }>(),
    profile: column.jsonb().notNull().serverDefault(sql`'{}'::jsonb`),
  },
  { properties: { age: prop.integer().default(18), nick: prop.string() } },
) {}

const schemas = modelSchemas(Item, { readOnly: ['id'] })
const ajv = newAjv()
const validateCreate = ajv.compile(schemas.create)
const validateUpdate = ajv.compile(schemas.update)
const validateRow = ajv.compile(schemas.row)

// The largest and smallest values each type holds, as a JSON body carries them.
const EDGE_HIGH = {
  small: 32767,
  count: 2147483647,
  big: '9223372036854775807',
  price: '9999.99',
  ratio: 1.5e300,
  active: false,
  title: 'ääääü',
  body: 'any text \u{1F600}',
  code: 'abc',
  key: '2f1c4b8e-6f0a-4c2e-9d3b-1a2b3c4d5e6f',
  day: '2024-02-29',
  at: '23:59:59.999999',
  stamp: '2024-05-01T10:00:00.000Z',
  moment: '2024-05-01T10:00:00+02:00',
  span: '1 day 02:00:00',
  mood: 'sad',
  tags: ['a', 'b'],
  data: { n: 1 },
  age: 2147483647,
  nick: 'n',
}
const EDGE_LOW = { small: -32768, count: -2147483648, big: '-9223372036854775808', price: '-9999.99', title: 'x' }

// Values the schemas refuse, each one that PostgreSQL (or the type) would refuse too.
const REFUSED: ReadonlyArray<[string, Record<string, unknown>]> = [
  ['a smallint out of range', { small: 32768 }],
  ['an integer out of range', { count: -2147483649 }],
  ['a fractional integer', { count: 1.5 }],
  ['a bigint as a JSON number', { big: 5 }],
  ['a bigint with a fraction', { big: '1.5' }],
  ['a bigint of 20 digits', { big: '12345678901234567890' }],
  ['a numeric with too many integer digits', { price: '10000.00' }],
  ['a numeric with too many decimals', { price: '1.234' }],
  ['a numeric as a number', { price: 1.5 }],
  ['a boolean as a string', { active: 'true' }],
  ['a varchar too long', { title: 'xxxxxx' }],
  ['a NUL character in text', { body: 'a\u0000b' }],
  ['a NUL character in a varchar', { title: '\u0000' }],
  ['a NUL character in an array element', { tags: ['\u0000'] }],
  ['a NUL character in a string property', { nick: 'x\u0000' }],
  ['a char too long', { code: 'abcd' }],
  ['a malformed uuid', { key: 'not-a-uuid' }],
  ['a malformed date', { day: '2024-13-01' }],
  ['a malformed time', { at: '25:00' }],
  ['a timestamp without an offset', { moment: '2024-05-01 10:00' }],
  ['an unknown enum value', { mood: 'angry' }],
  ['an array that is not one', { tags: 'a' }],
  ['null for a NOT NULL column', { title: null }],
  ['null for a property with a default', { age: null }],
  ['an integer property out of range', { age: 2 ** 31 }],
  ['an unknown field', { nope: 1 }],
  ['a read-only field', { id: 1 }],
]

describe('modelSchemas: the create and update inputs', () => {
  it('requires exactly the columns create() requires: no default, not nullable, not read-only', () => {
    expect(schemas.create.required).toEqual(['small', 'title'])
    expect(schemas.create.properties.seq).toEqual({ type: 'string', pattern: BIGINT_PATTERN })
    expect(validateCreate({ small: 1, title: 'x' })).toBe(true)
    expect(validateCreate({ title: 'x' })).toBe(false)
    expect(validateCreate({ small: 1 })).toBe(false)
    expect(schemas.update.required).toEqual([])
    expect(validateUpdate({})).toBe(true)
  })

  it('accepts the edge values of every type, null for nullable columns and properties without a default', () => {
    expect(validateCreate(EDGE_HIGH), JSON.stringify(validateCreate.errors)).toBe(true)
    expect(validateCreate(EDGE_LOW), JSON.stringify(validateCreate.errors)).toBe(true)
    const nulls = { small: 1, title: 'x', count: null, price: null, body: null, moment: null, data: null, nick: null }
    expect(validateCreate(nulls), JSON.stringify(validateCreate.errors)).toBe(true)
    expect(validateCreate({ small: 1, title: 'x', price: 'NaN', big: '0' })).toBe(true)
  })

  it.each(REFUSED)('refuses %s', (_what, values) => {
    expect(validateCreate({ small: 1, title: 'x', ...values })).toBe(false)
    expect(validateUpdate(values)).toBe(false)
  })

  it('keeps read-only attributes in the row, and refuses an unknown readOnly name', () => {
    expect(Object.keys(schemas.row.properties)).toContain('id')
    expect(Object.keys(schemas.create.properties)).not.toContain('id')
    // @ts-expect-error: not an attribute of the model
    expect(() => modelSchemas(Item, { readOnly: ['nope'] })).toThrow(/no attribute/)
  })
})

describe.each(DRIVERS)('modelSchemas on %s', (_name, open) => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await open()
    await db.setBind(database.dsn)
    await db.createAll()
  })
  afterAll(async () => {
    await db.popBind()?.close()
    await database.drop()
  })

  // What an API does with a body that passed: JSON date-times become Dates (create() takes them).
  const toInput = (body: Record<string, unknown>) => ({
    ...body,
    ...(typeof body.stamp === 'string' ? { stamp: new Date(body.stamp) } : {}),
    ...(typeof body.moment === 'string' ? { moment: new Date(body.moment) } : {}),
  })

  it('every value the create schema accepts at the edges is stored, and every row read back matches the row schema', async () => {
    for (const body of [EDGE_HIGH, { ...EDGE_LOW }, { small: 0, title: '' }]) {
      expect(validateCreate(body)).toBe(true)
      const created = await Item.create(toInput(body) as Parameters<typeof Item.create>[0])
      const fetched = await Item.get(created.id)
      const row = JSON.parse(JSON.stringify(fetched)) as unknown
      expect(validateRow(row), JSON.stringify(validateRow.errors)).toBe(true)
    }
  })

  it('the row schema refuses what a row never holds', () => {
    expect(schemas.row.required).toContain('profile')
    expect(validateRow({})).toBe(false)
  })
})
