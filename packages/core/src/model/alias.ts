import { GinoError } from '../errors.js'
import { type RowLoader, TO_LOADER } from '../execution/loader-hook.js'
import type { ColumnRef } from './column-ref.js'
import type { ModelShape } from './model-shape.js'
import { metaOf } from './meta-of.js'
import type { ModelMeta } from './model-meta.js'

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * A second name for a model's table, to join it more than once (self-joins, adjacency
 * lists). Column references are qualified by the alias: `String(Parent.columns.id)` is
 * `parent.id`. Rows loaded through an alias become instances of the model.
 *
 * @example
 * ```ts
 * const Parent = User.alias('parent')
 * const rows = await db.all(User.outerJoin(Parent).selectAll('users').select('parent.name as parent_name'))
 * ```
 */
export class ModelAlias<M extends ModelShape = ModelShape, A extends string = string> {
  /** The aliased model class. */
  readonly model: M
  /** The alias. */
  readonly name: A
  readonly #columns: Record<string, ColumnRef>

  constructor(model: M, name: A) {
    if (!IDENTIFIER.test(name)) throw new GinoError('INVALID_ALIAS', `Invalid alias "${name}".`)
    const meta = metaOf(model)
    this.model = model
    this.name = name
    const columns: Record<string, ColumnRef> = {}
    for (const column of meta.columns) {
      const qualified = `${name}.${column.name}`
      columns[column.attribute] = {
        table: name,
        schema: undefined,
        column: column.name,
        attribute: column.attribute,
        toString: () => qualified,
      }
    }
    this.#columns = Object.freeze(columns)
  }

  /** The model's metadata. */
  get meta(): ModelMeta {
    return metaOf(this.model)
  }

  /** Column references qualified by the alias. */
  get columns(): Readonly<Record<string, ColumnRef>> {
    return this.#columns
  }

  /** The table expression Kysely takes: `users as parent`. */
  get tableExpression(): `${string} as ${A}` {
    const meta = this.meta
    const table = meta.schema === undefined ? meta.tableName : `${meta.schema}.${meta.tableName}`
    return `${table} as ${this.name}`
  }

  /** Rows of this alias load as instances of the model. */
  [TO_LOADER](): RowLoader<InstanceType<M>> {
    return this.model[TO_LOADER]() as RowLoader<InstanceType<M>>
  }
}
