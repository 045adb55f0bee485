import type { RawBuilder, SqlBool } from 'kysely'
import { sql } from '@gino-ts/core'
import type { FieldInfo, ModelInfo } from './describe-models.js'
import { AdminInputError } from './errors.js'
import { parseDate, parseValue } from './parse-value.js'
import type { AdminFilters } from './types.js'

type Condition = RawBuilder<SqlBool>

/** The conditions of a list page's filters and search, and the filters that could not be read. */
export interface ListConditions {
  readonly where: readonly Condition[]
  readonly errors: Readonly<Record<string, string>>
}

const ORDERED = new Set(['integer', 'bigint', 'numeric', 'float', 'date', 'timestamp', 'timestamptz', 'time'])
const COMPARISON = /^(>=|<=|>|<|=)\s*(.*)$/s
const RANGE = /^(.*?)\.\.(.*)$/s
const DAY_MS = 86_400_000

/** `%`, `_` and the escape character itself, escaped for LIKE (PostgreSQL's default escape `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`)
}

function column(info: FieldInfo): RawBuilder<unknown> {
  return sql.ref(info.column!.name)
}

type Bound = { readonly value: unknown; readonly day?: Date }

/** A bound of an ordered field; a bare date on a timestamp field stands for its whole day. */
function bound(info: FieldInfo, text: string): Bound | { error: string } {
  const kind = info.field.kind
  if ((kind === 'timestamp' || kind === 'timestamptz') && parseDate(text.trim()) !== undefined) {
    const day = new Date(`${text.trim()}T00:00:00Z`)
    return { value: day, day }
  }
  const parsed = parseValue(info, text)
  return parsed.ok ? { value: parsed.value } : { error: parsed.message }
}

const nextDay = (day: Date): Date => new Date(day.getTime() + DAY_MS)

function compare(info: FieldInfo, operator: string, at: Bound): Condition[] {
  const ref = column(info)
  if (at.day === undefined) return [sql<SqlBool>`${ref} ${sql.raw(operator)} ${at.value}`]
  switch (operator) {
    case '=':
      return [sql<SqlBool>`${ref} >= ${at.day}`, sql<SqlBool>`${ref} < ${nextDay(at.day)}`]
    case '>':
      return [sql<SqlBool>`${ref} >= ${nextDay(at.day)}`]
    case '<=':
      return [sql<SqlBool>`${ref} < ${nextDay(at.day)}`]
    default:
      return [sql<SqlBool>`${ref} ${sql.raw(operator)} ${at.day}`]
  }
}

function orderedFilter(info: FieldInfo, text: string): Condition[] | { error: string } {
  const range = RANGE.exec(text)
  if (range !== null) {
    const [, low = '', high = ''] = range
    if (low.trim() === '' && high.trim() === '') return { error: 'Give at least one end of the range.' }
    const out: Condition[] = []
    if (low.trim() !== '') {
      const at = bound(info, low)
      if ('error' in at) return at
      out.push(...compare(info, '>=', at))
    }
    if (high.trim() !== '') {
      const at = bound(info, high)
      if ('error' in at) return at
      out.push(...compare(info, '<=', at))
    }
    return out
  }
  const comparison = COMPARISON.exec(text)
  const operator = comparison?.[1] ?? '='
  const at = bound(info, comparison?.[2] ?? text)
  return 'error' in at ? at : compare(info, operator, at)
}

/** One field's filter as conditions, or why it cannot be read. */
function fieldFilter(info: FieldInfo, text: string): Condition[] | { error: string } {
  const trimmed = text.trim().toLowerCase()
  if (trimmed === 'is:null') return [sql<SqlBool>`${column(info)} IS NULL`]
  if (trimmed === 'not:null') return [sql<SqlBool>`${column(info)} IS NOT NULL`]
  if (text.includes('\u0000')) return { error: 'NUL characters are not allowed.' }
  const kind = info.field.kind
  if (kind === 'text') {
    if (text.startsWith('=')) return [sql<SqlBool>`${column(info)} = ${text.slice(1)}`]
    return [sql<SqlBool>`${column(info)} ILIKE ${`%${escapeLike(text)}%`}`]
  }
  if (ORDERED.has(kind)) return orderedFilter(info, text)
  if (kind === 'boolean' || kind === 'enum' || kind === 'uuid') {
    const parsed = parseValue(info, text)
    return parsed.ok ? [sql<SqlBool>`${column(info)} = ${parsed.value}`] : { error: parsed.message }
  }
  return { error: 'Filter this field with is:null or not:null.' }
}

/**
 * The conditions of `filters` (field → what was typed; empty values ignored) and of a text
 * search over the model's search fields (ILIKE, `%` and `_` taken literally). Every value is
 * a bound parameter; field names come from the model, and an unknown one is refused.
 */
export function listConditions(info: ModelInfo, filters: AdminFilters | undefined, search: string | undefined): ListConditions {
  const where: Condition[] = []
  const errors: Record<string, string> = {}
  for (const [name, text] of Object.entries(filters ?? {})) {
    const field = info.fields.get(name)
    if (field === undefined || field.column === undefined || field.field.filterable !== true)
      throw new AdminInputError(`${info.admin.label} has no field "${String(name).slice(0, 64)}" to filter by.`)
    if (typeof text !== 'string' || text.trim() === '') continue
    const conditions = fieldFilter(field, text)
    if ('error' in conditions) errors[name] = conditions.error
    else where.push(...conditions)
  }
  if (typeof search === 'string' && search.trim() !== '') {
    if (search.includes('\u0000')) errors['search'] = 'NUL characters are not allowed.'
    else if (info.admin.searchFields.length === 0) errors['search'] = 'This model has no text to search.'
    else {
      const pattern = `%${escapeLike(search.trim())}%`
      const alternatives = info.admin.searchFields.map((name) => sql<SqlBool>`${column(info.fields.get(name)!)} ILIKE ${pattern}`)
      where.push(sql<SqlBool>`(${sql.join(alternatives, sql` OR `)})`)
    }
  }
  return { where, errors }
}
