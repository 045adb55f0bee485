import { decodeColumnValue } from './column-values.js'
import type { ModelMeta } from './model-meta.js'

/**
 * What completes an instance built from a row, for any loader that builds instances:
 * decodes array values the drivers leave as text (enum arrays) and custom types
 * (`column.custom()`). Undefined when the model has none.
 */
export function instanceFinisher(meta: ModelMeta): ((instance: object) => void) | undefined {
  const arrays = meta.columns.filter((column) => column.spec.arrayDims > 0 || column.spec.codec !== undefined)
  if (arrays.length === 0) return undefined
  return (instance: object): void => {
    const self = instance as Record<string, unknown>
    for (const column of arrays) {
      if (column.attribute in self)
        self[column.attribute] = decodeColumnValue(column, self[column.attribute])
    }
  }
}
