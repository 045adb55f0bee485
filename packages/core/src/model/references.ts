import { GinoError } from '../errors.js'
import type { ColumnRefLike, ReferenceTarget } from './column.js'

/** Resolves a foreign key target (`'table.column'`, `'schema.table.column'` or a model column). */
export function resolveReference(target: ReferenceTarget): ColumnRefLike {
  if (typeof target === 'function') return target()
  const parts = target.split('.')
  if (parts.length === 2) return { schema: undefined, table: parts[0]!, column: parts[1]! }
  if (parts.length === 3) return { schema: parts[0]!, table: parts[1]!, column: parts[2]! }
  throw new GinoError('INVALID_REFERENCE', `Invalid foreign key target "${target}": expected "table.column".`)
}
