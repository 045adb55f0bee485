import type { EnumTypeSpec } from '../model/column.js'
import { ModelDefinitionError } from '../model/model-errors.js'
import type { ModelMeta } from '../model/model-meta.js'
import { qualify } from './qualified.js'

/** The enum types the models use, once each; `INVALID_MODEL` when two declarations disagree. */
export function enumsOf(metas: readonly ModelMeta[]): EnumTypeSpec[] {
  const found = new Map<string, EnumTypeSpec>()
  for (const meta of metas) {
    for (const column of meta.columns) {
      const type = column.spec.enumType
      if (type === undefined) continue
      const key = qualify(type.schema, type.name)
      const seen = found.get(key)
      if (seen === undefined) found.set(key, type)
      else if (seen.values.join('\u0000') !== type.values.join('\u0000')) {
        throw new ModelDefinitionError(
          `Enum ${key} is declared with different values (${seen.values.join(', ')} / ${type.values.join(', ')}).`,
        )
      }
    }
  }
  return [...found.values()]
}
