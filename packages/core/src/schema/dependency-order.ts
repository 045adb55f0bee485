import type { ForeignKeyMeta, ModelMeta } from '../model/model-meta.js'
import { qualify } from './qualified.js'

/** Creation order of tables, and the foreign keys to add after all of them (cycles). */
export interface TableOrder {
  /** Every table after the tables its foreign keys point at (self-references aside). */
  readonly order: readonly ModelMeta[]
  /** Foreign keys closing a cycle: created by `ALTER TABLE` once every table exists. */
  readonly deferred: ReadonlySet<ForeignKeyMeta>
}

/**
 * Orders tables so that each comes after the tables it references, keeping declaration
 * order otherwise. A reference to a table outside `metas` is assumed to exist already.
 */
export function dependencyOrder(metas: readonly ModelMeta[]): TableOrder {
  const byName = new Map(metas.map((meta) => [meta.qualifiedName, meta]))
  const order: ModelMeta[] = []
  const deferred = new Set<ForeignKeyMeta>()
  const state = new Map<ModelMeta, 'visiting' | 'done'>()
  const visit = (meta: ModelMeta): void => {
    state.set(meta, 'visiting')
    for (const fk of meta.foreignKeys) {
      const target = fk.target()
      const referenced = byName.get(qualify(target.schema, target.table))
      if (referenced === undefined || referenced === meta) continue
      const seen = state.get(referenced)
      if (seen === 'visiting') deferred.add(fk)
      else if (seen === undefined) visit(referenced)
    }
    state.set(meta, 'done')
    order.push(meta)
  }
  for (const meta of metas) if (!state.has(meta)) visit(meta)
  return { order, deferred }
}
