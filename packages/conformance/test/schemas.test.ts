import { InvalidOptionError, SchemaNotAllowedError } from '@gino-ts/core'
import {
  resolveDatabases,
  resolveSchemas,
  selectDatabase,
  selectSchema,
} from '@gino-ts/core/integration'
import { describe, expect, it } from 'vitest'

describe('selectSchema', () => {
  const settings = resolveSchemas<{ tenant?: string }>({ allow: ['tenant_a', 'tenant_b'] })

  it('reads the schema query parameter by default; no parameter means the default search_path', () => {
    expect(selectSchema(settings, {}, '/items?schema=tenant_a')).toBe('tenant_a')
    expect(selectSchema(settings, {}, '/items')).toBeUndefined()
    expect(selectSchema(settings, {}, '/items?schema=')).toBeUndefined()
  })

  it('refuses names off the allow-list, malformed or repeated, with a typed 400 error', () => {
    for (const [url, headers] of [
      ['/?schema=public', undefined],
      [`/?schema=${'t'.repeat(64)}`, undefined],
      ['/?schema=a%00b', undefined],
    ] as const) {
      const error = (() => {
        try {
          selectSchema(settings, {}, url, headers)
        } catch (caught) {
          return caught
        }
      })()
      expect(error).toBeInstanceOf(SchemaNotAllowedError)
      expect(error).toMatchObject({
        statusCode: 400,
        status: 400,
        code: 'SCHEMA_NOT_ALLOWED',
        expose: true,
      })
    }
    const byHeader = resolveSchemas({ allow: ['tenant_a'], select: { header: 'X-Tenant' } })
    expect(() => selectSchema(byHeader, {}, '/', { 'x-tenant': ['tenant_a', 'tenant_a'] })).toThrow(
      SchemaNotAllowedError,
    )
    expect(new SchemaNotAllowedError('public').toJSON()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'SCHEMA_NOT_ALLOWED',
      message: 'Schema "public" is not allowed.',
    })
  })

  it('takes a query parameter, a header or a function, and an array or a predicate as allow-list', () => {
    const byQuery = resolveSchemas({ allow: ['tenant_a'], select: { query: 'tenant' } })
    expect(selectSchema(byQuery, {}, '/?tenant=tenant_a&schema=x')).toBe('tenant_a')
    const byHeader = resolveSchemas({
      allow: (name) => name.startsWith('tenant_'),
      select: { header: 'X-Tenant' },
    })
    expect(selectSchema(byHeader, {}, '/', { 'x-tenant': 'tenant_z' })).toBe('tenant_z')
    expect(selectSchema(byHeader, {}, '/', {})).toBeUndefined()
    const byFunction = resolveSchemas<{ tenant?: string }>({
      allow: ['tenant_b'],
      select: (request) => request.tenant,
    })
    expect(selectSchema(byFunction, { tenant: 'tenant_b' }, '/')).toBe('tenant_b')
    // The same selectors pick a per-request database.
    const databases = resolveDatabases({ allow: ['shop'], select: { header: 'x-db' } })
    expect(selectDatabase(databases, {}, '/?db=blog', { 'x-db': 'shop' })).toBe('shop')
  })

  it('refuses invalid options at startup', () => {
    expect(() => resolveSchemas({ allow: 'tenant_a' as never })).toThrow(InvalidOptionError)
    expect(() => resolveSchemas({ allow: [], select: { query: '' } })).toThrow(InvalidOptionError)
    expect(() => resolveSchemas({ allow: [], select: { query: 'a', header: 'b' } })).toThrow(
      InvalidOptionError,
    )
    expect(() => resolveSchemas({ allow: [], select: 'schema' as never })).toThrow(
      InvalidOptionError,
    )
  })
})
