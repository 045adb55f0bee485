import { JsonPropertyError, QueryError } from '@gino-ts/core'
import type { ModelInfo } from './describe-models.js'
import type { AdminFieldKind, AdminFormErrors } from './types.js'

const KEY_DETAIL = /^Key \(([^)]*)\)=/

// The kinds whose values may still raise a data exception once the form was read (the form
// checks integer ranges, lengths, formats): a numeric rounded past its precision, a real
// overflowing float4, array elements, types the admin passes on as text.
const DATA_KINDS: Readonly<Record<string, readonly AdminFieldKind[]>> = {
  '22003': ['numeric', 'float', 'array', 'other'],
  '22001': ['text', 'array', 'other'],
  '22P02': ['array', 'other'],
  '22007': ['date', 'timestamp', 'timestamptz', 'time', 'other'],
  '22008': ['date', 'timestamp', 'timestamptz', 'time', 'other'],
}

/** The columns (database names) a constraint covers, from the model's declaration or the server's detail. */
function constraintColumns(info: ModelInfo, constraint: string | undefined, detail: unknown): string[] | undefined {
  const { meta } = info
  if (constraint !== undefined) {
    if (constraint === `${meta.tableName}_pkey`) return meta.primaryKey.map((column) => column.name)
    const unique = meta.uniques.find((item) => item.name === constraint)
    if (unique !== undefined) return [...unique.columns]
    const foreignKey = meta.foreignKeys.find((item) => item.name === constraint)
    if (foreignKey !== undefined) return [...foreignKey.columns]
    const index = meta.indexes.find((item) => item.name === constraint && item.unique && item.columns.length > 0)
    if (index !== undefined) return [...index.columns]
    for (const column of meta.columns) {
      if (constraint === `${meta.tableName}_${column.name}_key` || constraint === `${meta.tableName}_${column.name}_check`)
        return [column.name]
    }
  }
  // The server's detail names the key columns ("Key (a, b)=(...)"); only the names are kept.
  const match = typeof detail === 'string' ? KEY_DETAIL.exec(detail) : null
  if (match === null) return undefined
  return match[1]!.split(',').map((name) => name.trim().replace(/^"|"$/g, ''))
}

/** Visible attributes of the columns; undefined when one of them is not shown. */
function visibleAttributes(info: ModelInfo, columns: readonly string[] | undefined): string[] | undefined {
  if (columns === undefined || columns.length === 0) return undefined
  const attributes = columns.map((name) => info.meta.byName.get(name)?.attribute)
  if (attributes.some((name) => name === undefined || !info.fields.has(name))) return undefined
  return attributes as string[]
}

function onFields(attributes: readonly string[], message: string): AdminFormErrors {
  const fields: Record<string, string> = {}
  for (const name of attributes) fields[name] = message
  return { fields }
}

/**
 * A failed write as errors at the fields it concerns: unique (23505), foreign key (23503),
 * check (23514), not-null (23502) by the constraint's columns, invalid or out-of-range
 * values (22xxx) at the one submitted field of a matching kind. Messages carry neither SQL
 * nor values. Undefined for an error that is not the user's (it is rethrown).
 */
export function writeErrors(info: ModelInfo, error: unknown, submitted: Readonly<Record<string, unknown>>): AdminFormErrors | undefined {
  if (error instanceof JsonPropertyError) return { fields: {}, form: 'A property value has the wrong type.' }
  if (!(error instanceof QueryError)) return undefined
  const cause = (error.cause ?? {}) as { detail?: unknown; column?: unknown }
  const state = error.sqlState
  switch (state) {
    case '23505': {
      const attributes = visibleAttributes(info, constraintColumns(info, error.constraint, cause.detail))
      if (attributes === undefined) return { fields: {}, form: 'A row with these values already exists.' }
      return onFields(attributes, attributes.length === 1 ? 'This value is already used.' : 'This combination of values is already used.')
    }
    case '23503': {
      const attributes = visibleAttributes(info, constraintColumns(info, error.constraint, cause.detail))
      const relation = info.admin.outgoing.find((item) => attributes !== undefined && item.fromFields.join() === attributes.join())
      if (attributes === undefined || relation === undefined)
        return { fields: {}, form: 'Other rows still refer to this row: change or delete them first.' }
      return onFields(attributes, 'No such row to refer to.')
    }
    case '23514': {
      const attributes = visibleAttributes(info, constraintColumns(info, error.constraint, undefined))
      if (attributes === undefined) return { fields: {}, form: `The values break the rule ${error.constraint ?? 'of this table'}.` }
      return onFields(attributes, 'This value is not allowed.')
    }
    case '23502': {
      const attributes = visibleAttributes(info, typeof cause.column === 'string' ? [cause.column] : undefined)
      if (attributes === undefined) return { fields: {}, form: 'A required value is missing.' }
      return onFields(attributes, 'This field is required.')
    }
    default: {
      const kinds = state === undefined ? undefined : DATA_KINDS[state]
      if (kinds === undefined) return state?.startsWith('22') === true ? { fields: {}, form: 'A value is not valid for its field.' } : undefined
      const candidates = Object.keys(submitted).filter((name) => {
        const field = info.fields.get(name)?.field
        return field !== undefined && submitted[name] !== null && kinds.includes(field.kind)
      })
      if (candidates.length === 1) return onFields(candidates, 'This value is not valid for this field.')
      return { fields: {}, form: 'A value is not valid for its field.' }
    }
  }
}
