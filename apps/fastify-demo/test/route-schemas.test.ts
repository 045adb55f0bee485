import { parseNewUser, parseNewUsers, parseUserChanges } from '@gino-ts/demo-shared'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'

// Bad bodies, and the shared parser the Express and Koa demos use for the same route.
const CASES: ReadonlyArray<[string, 'POST' | 'PATCH', string, unknown, (body: unknown) => unknown]> = [
  ['a name that is a number', 'POST', '/users', { name: 5 }, parseNewUser],
  ['an array', 'POST', '/users', [{ name: 'Eve' }], parseNewUser],
  ['no name', 'POST', '/users', {}, parseNewUser],
  ['a NUL character', 'POST', '/users', { name: 'a\u0000' }, parseNewUser],
  ['an unknown field', 'POST', '/users', { name: 'Eve', admin: true }, parseNewUser],
  ['a blank name', 'POST', '/users', { name: '   ' }, parseNewUser],
  ['an item that is no object', 'POST', '/users/bulk', [{ name: 'a' }, 3], parseNewUsers],
  ['an empty list', 'POST', '/users/bulk', [], parseNewUsers],
  ['no change', 'PATCH', '/users/1', {}, parseUserChanges],
  ['a null name', 'PATCH', '/users/1', { name: null }, parseUserChanges],
]

function parserMessage(parse: (body: unknown) => unknown, body: unknown): string {
  try {
    parse(body)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error('The parser accepted the body.')
}

describe('fastify demo: route schemas', () => {
  let app: FastifyInstance

  beforeAll(async () => {
    app = await buildApp({ dsn: 'pglite://', allowedDatabases: [] })
    await app.ready()
  })
  afterAll(() => app.close())

  it.each(CASES)(
    'refuse %s with the 400 and the message of the shared parsers',
    async (_what, method, url, body, parse) => {
      const res = await app.inject({ method, url, payload: body as object })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ error: parserMessage(parse, body), code: 'INVALID_REQUEST' })
    },
  )
})
