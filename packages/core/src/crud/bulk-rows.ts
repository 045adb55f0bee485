import { computeDefault, encodeColumnValue, isExpression } from '../model/column-values.js'
import { assignAttributes, insertValues, unknownAttribute } from '../model/instance-values.js'
import type { ColumnMeta, ModelMeta } from '../model/model-meta.js'

type Bag = Record<string, unknown>

/**
 * The rows of an `insertMany()`, read in one pass: column by column when every row
 * has the same columns and plain values (`columnar`), else row by row (`rows`).
 */
export type BulkRows = ColumnarRows | RowBags

/** Every row gives the same columns with plain values: one array per column. */
export interface ColumnarRows {
  readonly kind: 'columnar'
  readonly count: number
  /** The columns the INSERT sends, in model order. */
  readonly columns: readonly ColumnMeta[]
  /** Per column, the attribute value of each row (JS defaults applied). */
  readonly values: readonly unknown[][]
  /** Per column, the parameter value of each row (JSON as text...); the same array when no value changes. */
  readonly parameters: readonly unknown[][]
}

/** Rows of different shapes, SQL expressions or JSON properties: a bag per row. */
export interface RowBags {
  readonly kind: 'rows'
  readonly count: number
  /** The columns any row sends, in model order. */
  readonly columns: readonly ColumnMeta[]
  /** Per row, parameter values by column name. */
  readonly bags: readonly Bag[]
  /** Per row, attribute values (JS defaults and properties applied). */
  readonly attributes: readonly Bag[]
  /** Per row, which column names it sends as plain values. */
  readonly sent: readonly ReadonlySet<string>[]
}

/** The columns a row shape sends, checked once per shape. */
interface Shape {
  readonly columns: readonly ColumnMeta[]
}

function needsEncoding(column: ColumnMeta): boolean {
  const { sqlType, arrayDims, enumType, codec } = column.spec
  return (
    codec !== undefined ||
    (arrayDims === 0 && (sqlType === 'json' || sqlType === 'jsonb')) ||
    (arrayDims > 0 && enumType !== undefined)
  )
}

function isSqlExpression(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !(value instanceof Date) && isExpression(value)
  )
}

function shapeOf(
  meta: ModelMeta,
  keys: readonly string[],
  cache: Map<string, Shape>,
): Shape {
  const signature = keys.join('\u0000')
  let shape = cache.get(signature)
  if (shape !== undefined) return shape
  const given = new Set<ColumnMeta>()
  for (const key of keys) {
    const column = meta.byAttribute.get(key)
    if (column === undefined) throw unknownAttribute(meta, key)
    given.add(column)
  }
  const columns = meta.columns.filter((c) => given.has(c) || c.spec.defaultValue !== undefined)
  shape = { columns }
  cache.set(signature, shape)
  return shape
}

/** The keys of a row whose values are not undefined (undefined means "not given", but must be known). */
function definedKeys(meta: ModelMeta, row: Bag): string[] {
  const keys = Object.keys(row)
  for (let i = 0; i < keys.length; i++) {
    if (row[keys[i]!] !== undefined) continue
    for (const key of keys) if (!meta.byAttribute.has(key)) throw unknownAttribute(meta, key)
    return keys.filter((key) => row[key] !== undefined)
  }
  return keys
}

function sameColumns(a: readonly ColumnMeta[], b: readonly ColumnMeta[]): boolean {
  return a.length === b.length && a.every((column, i) => column === b[i])
}

/** Row by row, as `create()` prepares an instance: for properties, expressions and mixed shapes. */
function rowBags(meta: ModelMeta, prototype: object, rows: readonly Bag[]): RowBags {
  const bags: Bag[] = []
  const attributes: Bag[] = []
  const sent: Set<string>[] = []
  const names = new Set<string>()
  for (const row of rows) {
    const instance = Object.create(prototype) as Bag
    assignAttributes(meta, instance, row)
    const bag = insertValues(meta, instance)
    // What the server computes (SQL expressions) is read back like what it fills in.
    const keys = new Set(Object.keys(bag).filter((key) => !isSqlExpression(bag[key])))
    for (const key in bag) names.add(key)
    bags.push(bag)
    attributes.push(instance)
    sent.push(keys)
  }
  const columns = meta.columns.filter((column) => names.has(column.name))
  return { kind: 'rows', count: rows.length, columns, bags, attributes, sent }
}

/**
 * True when `row` is a plain object whose own keys are `keys`, in that order, none of
 * them undefined: the shape of the row before it, checked without allocating. Anything
 * else (another order, an undefined value, a class instance) is checked the long way.
 */
function sameKeys(row: Bag, keys: readonly string[]): boolean {
  const prototype = Object.getPrototypeOf(row) as unknown
  if (prototype !== Object.prototype && prototype !== null) return false
  let n = 0
  for (const key in row) {
    if (key !== keys[n] || row[key] === undefined) return false
    n++
  }
  return n === keys.length
}

/**
 * Reads the rows of an `insertMany()` in one pass: attributes are checked once per row
 * shape (not per row), JS defaults computed per row, values gathered per column.
 */
export function readBulkRows(meta: ModelMeta, prototype: object, rows: readonly Bag[]): BulkRows {
  if (meta.properties.size > 0) return rowBags(meta, prototype, rows)
  const count = rows.length
  const cache = new Map<string, Shape>()
  let keys = definedKeys(meta, rows[0]!)
  const shape = shapeOf(meta, keys, cache)
  const columns = shape.columns
  const attributes = columns.map((column) => column.attribute)
  const defaults = columns.map((column) => column.spec.defaultValue)
  const values: unknown[][] = columns.map(() => new Array<unknown>(count))
  for (let i = 0; i < count; i++) {
    const row = rows[i]!
    if (!sameKeys(row, keys)) {
      keys = definedKeys(meta, row)
      const found = shapeOf(meta, keys, cache)
      // Shapes with the same columns differ only in which JS defaults a row leaves to us.
      if (found !== shape && !sameColumns(found.columns, columns)) return rowBags(meta, prototype, rows)
    }
    for (let k = 0; k < attributes.length; k++) {
      let value = row[attributes[k]!]
      if (value === undefined) value = computeDefault(defaults[k]!)
      if (isSqlExpression(value)) return rowBags(meta, prototype, rows)
      values[k]![i] = value
    }
  }
  const parameters = columns.map((column, k) =>
    needsEncoding(column)
      ? values[k]!.map((value) => encodeColumnValue(column, value))
      : values[k]!,
  )
  return { kind: 'columnar', count, columns, values, parameters }
}
