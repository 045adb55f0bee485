import { GinoError } from '../errors.js'
import { AbstractModelError } from './model-errors.js'
import { MODEL_META, type ModelMeta } from './model-meta.js'

/** Marks classes made by `db.abstractModel()`: columns and methods, no table. */
export const ABSTRACT_MODEL: unique symbol = Symbol.for('gino-ts.abstractModel')

function className(model: unknown): string {
  const name = typeof model === 'function' ? model.name : ''
  return name === '' ? 'The model' : name
}

/**
 * The metadata of a model class. `AbstractModelError` for an abstract model (it has no
 * table), a `NOT_A_MODEL` error for anything else that is not a model.
 */
export function metaOf(model: unknown, operation?: string): ModelMeta {
  const target = model as { [MODEL_META]?: ModelMeta; [ABSTRACT_MODEL]?: unknown } | undefined
  const meta = target?.[MODEL_META]
  if (meta !== undefined) return meta
  if (target?.[ABSTRACT_MODEL] !== undefined)
    throw new AbstractModelError(className(model), operation)
  throw new GinoError('NOT_A_MODEL', 'Expected a model class declared with db.model(...).')
}
