import { integerRange, numericDigits } from './field-kind.js'
import type { FieldInfo } from './describe-models.js'

/** A string read as a field's value, or why it cannot be. Messages name no value. */
export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string }

const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const PLAIN_DECIMAL = /^[+-]?(\d*)(?:\.(\d*))?$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?$/
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const INT8_MIN = -(2n ** 63n)
const INT8_MAX = 2n ** 63n - 1n

const TRUE = new Set(['true', 'on', '1', 'yes', 't'])
const FALSE = new Set(['false', 'off', '0', 'no', 'f'])

const ok = (value: unknown): Parsed => ({ ok: true, value })
const fail = (message: string): Parsed => ({ ok: false, message })

function validDate(year: number, month: number, day: number): boolean {
  // PostgreSQL has no year 0 (1 BC is written with BC, which forms do not post).
  if (year < 1 || month < 1 || month > 12 || day < 1) return false
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day <= last
}

/** `YYYY-MM-DD`, checked to be a day of the calendar. */
export function parseDate(text: string): string | undefined {
  const match = DATE.exec(text)
  if (match === null) return undefined
  return validDate(Number(match[1]), Number(match[2]), Number(match[3])) ? text : undefined
}

/**
 * A date and time as a form's `datetime-local` posts it (`2024-05-01T10:30`), seconds and a
 * zone optional; without a zone it is UTC (the admin shows times in UTC).
 */
export function parseDateTime(text: string): Date | undefined {
  const match = DATE_TIME.exec(text)
  if (match === null) return undefined
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = match
  if (!validDate(Number(y), Number(mo), Number(d))) return undefined
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`
  const millis = (fraction + '000').slice(1, 4).padEnd(3, '0')
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s.padStart(2, '0')}.${millis}${offset}`)
  return Number.isNaN(date.getTime()) ? undefined : date
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (Array.isArray(value)) return value.some(containsNul)
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item))
  return false
}

/**
 * A non-empty string as the value of `info`'s field: integers in their type's range,
 * bigint and numeric as exact strings, booleans, dates, times, JSON, enum values, text
 * within its length. NUL characters are refused everywhere (PostgreSQL cannot store them).
 */
export function parseValue(info: FieldInfo, text: string): Parsed {
  if (text.includes('\u0000')) return fail('NUL characters are not allowed.')
  const field = info.field
  const trimmed = text.trim()
  switch (field.kind) {
    case 'integer': {
      if (!INTEGER.test(trimmed)) return fail('Enter a whole number.')
      const value = Number(trimmed)
      const { min, max } = info.column === undefined ? { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } : integerRange(info.column.spec)
      if (!(value >= min && value <= max)) return fail(`Enter a whole number from ${min} to ${max}.`)
      return ok(value)
    }
    case 'bigint': {
      if (!INTEGER.test(trimmed)) return fail('Enter a whole number.')
      const value = BigInt(trimmed)
      if (value < INT8_MIN || value > INT8_MAX) return fail(`Enter a whole number from ${INT8_MIN} to ${INT8_MAX}.`)
      return ok(value.toString())
    }
    case 'numeric': {
      if (!DECIMAL.test(trimmed)) return fail('Enter a number.')
      const digits = info.column === undefined ? undefined : numericDigits(info.column.spec)
      const plain = PLAIN_DECIMAL.exec(trimmed)
      if (digits !== undefined && plain !== null) {
        const integerDigits = (plain[1] ?? '').replace(/^0+/, '').length
        if (integerDigits > digits.integer) return fail(`Enter a number with at most ${digits.integer} digit(s) before the point.`)
      }
      return ok(trimmed)
    }
    case 'float': {
      const value = Number(trimmed)
      if (trimmed === '' || !DECIMAL.test(trimmed) || !Number.isFinite(value)) return fail('Enter a number.')
      return ok(value)
    }
    case 'boolean': {
      const lower = trimmed.toLowerCase()
      if (TRUE.has(lower)) return ok(true)
      if (FALSE.has(lower)) return ok(false)
      return fail('Choose yes or no.')
    }
    case 'date':
      return parseDate(trimmed) === undefined ? fail('Enter a date as YYYY-MM-DD.') : ok(trimmed)
    case 'timestamp':
    case 'timestamptz': {
      const value = parseDateTime(trimmed)
      return value === undefined ? fail('Enter a date and time as YYYY-MM-DDTHH:MM[:SS].') : ok(value)
    }
    case 'time': {
      const match = TIME.exec(trimmed)
      if (match === null || Number(match[1]) > 23 || Number(match[2]) > 59 || Number(match[3] ?? 0) > 59)
        return fail('Enter a time as HH:MM[:SS].')
      return ok(trimmed)
    }
    case 'uuid':
      return UUID.test(trimmed) ? ok(trimmed.toLowerCase()) : fail('Enter a UUID.')
    case 'enum':
      return field.enumValues?.includes(text) === true ? ok(text) : fail('Choose one of the listed values.')
    case 'json':
    case 'array': {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        return fail('Enter valid JSON.')
      }
      if (field.kind === 'array' && !Array.isArray(value)) return fail('Enter a JSON array.')
      if (containsNul(value)) return fail('NUL characters are not allowed.')
      return ok(value)
    }
    case 'text': {
      if (field.maxLength !== undefined && [...text].length > field.maxLength)
        return fail(`Enter at most ${field.maxLength} characters.`)
      return ok(text)
    }
    case 'other':
      return ok(text)
  }
}
