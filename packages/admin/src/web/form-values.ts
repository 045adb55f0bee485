import type { AdminFormValues, AdminModel, AdminRow } from '../data/types.js'
import { inputValue } from './format.js'
import type { FormState } from './pages/form-page.js'
import { type AdminFields, allValues, lastValue } from './request.js'

/** The field name a form posts (once per field) to set it to null. */
export const NULL_FIELD = '_null'

/**
 * A posted form as the data layer takes it: only writable fields; a field whose "null" box
 * is checked posts the empty string (which the data layer reads as null for nullable fields);
 * on create, an empty field with a server default is left out so the default applies.
 */
export function postedValues(model: AdminModel, body: AdminFields, creating: boolean): AdminFormValues {
  const nulls = new Set(allValues(body[NULL_FIELD]))
  const values: Record<string, string | undefined> = {}
  for (const field of model.fields) {
    const writable = field.editable === undefined ? !field.readOnly : creating ? field.editable.create : field.editable.update
    if (!writable) continue
    if (field.nullable && nulls.has(field.name)) {
      values[field.name] = ''
      continue
    }
    const value = lastValue(body[field.name])
    if (value === undefined) continue
    if (creating && field.hasDefault && value === '') continue
    values[field.name] = value
  }
  return values
}

/** The state a form re-renders with after a refused post: what was typed, what was null. */
export function postedState(model: AdminModel, body: AdminFields): Pick<FormState, 'values' | 'nulls'> {
  const values: Record<string, string> = {}
  for (const field of model.fields) {
    const value = lastValue(body[field.name])
    if (value !== undefined) values[field.name] = value
  }
  return { values, nulls: new Set(allValues(body[NULL_FIELD])) }
}

/** The state an edit form starts from: the row's values. */
export function rowState(model: AdminModel, row: AdminRow): Pick<FormState, 'values' | 'nulls'> {
  const values: Record<string, string> = {}
  const nulls = new Set<string>()
  for (const field of model.fields) {
    const value = row[field.name]
    if (value === null) nulls.add(field.name)
    values[field.name] = inputValue(field, value)
  }
  return { values, nulls }
}
