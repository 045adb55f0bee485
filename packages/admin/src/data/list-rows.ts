import type { RawBuilder, SqlBool } from 'kysely'
import { field as resultField, sql, tuple } from '@gino-ts/core'
import type { CursorCodec, CursorPosition } from './cursor.js'
import type { FieldInfo, ModelInfo } from './describe-models.js'
import { AdminInputError } from './errors.js'
import { listConditions } from './filters.js'
import { encodeKey } from './keys.js'
import { rowLabel } from './row-label.js'
import { type CountOptions, countRows } from './count-rows.js'
import { database, type LooseSelect, modelQuery, visibleRow } from './model-access.js'
import type { AdminListPage, AdminListQuery } from './types.js'

const MAX_LIMIT = 500
const KEY_ALIAS = '__admin_k'

interface Order {
  readonly sort: FieldInfo
  readonly direction: 'asc' | 'desc'
  /** The columns ordered by, the sort field first, the primary key after as tie breaker. */
  readonly columns: readonly FieldInfo[]
  /** Keyset pagination needs no NULL in the order; a nullable sort column pages by offset. */
  readonly keyset: boolean
}

function orderOf(info: ModelInfo, query: AdminListQuery): Order {
  const requested = query.sort
  if (requested === undefined) return { sort: info.key[0]!, direction: 'asc', columns: info.key, keyset: true }
  const direction = requested.direction
  if (direction !== 'asc' && direction !== 'desc') throw new AdminInputError('Sort direction must be asc or desc.')
  const sort = typeof requested.field === 'string' ? info.fields.get(requested.field) : undefined
  if (sort === undefined || sort.column === undefined || sort.field.sortable !== true)
    throw new AdminInputError(`${info.admin.label} cannot be sorted by "${String(requested.field).slice(0, 64)}".`)
  const columns = [sort, ...info.key.filter((key) => key !== sort)]
  return { sort, direction, columns, keyset: !sort.field.nullable }
}

function limitOf(query: AdminListQuery, pageSize: number): number {
  const limit = query.limit ?? pageSize
  if (!Number.isInteger(limit) || limit < 1) throw new AdminInputError('The page size must be a positive whole number.')
  return Math.min(limit, MAX_LIMIT)
}

function keysetCondition(order: Order, mode: 'after' | 'before', values: readonly string[]): RawBuilder<SqlBool> {
  const refs = sql.join(order.columns.map(({ column }) => sql.ref(column!.name)))
  const forward = (order.direction === 'asc') === (mode === 'after')
  return sql<SqlBool>`(${refs}) ${sql.raw(forward ? '>' : '<')} (${sql.join(values.map((value) => sql`${value}`))})`
}

/**
 * A page of rows: keyset pagination (`WHERE (sort, key) > (...) ORDER BY sort, key LIMIT n`)
 * when the order has no NULLs, else by offset; filters and search as bound parameters.
 */
export async function listRows(
  info: ModelInfo,
  query: AdminListQuery,
  pageSize: number,
  cursors: CursorCodec,
  counting: CountOptions,
): Promise<AdminListPage> {
  const order = orderOf(info, query)
  const limit = limitOf(query, pageSize)
  const sort = { field: order.sort.field.name, direction: order.direction }
  const { where, errors } = listConditions(info, query.filters, query.search)
  if (Object.keys(errors).length > 0) return { rows: [], sort, errors }

  let position: CursorPosition | undefined
  if (query.cursor !== undefined && query.cursor !== '') {
    const state = cursors.decode(query.cursor)
    if (state.model !== info.admin.name || state.sort !== sort.field || state.direction !== sort.direction)
      throw new AdminInputError('The page cursor was made for another list or order.')
    position = state.position
    if ((position.mode === 'offset') === order.keyset) throw new AdminInputError('The page cursor is not valid.')
    if (position.mode !== 'offset' && position.values.length !== order.columns.length)
      throw new AdminInputError('The page cursor is not valid.')
  }

  const [page, total] = await Promise.all([
    fetchPage(info, order, where, limit, position),
    countRows(info, where, counting),
  ])
  const encode = (next: CursorPosition): string =>
    cursors.encode({ model: info.admin.name, sort: sort.field, direction: sort.direction, position: next })
  let { rows, more } = page
  let backFromStart = false
  if (position?.mode === 'before' && !more) {
    // Back at the start: show the first page as it is, not the rows left before the cursor.
    const first = await fetchPage(info, order, where, limit, undefined)
    rows = first.rows
    more = first.more
    backFromStart = true
    position = undefined
  }
  const out: AdminListPage['rows'][number][] = rows.map(({ instance }) => {
    const row = visibleRow(info, instance)
    const key = encodeKey(info, row)
    return { key, label: rowLabel(info, row, key), row }
  })
  let next: string | undefined
  let previous: string | undefined
  if (order.keyset) {
    const firstKeys = rows[0]?.keys
    const lastKeys = rows.at(-1)?.keys
    const goingBack = position?.mode === 'before'
    if (lastKeys !== undefined && (goingBack || more)) next = encode({ mode: 'after', values: lastKeys })
    if (firstKeys !== undefined && position !== undefined && !backFromStart && (!goingBack || more))
      previous = encode({ mode: 'before', values: firstKeys })
  } else {
    const offset = position?.mode === 'offset' ? position.offset : 0
    if (more) next = encode({ mode: 'offset', offset: offset + limit })
    if (offset > 0) previous = encode({ mode: 'offset', offset: Math.max(0, offset - limit) })
  }
  // Everything fits on the first page: the count is exact whatever the estimate said.
  const counted = position === undefined && !more ? { count: out.length, estimate: false } : total
  return {
    rows: out,
    ...(next === undefined ? {} : { next }),
    ...(previous === undefined ? {} : { previous }),
    ...(counted === undefined ? {} : { total: counted }),
    sort,
  }
}

interface FetchedRow {
  readonly instance: unknown
  /** The order columns as PostgreSQL writes them (exact: microseconds, numerics). */
  readonly keys: string[]
}

async function fetchPage(
  info: ModelInfo,
  order: Order,
  where: readonly RawBuilder<SqlBool>[],
  limit: number,
  position: CursorPosition | undefined,
): Promise<{ rows: FetchedRow[]; more: boolean }> {
  let query: LooseSelect = modelQuery(info)
  for (const condition of where) query = query.where(condition)
  const backwards = position?.mode === 'before'
  if (position !== undefined && position.mode !== 'offset') query = query.where(keysetCondition(order, position.mode, position.values))
  const direction = (order.direction === 'asc') !== backwards ? 'asc' : 'desc'
  for (const { column } of order.columns) query = query.orderBy(sql.ref(column!.name), direction)
  query = query.limit(limit + 1)
  if (position?.mode === 'offset' && position.offset > 0) query = query.offset(position.offset)
  const aliases = order.columns.map((_, index) => `${KEY_ALIAS}${index}`)
  query = query.select(order.columns.map(({ column }, index) => sql<string>`${sql.ref(column!.name)}::text`.as(aliases[index]!)))
  const loader = tuple(info.model, ...aliases.map((alias) => resultField<string>(alias)))
  const loaded = (await database(info).all(query, { loader })) as unknown as unknown[][]
  const more = loaded.length > limit
  const rows = loaded.slice(0, limit).map(([instance, ...keys]) => ({ instance, keys: keys.map(String) }))
  if (backwards) rows.reverse()
  return { rows, more }
}
