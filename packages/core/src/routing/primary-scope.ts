import { AsyncLocalStorage } from 'node:async_hooks'

const pinned = new AsyncLocalStorage<true>()

/** Runs `fn` with every statement inside it (of any engine) sent to the primary. */
export function runOnPrimary<T>(fn: () => T): T {
  return pinned.run(true, fn)
}

/** True inside `db.primary(fn)` / `engine.primary(fn)`. */
export function onPrimary(): boolean {
  return pinned.getStore() === true
}
