import type { Kysely, SelectQueryBuilder } from 'kysely'
import type { BakedQuery } from '../execution/baked-query.js'
import type { ModelMeta } from '../model/model-meta.js'

type Bag = Record<string, unknown>
type LooseKysely = Kysely<Record<string, Record<string, unknown>>>
type LooseSelect = SelectQueryBuilder<Record<string, Record<string, unknown>>, string, object>

/** What the baked CRUD statements need from a model class. */
export interface BakeTarget {
  kysely(): LooseKysely
  readonly query: unknown
}

/** The parameter name of a lookup column in UPDATE/DELETE (set values use the bare column name). */
export const whereParam = (column: string): string => `where.${column}`

const cache = new WeakMap<object, Map<string, unknown>>()

/** Makes what `key` names once per model class (a baked statement, a plan); later calls only look it up. */
function cached<V>(model: object, key: string, make: () => V): V {
  let byKey = cache.get(model)
  if (byKey === undefined) cache.set(model, (byKey = new Map<string, unknown>()))
  let value = byKey.get(key) as V | undefined
  if (value === undefined) byKey.set(key, (value = make()))
  return value
}

/** A statement baked once per model class under `key`. */
function bakedOnce(model: object, key: string, bake: () => object): BakedQuery<Bag, Bag> {
  // Rows are read by column name: the builders' precise row types add nothing here.
  return cached(model, key, bake) as BakedQuery<Bag, Bag>
}

/**
 * `Model.get`: `SELECT <every column> FROM t WHERE <key> = $1 ...`, loading an instance;
 * parameters `k0`, `k1`... by primary key position.
 */
export function bakedGet(model: BakeTarget, meta: ModelMeta): BakedQuery<Bag, Bag> {
  return bakedOnce(model, 'get', () =>
    meta.db.bake((p: Bag) =>
      (model.query as LooseSelect).where((eb) =>
        eb.and(
          meta.primaryKey.map((column, i) =>
            eb(`${meta.tableName}.${column.name}`, '=', p[`k${i}`]),
          ),
        ),
      ),
    ),
  )
}

/** `create()`'s statement for one column set, and whether it reads anything back. */
export interface CreatePlan {
  readonly baked: BakedQuery<Bag, Bag>
  /** False when every column was given: nothing to read back, the statement has no RETURNING. */
  readonly returns: boolean
}

/**
 * `create()` of plain values (no SQL expressions): `INSERT INTO t (<names>) VALUES ($1,
 * ...) RETURNING <every column not given>` (or `DEFAULT VALUES`); parameters by column
 * name. Planned and baked once per model class and column set: a later call with the same
 * columns costs one key and one lookup.
 */
export function bakedCreate(model: BakeTarget, meta: ModelMeta, values: Bag): CreatePlan {
  let key = 'create:'
  for (const name in values) key += `${name},`
  return cached(model, key, () => {
    const names = Object.keys(values)
    const returned = meta.columns.filter((column) => !names.includes(column.name)).map((column) => column.name)
    return { baked: bakedInsert(model, meta, names, returned), returns: returned.length > 0 }
  })
}

/**
 * `INSERT INTO t (<names>) VALUES ($1, ...) RETURNING <returned>` (or `DEFAULT VALUES`);
 * parameters by column name.
 */
function bakedInsert(
  model: BakeTarget,
  meta: ModelMeta,
  names: readonly string[],
  returned: readonly string[],
): BakedQuery<Bag, Bag> {
  return meta.db.bake((p: Bag) => {
    const base = model.kysely().insertInto(meta.tableName)
    const values = Object.fromEntries(names.map((name) => [name, p[name]]))
    const query = names.length === 0 ? base.defaultValues() : base.values(values)
    return returned.length === 0 ? query : query.returning(returned)
  }) as BakedQuery<Bag, Bag>
}

/**
 * `update().apply()` of plain values: `UPDATE t SET <names> = $1 ... WHERE <lookup> = ...`;
 * parameters by column name, lookup values as `where.<column>`.
 */
export function bakedUpdate(
  model: BakeTarget,
  meta: ModelMeta,
  names: readonly string[],
  lookup: readonly string[],
): BakedQuery<Bag, Bag> {
  return bakedOnce(model, `update:${names.join(',')}:${lookup.join(',')}`, () =>
    meta.db.bake((p: Bag) => {
      let query = model
        .kysely()
        .updateTable(meta.tableName)
        .set(Object.fromEntries(names.map((name) => [name, p[name]])))
      for (const column of lookup) query = query.where(column, '=', p[whereParam(column)])
      return query
    }),
  )
}

/** `delete()`: `DELETE FROM t WHERE <lookup> = $1 ...`; parameters by column name. */
export function bakedDelete(
  model: BakeTarget,
  meta: ModelMeta,
  lookup: readonly string[],
): BakedQuery<Bag, Bag> {
  return bakedOnce(model, `delete:${lookup.join(',')}`, () =>
    meta.db.bake((p: Bag) => {
      let query = model.kysely().deleteFrom(meta.tableName)
      for (const column of lookup) query = query.where(column, '=', p[column])
      return query
    }),
  )
}
