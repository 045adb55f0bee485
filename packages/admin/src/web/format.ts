import type { AdminField, AdminModel } from '../data/types.js'
import { html, type Html } from './html.js'
import type { AdminUrls } from './urls.js'

/** A value as text in lists and row pages (`null` shown apart from the string "null"). */
export function displayValue(value: unknown): Html {
  if (value === null || value === undefined) return html`<span class="null">null</span>`
  const text = displayText(value)
  return text.length > 200 ? html`${text.slice(0, 200)}…` : html`${text}`
}

/**
 * A foreign-key value as a link to the row it refers to (when it refers to the whole key of
 * a model of the admin, the key is the value itself), else as text.
 */
export function referenceValue(field: AdminField, value: unknown, models: readonly AdminModel[], urls: AdminUrls): Html {
  const target = field.references
  if (target === undefined || value === null || value === undefined) return displayValue(value)
  const model = models.find((candidate) => candidate.name === target.model)
  if (model?.primaryKey.length !== 1 || model.primaryKey[0] !== target.field) return displayValue(value)
  return html`<a href="${urls.row(model.name, displayText(value))}">${displayValue(value)}</a>`
}

/** A value as plain text (labels, titles). */
export function displayText(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid date' : value.toISOString()
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return value.toString()
  return JSON.stringify(value) ?? ''
}

/** A value as its form input expects it (`datetime-local` wants no zone: shown in UTC). */
export function inputValue(field: AdminField, value: unknown): string {
  if (value === null || value === undefined) return ''
  switch (field.kind) {
    case 'json':
    case 'array':
      return JSON.stringify(value, null, 2)
    case 'date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : displayText(value)
    case 'timestamp':
    case 'timestamptz':
      if (value instanceof Date) return value.toISOString().replace(/Z$/, '').replace(/\.000$/, '')
      return displayText(value)
    default:
      return displayText(value)
  }
}
