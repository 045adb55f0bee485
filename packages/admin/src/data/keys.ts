import type { FieldInfo, ModelInfo } from './describe-models.js'
import { AdminNotFoundError } from './errors.js'
import { parseValue } from './parse-value.js'
import type { AdminKey, AdminRow } from './types.js'

const MAX_KEY_LENGTH = 4096

/** A key part as text: dates in ISO 8601, the rest as `String()` writes it. */
export function valueText(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

/**
 * A row's key: each primary-key value percent-encoded, joined by `,` (`42`, `7,3`,
 * `a%2Cb,2024-05-01`). Only characters URLs carry unescaped.
 */
export function encodeKey(info: ModelInfo, row: AdminRow): AdminKey {
  return info.key.map(({ field }) => encodeURIComponent(valueText(row[field.name]))).join(',')
}

function notFound(info: ModelInfo): AdminNotFoundError {
  return new AdminNotFoundError(`No ${info.admin.label} row has this key.`)
}

/** The values of a key in key order, parsed as their columns' types; `AdminNotFoundError` otherwise. */
export function parseKey(info: ModelInfo, key: AdminKey): unknown[] {
  if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_LENGTH) throw notFound(info)
  const parts = key.split(',')
  if (parts.length !== info.key.length) throw notFound(info)
  return parts.map((part, index) => {
    let text: string
    try {
      text = decodeURIComponent(part)
    } catch {
      throw notFound(info)
    }
    const field: FieldInfo = info.key[index]!
    if (text === '') throw notFound(info)
    const parsed = parseValue(field, text)
    if (!parsed.ok) throw notFound(info)
    return parsed.value
  })
}

/** The key as an object by attribute (what `Model.get` takes). */
export function keyObject(info: ModelInfo, values: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  info.key.forEach(({ field }, index) => {
    out[field.name] = values[index]
  })
  return out
}
