import type { RawBuilder, SqlBool } from 'kysely'
import { sql } from '@gino-ts/core'
import type { ModelInfo } from './describe-models.js'
import { database, estimatedRows, type LooseSelect, modelQuery } from './model-access.js'
import type { AdminListPage } from './types.js'

/** How the list counts rows. */
export interface CountOptions {
  /** Tables (or filtered results) up to this many rows are counted exactly. */
  readonly exactCountUpTo: number
}

/** The planner's estimate of the rows a query returns (`EXPLAIN`, nothing run). */
async function plannedRows(info: ModelInfo, query: LooseSelect): Promise<number | undefined> {
  const rows = await database(info).all(sql<Record<string, unknown>>`EXPLAIN (FORMAT JSON) ${query}`)
  let plan: unknown = Object.values(rows[0] ?? {})[0]
  if (typeof plan === 'string') plan = JSON.parse(plan)
  const estimate = (plan as Array<{ Plan?: { 'Plan Rows'?: unknown } }> | undefined)?.[0]?.Plan?.['Plan Rows']
  return typeof estimate === 'number' ? estimate : undefined
}

/**
 * The total. A table estimated (`pg_class.reltuples`) at up to `exactCountUpTo` rows, or
 * never analyzed, is counted exactly, reading at most `exactCountUpTo + 1` rows; past that
 * the total is an estimate flagged as such: `reltuples` unfiltered, the planner's row
 * estimate (`EXPLAIN`) filtered or when the count ran over.
 */
export async function countRows(info: ModelInfo, where: readonly RawBuilder<SqlBool>[], options: CountOptions): Promise<AdminListPage['total']> {
  const cap = options.exactCountUpTo
  const estimate = await estimatedRows(info)
  if (where.length === 0 && estimate > cap) return { count: Math.round(estimate), estimate: true }
  let inner = modelQuery(info).clearSelect().select(sql.lit(1).as('one'))
  for (const condition of where) inner = inner.where(condition)
  const planned = async (): Promise<AdminListPage['total']> => {
    const rows = await plannedRows(info, inner)
    return rows === undefined ? undefined : { count: Math.round(rows), estimate: true }
  }
  if (estimate > cap) return planned()
  const counted = Number(await database(info).scalar(sql`SELECT count(*)::int FROM (${inner.limit(cap + 1)}) AS counted`))
  return counted <= cap ? { count: counted, estimate: false } : planned()
}
