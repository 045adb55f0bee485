import type { ModelInfo } from './describe-models.js'
import type { AdminKey, AdminRow } from './types.js'

/** A row's label: the model's `label` option, else its name-like field, else `<Model> <key>`. */
export function rowLabel(info: ModelInfo, row: AdminRow, key: AdminKey): string {
  const label = info.label?.(row)
  if (typeof label === 'string' && label !== '') return label
  const parts = key.split(',').map((part) => decodeURIComponent(part))
  return `${info.admin.label} ${parts.join(', ')}`
}
