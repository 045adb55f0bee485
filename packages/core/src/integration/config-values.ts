import { InvalidOptionError } from '../errors.js'

/** One configuration value: from the options (typed) or from the environment (text). */
export interface ConfigValue {
  /** The name to report: the option name, or the environment variable. */
  readonly key: string
  readonly value: unknown
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on']
const FALSE_WORDS = ['0', 'false', 'no', 'off']

function invalid(key: string, expected: string, value: unknown): InvalidOptionError {
  return new InvalidOptionError(
    key,
    `Invalid ${key}: expected ${expected}, got ${JSON.stringify(value)}.`,
  )
}

export function readBoolean({ key, value }: ConfigValue): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase()
    if (TRUE_WORDS.includes(word)) return true
    if (FALSE_WORDS.includes(word)) return false
  }
  throw invalid(key, 'true or false', value)
}

export function readInteger(
  { key, value }: ConfigValue,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    throw invalid(key, `an integer from ${min} to ${max}`, value)
  }
  return number
}

export function readSeconds({ key, value }: ConfigValue): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
    throw invalid(key, 'a number of seconds >= 0', value)
  }
  return number
}

export function readString({ key, value }: ConfigValue): string {
  if (typeof value !== 'string' || value === '') throw invalid(key, 'a non-empty string', value)
  return value
}

export function readObject({ key, value }: ConfigValue): Record<string, unknown> {
  let parsed = value
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value)
    } catch {
      throw invalid(key, 'a JSON object', value)
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid(key, 'a JSON object', value)
  }
  return parsed as Record<string, unknown>
}

/**
 * A list of strings: an array in the options, comma-separated text in the environment
 * (blanks around items and empty items ignored). The error never repeats the value: it may
 * hold passwords (`DB_REPLICA_DSNS`).
 */
export function readList({ key, value }: ConfigValue): string[] {
  const items = typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter((item) => item !== '') : value
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string' || item === '')) {
    throw new InvalidOptionError(key, `Invalid ${key}: expected a list of non-empty strings (comma-separated in the environment).`)
  }
  return [...(items as string[])]
}
