import { NoSuchRowError } from '../errors.js'
import { type BakeTarget, bakedUpdate, whereParam } from './baked-crud.js'
import { encodeColumnValue, isExpression } from '../model/column-values.js'
import type { CrudOptions } from './crud-options.js'
import { execOptions, runnerOf } from './crud-options.js'
import { unknownAttribute, writeBack } from '../model/instance-values.js'
import { checkPropertyBag, clearProperty, propertyMergeExpression } from '../model/json-properties.js'
import { metaOf } from '../model/meta-of.js'
import { ModelDefinitionError } from '../model/model-errors.js'
import type { UpdateInputOf } from '../model/model-types.js'

function noSuchRow(table: string, where: Record<string, unknown>): NoSuchRowError {
  return new NoSuchRowError(`No ${table} row matches ${JSON.stringify(where)}.`)
}

interface Updatable {
  lookupColumns(): Record<string, unknown>
}

/**
 * A pending instance update (see `ModelBase.update`): the values are already in memory;
 * `apply()` sends them.
 *
 * @example
 * ```ts
 * const request = user.update({ nickname: 'daisy' })
 * request.update({ balance: sql`balance + 100` })
 * await request.apply() // UPDATE users SET nickname = $1, balance = balance + 100 WHERE id = $2 RETURNING ...
 * ```
 */
export class UpdateRequest<T extends object> {
  readonly #instance: T
  readonly #columns = new Map<string, unknown>()
  readonly #properties = new Map<string, unknown>()
  /**
   * The row's lookup as it was before this request changed the instance (a new primary
   * key must not be used to find the old row); an error to raise in `apply()` when the
   * model has no lookup.
   */
  #where: { readonly columns: Record<string, unknown> } | { readonly error: unknown } | undefined

  constructor(instance: T) {
    this.#instance = instance
  }

  /** Adds more changes to this request (and to the instance in memory). */
  update(values: UpdateInputOf<T>): this {
    const meta = metaOf(this.#instance.constructor, 'update()')
    const self = this.#instance as Record<string, unknown>
    this.#where ??= this.#lookup()
    for (const [attribute, value] of Object.entries(values as Record<string, unknown>)) {
      const property = meta.properties.get(attribute)
      if (property !== undefined) this.#properties.set(attribute, value)
      else if (meta.byAttribute.has(attribute)) this.#columns.set(attribute, value)
      else throw unknownAttribute(meta, attribute)
      // A property given as undefined is reset: its key leaves the JSON column.
      if (property !== undefined && value === undefined) clearProperty(property, self)
      else if (!isExpression(value)) self[attribute] = value
    }
    return this
  }

  #lookup(): { readonly columns: Record<string, unknown> } | { readonly error: unknown } {
    try {
      return { columns: (this.#instance as unknown as Updatable).lookupColumns() }
    } catch (error) {
      return { error }
    }
  }

  /**
   * Runs `UPDATE ... SET <changes> WHERE <lookup>`, reading back with `RETURNING` only the
   * columns set to SQL expressions. Plain changes run as a statement baked once per class
   * and column set. JSON properties merge into their
   * column with `||`. `NoSuchRowError` when no row matches (it was deleted).
   */
  async apply(options?: CrudOptions): Promise<T> {
    const instance = this.#instance
    const meta = metaOf(instance.constructor, 'update()')
    if (this.#columns.size === 0 && this.#properties.size === 0) return instance
    const set: Record<string, unknown> = {}
    for (const [attribute, value] of this.#columns) {
      const column = meta.byAttribute.get(attribute)!
      set[column.name] = encodeColumnValue(column, value)
      if (!isExpression(value)) checkPropertyBag(meta, column, value)
    }
    for (const [json, held] of meta.propertyColumns) {
      const changes = new Map([...this.#properties].filter(([attribute]) => held.has(attribute)))
      if (changes.size === 0) continue
      if (json.name in set) {
        throw new ModelDefinitionError(
          `An update of ${meta.qualifiedName} sets "${json.attribute}" and properties stored in it; choose one.`,
        )
      }
      set[json.name] = propertyMergeExpression(meta, json, changes)
    }
    const found = this.#where ?? this.#lookup()
    if ('error' in found) throw found.error
    const where = found.columns
    const model = instance.constructor as unknown as BakeTarget
    // Plain values are in memory already: only what the server computes is read back.
    const computed = Object.keys(set).filter((name) => isExpression(set[name]))
    if (computed.length === 0) {
      const params: Record<string, unknown> = { ...set }
      for (const [column, value] of Object.entries(where)) params[whereParam(column)] = value
      const baked = bakedUpdate(model, meta, Object.keys(set), Object.keys(where))
      const { rowCount } = await baked.status(params, options)
      if (rowCount === 0) throw noSuchRow(meta.qualifiedName, where)
    } else {
      // SQL expressions are compiled into the statement, so it is built for this call.
      let query = model.kysely().updateTable(meta.tableName).set(set)
      for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value)
      const runner = runnerOf(options, meta.db)
      const row = await runner.first(query.returning(computed), execOptions(options))
      if (row === null) throw noSuchRow(meta.qualifiedName, where)
      writeBack(meta, instance, row)
    }
    this.#columns.clear()
    this.#properties.clear()
    // Later changes through this request find the row by its key as it is now.
    this.#where = undefined
    return instance
  }
}
