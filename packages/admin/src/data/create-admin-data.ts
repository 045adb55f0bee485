import { randomBytes } from 'node:crypto'
import type { RegisteredModel } from '@gino-ts/core'
import { CursorCodec } from './cursor.js'
import { describeModels, type ModelInfo } from './describe-models.js'
import { AdminNotFoundError } from './errors.js'
import { encodeKey, keyObject, parseKey } from './keys.js'
import { listRows } from './list-rows.js'
import { statics, visibleRow } from './model-access.js'
import { rowLabel } from './row-label.js'
import { relatedRows } from './related-rows.js'
import { choiceRows } from './choices.js'
import { createRow, deleteRows, updateRow } from './write-rows.js'
import type { AdminData, AdminModel, AdminModelOptions } from './types.js'

/** What the admin reads models from: a `Gino` (its `models`, the registry). */
export interface AdminDatabase {
  readonly models: readonly RegisteredModel[]
}

/** Options of `createAdminData`. */
export interface AdminDataOptions {
  /** Per-model options by admin model name (the table name, `schema.table` with a schema). */
  readonly models?: Readonly<Record<string, AdminModelOptions>>
  /** Rows per list page when the query names none (default 50, at most 500). */
  readonly pageSize?: number
  /**
   * Signs list cursors; default: random per `createAdminData` call (cursors then stop working
   * after a restart, or across processes: give a secret shared by them to keep them).
   */
  readonly cursorSecret?: string | Uint8Array
  /**
   * Tables estimated (`pg_class.reltuples`) at up to this many rows are counted exactly
   * (`count(*)`); larger ones give an estimate flagged as such: `reltuples` unfiltered, the
   * planner's row estimate (`EXPLAIN`) filtered. A result that fits on its first page is
   * counted exactly anyway. Default 20 000.
   */
  readonly exactCountUpTo?: number
}

/**
 * The admin's data layer over every model of `db` (models without a primary key are left
 * out): descriptions, pages, rows, related rows, foreign-key choices, and writes that go
 * through the models (`Model.create`, `instance.update().apply()`, `Model.delete`), with
 * database errors mapped to the fields they concern. Nothing from a request becomes SQL:
 * field names are checked against the model, values are bound parameters.
 *
 * @example
 * ```ts
 * const data = createAdminData(db, {
 *   models: { books: { list: ['id', 'title', 'price'], search: ['title'], label: (row) => String(row.title) } },
 * })
 * const page = await data.list('books', { filters: { price: '10..20' }, sort: { field: 'title', direction: 'asc' } })
 * const more = page.next === undefined ? undefined : await data.list('books', { cursor: page.next, sort: page.sort })
 * const result = await data.create('books', { title: 'Dune', price: '9.90' })
 * if (!result.ok) console.log(result.errors.fields) // { price: '...' }
 * ```
 */
export function createAdminData(db: AdminDatabase, options: AdminDataOptions = {}): AdminData {
  const infos = describeModels(db.models, options.models ?? {})
  const byName = new Map<string, ModelInfo>(infos.map((info) => [info.admin.name, info]))
  const pageSize = Math.min(Math.max(1, Math.trunc(options.pageSize ?? 50)), 500)
  const cursors = new CursorCodec(options.cursorSecret ?? randomBytes(32))
  const counting = { exactCountUpTo: options.exactCountUpTo ?? 20_000 }
  const models: readonly AdminModel[] = infos.map((info) => info.admin)

  const infoOf = (name: string): ModelInfo => {
    const info = typeof name === 'string' ? byName.get(name) : undefined
    if (info === undefined) throw new AdminNotFoundError('No such model.')
    return info
  }

  return {
    models,
    model: (name) => byName.get(name)?.admin,
    list: async (name, query) => listRows(infoOf(name), query, pageSize, cursors, counting),
    async get(name, key) {
      const info = infoOf(name)
      const instance = await statics(info).get(keyObject(info, parseKey(info, key)))
      if (instance === null || instance === undefined) return undefined
      const row = visibleRow(info, instance)
      const canonical = encodeKey(info, row)
      return { key: canonical, label: rowLabel(info, row, canonical), row }
    },
    related: async (name, key) => relatedRows(infoOf(name), key, byName),
    choices: async (name, search, limit, field) => choiceRows(infoOf(name), search, limit, field),
    create: async (name, values) => createRow(infoOf(name), values),
    update: async (name, key, values) => updateRow(infoOf(name), key, values),
    delete: async (name, keys) => deleteRows(infoOf(name), keys),
  }
}
