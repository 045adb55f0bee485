import { describe, expect, it } from 'vitest'
import {
  errorResponse,
  parseId,
  parseNewUser,
  parseNewUsers,
  parsePage,
  parseUserChanges,
  ValidationError,
} from '../src/index.js'
import { NotFoundError } from '@gino-ts/core'

describe('request validation', () => {
  it('parsePage reads non-negative integers, limit at most 100, with defaults', () => {
    expect(parsePage({})).toEqual({ limit: 20, offset: 0 })
    expect(parsePage({ limit: '100', offset: '7' })).toEqual({ limit: 100, offset: 7 })
    for (const query of [
      { limit: '101' },
      { limit: '-1' },
      { offset: 'x' },
      { limit: ['1', '2'] },
      { offset: '' },
    ]) {
      expect(() => parsePage(query)).toThrow(ValidationError)
    }
  })

  it('parseId accepts positive integers only', () => {
    expect(parseId('42')).toBe(42)
    for (const id of ['0', '01', '-1', '1e3', 'abc', undefined])
      expect(() => parseId(id)).toThrow('id must be a positive integer.')
  })

  it('parseNewUser trims the name and rejects anything else in the body', () => {
    expect(parseNewUser({ name: ' Ada ' })).toEqual({ name: 'Ada' })
    expect(() => parseNewUser({ name: 'Ada', admin: true })).toThrow(
      'The body has an unknown field "admin".',
    )
    expect(() => parseNewUser(null)).toThrow('The body must be a JSON object.')
  })

  it('parseUserChanges needs at least one change', () => {
    expect(parseUserChanges({ name: 'B' })).toEqual({ name: 'B' })
    expect(() => parseUserChanges({})).toThrow('The body changes nothing.')
  })

  it('parseNewUsers names the failing item', () => {
    expect(parseNewUsers([{ name: 'a' }, { name: 'b' }])).toEqual([{ name: 'a' }, { name: 'b' }])
    expect(() => parseNewUsers([{ name: 'a' }, {}])).toThrow('name must be a string.')
    expect(() => parseNewUsers([{ name: 'a' }, 3])).toThrow('User 1 must be a JSON object.')
  })
})

describe('errorResponse', () => {
  it('answers validation errors 400 and gino HTTP errors with their status and message', () => {
    expect(errorResponse(new ValidationError('bad'))).toEqual({
      status: 400,
      body: { error: 'bad', code: 'INVALID_REQUEST' },
      unexpected: false,
    })
    expect(errorResponse(new NotFoundError('users 9 was not found.')).status).toBe(404)
  })

  it("shows a framework's own 4xx message, and hides anything else behind a 500", () => {
    const parse = Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400 })
    expect(errorResponse(parse)).toEqual({
      status: 400,
      body: { error: 'Unexpected end of JSON input' },
      unexpected: false,
    })
    expect(errorResponse(new Error('connection refused'))).toEqual({
      status: 500,
      body: { error: 'Internal Server Error' },
      unexpected: true,
    })
  })
})
