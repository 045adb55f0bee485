import type { Engine } from './engine.js'

/** Engines a `db` does not bind itself, by the name requests select them with. */
export type StatsSource = () => Iterable<readonly [name: string, engine: Engine]>

const sources = new WeakMap<object, Set<StatsSource>>()

/**
 * @internal Adds the engines `source` lists to `db.stats()` of `db` (an integration's
 * per-request database engines) until the returned function is called.
 */
export function addStatsSource(db: object, source: StatsSource): () => void {
  let set = sources.get(db)
  if (set === undefined) {
    set = new Set()
    sources.set(db, set)
  }
  set.add(source)
  return () => {
    set.delete(source)
  }
}

/** @internal The engines every source of `db` lists now. */
export function sourcedEngines(db: object): Array<readonly [string, Engine]> {
  const set = sources.get(db)
  if (set === undefined) return []
  return [...set].flatMap((source) => [...source()])
}
