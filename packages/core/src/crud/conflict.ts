import {
  type Expression,
  type InsertQueryBuilder,
  type InsertResult,
  type OnConflictBuilder,
  sql,
} from 'kysely'
import { ModelDefinitionError } from '../model/model-errors.js'
import type { ColumnMeta, ModelMeta } from '../model/model-meta.js'

/**
 * What to do when an inserted row hits a unique constraint: `INSERT ... ON CONFLICT`.
 *
 * @example
 * ```ts
 * { conflict: ['email'], update: ['name'] }     // ON CONFLICT (email) DO UPDATE SET name = excluded.name
 * { conflict: ['email'], update: 'nothing' }    // ON CONFLICT (email) DO NOTHING
 * { conflict: { constraint: 'users_email_key' } } // every given column but the target is updated
 * ```
 */
export interface ConflictOptions<K extends string = string, U extends string = string> {
  /** The conflict target: the columns of a unique index/constraint (attribute or column names), or a constraint name. */
  readonly conflict: readonly K[] | { readonly constraint: string }
  /**
   * `'nothing'` to skip conflicting rows (they are not returned), or the attributes and
   * JSON properties to overwrite with the proposed values. Default: every column the
   * insert gives, except the conflict target.
   */
  readonly update?: readonly U[] | 'nothing'
}

type LooseInsert = InsertQueryBuilder<Record<string, Record<string, unknown>>, string, InsertResult>
type LooseConflict = OnConflictBuilder<Record<string, Record<string, unknown>>, string>

function resolve(meta: ModelMeta, key: string): ColumnMeta {
  const column = meta.byAttribute.get(key) ?? meta.byName.get(key)
  if (column === undefined)
    throw new ModelDefinitionError(`${meta.qualifiedName} has no column "${key}" (in an upsert).`)
  return column
}

/** The SET list of `DO UPDATE`, by column name. */
function updateSet(
  meta: ModelMeta,
  options: ConflictOptions,
  given: ReadonlySet<string>,
  target: readonly string[],
): Record<string, Expression<unknown>> {
  const set: Record<string, Expression<unknown>> = {}
  const excluded = (name: string): Expression<unknown> => sql.ref(`excluded.${name}`)
  if (options.update === undefined) {
    for (const name of given) if (!target.includes(name)) set[name] = excluded(name)
    return set
  }
  const properties: string[] = []
  for (const key of options.update as readonly string[]) {
    if (meta.properties.has(key)) properties.push(key)
    else set[resolve(meta, key).name] = excluded(resolve(meta, key).name)
  }
  for (const [json, held] of meta.propertyColumns) {
    const inColumn = properties.filter((key) => held.has(key))
    if (inColumn.length === 0) continue
    if (set[json.name] !== undefined) {
      throw new ModelDefinitionError(
        `An upsert of ${meta.qualifiedName} updates "${json.attribute}" and properties in it; choose one.`,
      )
    }
    const pairs = inColumn.flatMap((key) => [
      sql.lit(key),
      sql`${sql.ref(`excluded.${json.name}`)} -> ${sql.lit(key)}`,
    ])
    set[json.name] =
      sql`coalesce(${sql.ref(`${meta.tableName}.${json.name}`)}, '{}'::jsonb) || jsonb_build_object(${sql.join(pairs)})`
  }
  return set
}

/** Adds `ON CONFLICT ...` to an insert; `given` is the set of column names the insert sends. */
export function withConflict(
  meta: ModelMeta,
  query: LooseInsert,
  options: ConflictOptions,
  given: ReadonlySet<string>,
): LooseInsert {
  const conflict = options.conflict
  const target = Array.isArray(conflict)
    ? (conflict as readonly string[]).map((key) => resolve(meta, key).name)
    : []
  if (Array.isArray(conflict) && target.length === 0) {
    throw new ModelDefinitionError(
      `An upsert of ${meta.qualifiedName} needs conflict columns or { constraint }.`,
    )
  }
  const on = (oc: LooseConflict): LooseConflict =>
    Array.isArray(conflict)
      ? oc.columns(target)
      : oc.constraint((conflict as { constraint: string }).constraint)
  if (options.update === 'nothing') return query.onConflict((oc) => on(oc).doNothing())
  const set = updateSet(meta, options, given, target)
  if (Object.keys(set).length === 0) return query.onConflict((oc) => on(oc).doNothing())
  return query.onConflict((oc) => on(oc).doUpdateSet(set))
}
