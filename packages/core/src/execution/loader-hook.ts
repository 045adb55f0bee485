import type { FieldInfo, FieldParser, RowMode } from '../dialect/driver-adapter.js'

/**
 * The hook through which results become objects. The loaders module implements it;
 * anything with `[TO_LOADER]()` (a model class, a loader builder) can be passed where a
 * loader is expected.
 */
export const TO_LOADER: unique symbol = Symbol.for('gino-ts.toLoader')

/** Per-execution state shared by every row a loader sees (e.g. a distinct-key cache). */
export type LoadContext = Map<unknown, unknown>

/** Turns raw rows of one execution into result objects. */
export interface RowLoader<T> {
  /**
   * `array` / `texts` keep same-named columns of joined tables apart; `object` keys rows
   * by name.
   */
  readonly rowMode: RowMode
  /**
   * Loads a batch of rows. Called once per result, or once per fetched chunk of a
   * cursor with the same `context`; returns only the objects that are new (distinct
   * loaders drop rows that belong to an object already returned). `parsers` come with
   * `texts` rows (the result's `parsers`); without them the values are parsed already.
   */
  load(rows: readonly unknown[], fields: readonly FieldInfo[], context: LoadContext, parsers?: readonly FieldParser[]): T[]
}

/** Something that can produce a loader: a model class, a loader builder. */
export interface LoaderSource<T> {
  [TO_LOADER](): RowLoader<T>
}

export type LoaderLike<T> = RowLoader<T> | LoaderSource<T>

/**
 * A model class as a loader: its rows load as instances of that very class (`User`, not
 * the declared base), so typings take the class's instance type, not its loader's.
 */
export type ModelClassLoader = (abstract new (...args: never[]) => object) & LoaderSource<unknown>

/** What a loader (or loader source) produces; a model class produces its own instances. */
export type LoadedOf<L> = L extends ModelClassLoader
  ? InstanceType<L>
  : L extends LoaderLike<infer T>
    ? T
    : never



export function toRowLoader<T>(loader: LoaderLike<T>): RowLoader<T> {
  return TO_LOADER in loader ? loader[TO_LOADER]() : loader
}

/** Loaders attached to Kysely queries, keyed by Kysely's per-builder query id object. */
const attached = new WeakMap<object, RowLoader<unknown>>()

export function attachLoader(queryId: object, loader: RowLoader<unknown>): void {
  attached.set(queryId, loader)
}

export function attachedLoader(queryId: object | undefined): RowLoader<unknown> | undefined {
  return queryId === undefined ? undefined : attached.get(queryId)
}
