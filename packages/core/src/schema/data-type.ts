import { type Expression, sql } from 'kysely'
import { ModelDefinitionError } from '../model/model-errors.js'
import type { ColumnMeta } from '../model/model-meta.js'

// Built-in type names as the column factories write them: words, an optional
// `(n)` / `(p, s)`; nothing that could carry other SQL.
const BUILT_IN_TYPE = /^[a-z][a-z0-9_]*( [a-z][a-z0-9_]*)*(\(\d+(, ?\d+)?\))?$/i

/** The column's type for DDL: a validated built-in name, or the quoted enum type, plus `[]`s. */
export function dataType(column: ColumnMeta): Expression<unknown> {
  const { baseType, enumType, arrayDims } = column.spec
  let base: Expression<unknown>
  if (enumType !== undefined) {
    base =
      enumType.schema === undefined ? sql.id(enumType.name) : sql.id(enumType.schema, enumType.name)
  } else {
    if (!BUILT_IN_TYPE.test(baseType)) {
      throw new ModelDefinitionError(`Column ${column.name} has an invalid SQL type "${baseType}".`)
    }
    base = sql.raw(baseType)
  }
  return arrayDims === 0 ? base : sql`${base}${sql.raw('[]'.repeat(arrayDims))}`
}
