import type { SqlBool } from 'kysely'
import { sql } from '@gino-ts/core'
import type { ModelInfo } from './describe-models.js'
import { AdminNotFoundError } from './errors.js'
import { encodeKey, keyObject, parseKey, valueText } from './keys.js'
import { database, type InstanceLike, modelQuery, statics, visibleRow } from './model-access.js'
import { rowLabel } from './row-label.js'
import type { AdminKey, AdminRelatedRows, AdminRelation } from './types.js'

const FIRST_PAGE = 10

/** Rows of `info` whose `fields` (attributes) hold `values`, as keys and labels (first `limit`). */
async function rowsWhere(
  info: ModelInfo,
  fields: readonly string[],
  values: readonly unknown[],
  limit: number,
): Promise<{ rows: { key: AdminKey; label: string }[]; more: boolean }> {
  let query = modelQuery(info)
  fields.forEach((name, index) => {
    query = query.where(sql<SqlBool>`${sql.ref(info.meta.byAttribute.get(name)!.name)} = ${values[index]}`)
  })
  for (const { column } of info.key) query = query.orderBy(sql.ref(column!.name))
  const found = await database(info).all(query.limit(limit + 1))
  const rows = found.slice(0, limit).map((instance) => {
    const row = visibleRow(info, instance)
    const key = encodeKey(info, row)
    return { key, label: rowLabel(info, row, key) }
  })
  return { rows, more: found.length > limit }
}

function filtersOf(fields: readonly string[], values: readonly unknown[]): Record<string, string> {
  const out: Record<string, string> = {}
  fields.forEach((name, index) => {
    out[name] = valueText(values[index])
  })
  return out
}

/**
 * The rows linked to one row: for each foreign key pointing at its model, the first rows of
 * the other model that point at it (`incoming`); for each foreign key it holds, the row it
 * points at (`outgoing`). `AdminNotFoundError` when the row does not exist.
 */
export async function relatedRows(info: ModelInfo, key: AdminKey, models: ReadonlyMap<string, ModelInfo>): Promise<AdminRelatedRows[]> {
  const instance = await statics(info).get(keyObject(info, parseKey(info, key)))
  if (instance === null || instance === undefined) throw new AdminNotFoundError(`No ${info.admin.label} row has this key.`)
  const values = (instance as InstanceLike).toDict()
  const out: AdminRelatedRows[] = []
  const follow = async (relation: AdminRelation, direction: 'incoming' | 'outgoing'): Promise<void> => {
    const [here, there, otherName] =
      direction === 'incoming'
        ? [relation.toFields, relation.fromFields, relation.fromModel]
        : [relation.fromFields, relation.toFields, relation.toModel]
    const other = models.get(otherName)
    if (other === undefined) return
    const linked = here.map((name) => values[name])
    const filters = filtersOf(there, linked)
    if (linked.some((value) => value === null || value === undefined)) {
      out.push({ relation, rows: [], filters: {}, direction })
      return
    }
    const { rows, more } = await rowsWhere(other, there, linked, direction === 'incoming' ? FIRST_PAGE : 1)
    out.push({ relation, rows, filters, direction, ...(more && direction === 'incoming' ? { more } : {}) })
  }
  for (const relation of info.admin.outgoing) await follow(relation, 'outgoing')
  for (const relation of info.admin.incoming) await follow(relation, 'incoming')
  return out
}
