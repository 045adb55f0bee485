import type { ModelInfo } from './describe-models.js'
import { parseValue } from './parse-value.js'
import type { AdminFormValues } from './types.js'

/** What a form's strings become: attribute values for the model, or errors by field. */
export interface ParsedForm {
  readonly values: Record<string, unknown>
  readonly errors: Record<string, string>
}

const REQUIRED = 'This field is required.'

/**
 * Reads a posted form for `create` or `update`: only the fields that mode writes (read-only,
 * hidden and unknown names are ignored), each string parsed by its kind; `''` is null for a
 * nullable field, the default on create, else "required"; a non-nullable boolean absent is
 * false (an unchecked box).
 */
export function parseForm(info: ModelInfo, posted: AdminFormValues, mode: 'create' | 'update'): ParsedForm {
  const values: Record<string, unknown> = {}
  const errors: Record<string, string> = {}
  for (const { field } of info.fields.values()) {
    if (field.editable?.[mode] !== true) continue
    let raw = Object.hasOwn(posted, field.name) ? posted[field.name] : undefined
    if (field.kind === 'boolean' && !field.nullable && (raw === undefined || raw === '')) raw = 'false'
    if (raw === undefined) {
      if (mode === 'create' && !field.nullable && !field.hasDefault) errors[field.name] = REQUIRED
      continue
    }
    if (typeof raw !== 'string') {
      errors[field.name] = 'This value cannot be read.'
      continue
    }
    if (raw === '' || (raw.trim() === '' && field.kind !== 'text')) {
      if (mode === 'create' && field.hasDefault) continue
      if (field.nullable) values[field.name] = null
      else errors[field.name] = REQUIRED
      continue
    }
    const parsed = parseValue(info.fields.get(field.name)!, raw)
    if (parsed.ok) values[field.name] = parsed.value
    else errors[field.name] = parsed.message
  }
  return { values, errors }
}
