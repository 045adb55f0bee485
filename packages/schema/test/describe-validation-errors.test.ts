import { column, Gino } from '@gino-ts/core'
import type { ValidateFunction } from 'ajv'
import { describe, expect, it } from 'vitest'
import { describeValidationErrors, modelSchemas } from '../src/index.js'
import { newAjv } from './support/ajv.js'

const db = new Gino()
class Thing extends db.model('schema_things', {
  id: column.serial().primaryKey(),
  name: column.varchar(3).notNull(),
  note: column.text(),
  size: column.smallint(),
  big: column.bigint(),
  price: column.numeric(4, 1),
  kind: column.enum('schema_thing_kind', ['a', 'b']),
  day: column.date(),
}) {}

const ajv = newAjv()
const create = ajv.compile(modelSchemas(Thing, { readOnly: ['id'] }).create)
const list = ajv.compile({ type: 'array', items: modelSchemas(Thing).create, minItems: 1, maxItems: 2 })

function message(body: unknown, validate: ValidateFunction = create, options = {}): string {
  expect(validate(body)).toBe(false)
  return describeValidationErrors(validate.errors ?? [], options)
}

describe('describeValidationErrors', () => {
  it('names the field and says what it must be, never repeating the value', () => {
    expect(message({ name: 'a\u0000' })).toBe('name must not contain a NUL character.')
    expect(message({ name: 5 })).toBe('name must be a string.')
    expect(message({ name: 'abcd' })).toBe('name must have at most 3 characters.')
    expect(message({ name: 'a', note: 5 })).toBe('note must be a string or null.')
    expect(message({ name: 'a', size: 40000 })).toBe('size must be at most 32767.')
    expect(message({ name: 'a', big: '1.5' })).toBe('big must be an integer written as a string.')
    expect(message({ name: 'a', price: '1.55' })).toBe('price must be a decimal number written as a string.')
    expect(message({ name: 'a', kind: 'secret' })).toBe('kind must be one of "a", "b".')
    expect(message({ name: 'a', day: 'secret' })).toBe('day must be a date string.')
    expect(message({})).toBe('"name" is required.')
    expect(message({ name: 'a', admin: true })).toBe('The body has an unknown field "admin".')
    expect(message([])).toBe('The body must be a JSON object.')
  })

  it('names an item of a list by its index, and the whole value by the given subject', () => {
    expect(message([{ name: 'a' }, 3], list, { item: 'Thing' })).toBe('Thing 1 must be a JSON object.')
    expect(message([], list, { subject: 'The list' })).toBe('The list must have at least 1 item.')
    expect(message([{ name: 'a' }, { name: 'b' }, { name: 'c' }], list)).toBe('The body must have at most 2 items.')
    expect(describeValidationErrors([])).toBe('The body is invalid.')
  })
})
