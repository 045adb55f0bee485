/** createAdmin's startup checks: no admin open to anyone by accident. */
import { Gino } from '@gino-ts/core'
import { afterEach, describe, expect, it } from 'vitest'
import { AdminConfigError, createAdmin } from '../src/index.js'

const db = new Gino()
const environment = process.env.NODE_ENV

afterEach(() => {
  process.env.NODE_ENV = environment
})

describe('createAdmin', () => {
  it('refuses to start without authorize', () => {
    expect(() => createAdmin({ db })).toThrow(AdminConfigError)
    expect(() => createAdmin({ db })).toThrow(/`authorize` is required/)
  })

  it('opens to anyone only when asked, and never in production', () => {
    expect(createAdmin({ db, unsafeAllowAnyone: true }).prefix).toBe('/admin')
    process.env.NODE_ENV = 'production'
    expect(() => createAdmin({ db, unsafeAllowAnyone: true })).toThrow(/refused when NODE_ENV is production/)
  })

  it('refuses a short token and a prefix that is no path', () => {
    expect(() => createAdmin({ db, authorize: { token: 'short' } })).toThrow(/at least 16 characters/)
    expect(() => createAdmin({ db, authorize: () => true, prefix: 'admin"><script>' })).toThrow(AdminConfigError)
    expect(createAdmin({ db, authorize: () => true, prefix: '/back-office/' }).prefix).toBe('/back-office')
  })
})
