import type { RowLoader, TO_LOADER } from '../execution/loader-hook.js'

/** An instance of a model, as far as the layers beneath the `Model` class need to tell it apart. */
export interface ModelInstanceShape {
  lookup(): Record<string, unknown>
  toJSON(): Record<string, unknown>
}

/**
 * A model class as the layers beneath the `Model` class see it (aliases, joins, loaders):
 * constructible into model instances, and a loader of its rows. Every class `db.model()`
 * returns is one.
 */
export type ModelShape = (abstract new (...args: never[]) => ModelInstanceShape) & {
  [TO_LOADER](): RowLoader<unknown>
}
