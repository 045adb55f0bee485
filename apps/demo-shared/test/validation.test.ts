import { describe, expect, it } from 'vitest'
import {
  errorResponse,
  parseId,
  parseNewUser,
  parseNewUsers,
  parsePage,
  parseUserChanges,
  noRoute,
  NEW_USER_SCHEMA,
  requireJsonBody,
  USER_CHANGES_SCHEMA,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../src/index.js'
import { GinoHttpError, NotFoundError } from '@gino-ts/core'
import { NO_NUL_PATTERN } from '@gino-ts/schema'

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

  it("validates bodies with the schemas of the User model: its columns, the server's id left out", () => {
    expect(NEW_USER_SCHEMA.properties).toEqual({ name: { type: 'string', pattern: NO_NUL_PATTERN } })
    expect(NEW_USER_SCHEMA.required).toEqual(['name'])
    expect(USER_CHANGES_SCHEMA.required).toEqual([])
    expect(() => parseNewUser({ name: 'Ada', id: 1 })).toThrow('The body has an unknown field "id".')
  })

  it('parseUserChanges needs at least one change', () => {
    expect(parseUserChanges({ name: 'B' })).toEqual({ name: 'B' })
    expect(() => parseUserChanges({})).toThrow('The body must have at least 1 field.')
  })

  it('parseNewUsers names the failing item', () => {
    expect(parseNewUsers([{ name: 'a' }, { name: 'b' }])).toEqual([{ name: 'a' }, { name: 'b' }])
    expect(() => parseNewUsers([{ name: 'a' }, {}])).toThrow('"name" is required.')
    expect(() => parseNewUsers([{ name: 'a' }, { name: ' ' }])).toThrow('name must have 1 to 100 characters.')
    expect(() => parseNewUsers([{ name: 'a' }, 3])).toThrow('User 1 must be a JSON object.')
  })
})

describe('errorResponse', () => {
  it('answers validation errors 400 and gino HTTP errors with their status and message', () => {
    expect(errorResponse(new ValidationError('bad'))).toEqual({
      status: 400,
      body: { error: 'bad', code: 'INVALID_REQUEST' },
      headers: {},
      unexpected: false,
    })
    expect(errorResponse(new NotFoundError('users 9 was not found.')).status).toBe(404)
  })

  it("shows a framework's own 4xx message, and hides anything else behind a 500", () => {
    const parse = Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400 })
    expect(errorResponse(parse)).toEqual({
      status: 400,
      body: { error: 'Unexpected end of JSON input', code: 'INVALID_REQUEST' },
      headers: {},
      unexpected: false,
    })
    const tooLarge = Object.assign(new Error('request entity too large'), { statusCode: 413 })
    expect(errorResponse(tooLarge).body).toEqual({
      error: 'request entity too large',
      code: 'PAYLOAD_TOO_LARGE',
    })
    const fastify = Object.assign(new Error('Unsupported Media Type'), {
      statusCode: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    })
    expect(errorResponse(fastify).body.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const tagged = Object.assign(new Error('no'), { statusCode: 400, code: 'DATABASE_NOT_ALLOWED' })
    expect(errorResponse(tagged).body.code).toBe('DATABASE_NOT_ALLOWED')
    expect(errorResponse(new Error('connection refused'))).toEqual({
      status: 500,
      body: { error: 'Internal Server Error' },
      headers: {},
      unexpected: true,
    })
  })

  it('passes on the headers an error asks for (Retry-After), and logs a gino 5xx', () => {
    const unavailable = Object.assign(new GinoHttpError(503, 'DATABASE_UNAVAILABLE', 'later'), {
      headers: { 'Retry-After': '5', ignored: 1 },
    })
    expect(errorResponse(unavailable)).toEqual({
      status: 503,
      body: { error: 'later', code: 'DATABASE_UNAVAILABLE' },
      headers: { 'Retry-After': '5' },
      unexpected: true,
    })
  })
})

describe('requireJsonBody', () => {
  it('lets JSON bodies and requests without a body through', () => {
    for (const headers of [
      {},
      { 'content-length': '0', 'content-type': 'text/plain' },
      { 'content-length': '2', 'content-type': 'application/json' },
      { 'transfer-encoding': 'chunked', 'content-type': 'Application/JSON; charset=utf-8' },
    ]) {
      expect(() => requireJsonBody(headers)).not.toThrow()
    }
  })

  it('refuses any other body with a 415', () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain',
      undefined,
    ]) {
      expect(() => requireJsonBody({ 'content-length': '9', 'content-type': type })).toThrow(
        UnsupportedMediaTypeError,
      )
    }
  })
})

describe('parseNewUser', () => {
  it('refuses a NUL character in a name', () => {
    expect(() => parseNewUser({ name: 'a\u0000b' })).toThrow(
      'name must not contain a NUL character.',
    )
  })
})

describe('noRoute', () => {
  it('is a 405 with Allow on a known path, a 204 for OPTIONS, a 404 elsewhere', () => {
    expect(noRoute('PUT', '/users/7')).toMatchObject({
      status: 405,
      headers: { Allow: 'GET, HEAD, PATCH, DELETE' },
      body: { code: 'METHOD_NOT_ALLOWED' },
    })
    expect(noRoute('PUT', '/users/bulk').headers.Allow).toBe('GET, HEAD, POST, PATCH, DELETE')
    expect(noRoute('OPTIONS', '/health')).toEqual({
      status: 204,
      headers: { Allow: 'GET, HEAD' },
      body: undefined,
    })
    for (const path of ['/nowhere', '/users/', '/Users', '/users//books']) {
      expect(noRoute('GET', path)).toMatchObject({ status: 404, body: { code: 'ROUTE_NOT_FOUND' } })
    }
  })
})
