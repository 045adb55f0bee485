import type { RawBuilder, SqlBool } from 'kysely'
import { sql } from '@gino-ts/core'
import type { ModelInfo } from './describe-models.js'
import { AdminInputError, AdminNotFoundError } from './errors.js'
import { escapeLike } from './filters.js'
import { encodeKey, parseKey, valueText } from './keys.js'
import { database, modelQuery, visibleRow } from './model-access.js'
import { rowLabel } from './row-label.js'
import type { AdminKey } from './types.js'

const MAX_CHOICES = 100

/** The key condition of `search` read as a key of the model, when it is one. */
function keyCondition(info: ModelInfo, search: string): RawBuilder<SqlBool> | undefined {
  let values: unknown[]
  try {
    values = parseKey(info, search)
  } catch (error) {
    if (error instanceof AdminNotFoundError) return undefined
    throw error
  }
  const parts = info.key.map(({ column }, index) => sql<SqlBool>`${sql.ref(column!.name)} = ${values[index]}`)
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`
}

/**
 * A foreign-key picker's rows: those whose search fields contain `search` (ILIKE, literal
 * `%` and `_`) or whose key it is; all rows (first `limit`) for an empty search.
 */
export async function choiceRows(
  info: ModelInfo,
  search: string,
  limit = 20,
  field?: string,
): Promise<{ key: AdminKey; label: string; value?: string }[]> {
  if (field !== undefined && info.fields.get(field)?.column === undefined)
    throw new AdminInputError(`${info.admin.label} has no field "${String(field).slice(0, 64)}" to refer to.`)
  const count = Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_CHOICES) : 20
  let query = modelQuery(info)
  const text = typeof search === 'string' ? search.trim() : ''
  if (text !== '') {
    const alternatives: RawBuilder<SqlBool>[] = []
    if (!text.includes('\u0000')) {
      const pattern = `%${escapeLike(text)}%`
      for (const name of info.admin.searchFields)
        alternatives.push(sql<SqlBool>`${sql.ref(info.fields.get(name)!.column!.name)} ILIKE ${pattern}`)
      const byKey = keyCondition(info, text)
      if (byKey !== undefined) alternatives.push(byKey)
    }
    if (alternatives.length === 0) return []
    query = query.where(sql<SqlBool>`(${sql.join(alternatives, sql` OR `)})`)
  }
  for (const { column } of info.key) query = query.orderBy(sql.ref(column!.name))
  const found = await database(info).all(query.limit(count))
  return found.map((instance) => {
    const row = visibleRow(info, instance)
    const key = encodeKey(info, row)
    const value = field === undefined ? undefined : row[field]
    return {
      key,
      label: rowLabel(info, row, key),
      ...(value === undefined || value === null ? {} : { value: valueText(value) }),
    }
  })
}
