import { AsyncLocalStorage } from 'node:async_hooks'
import type { Session } from './session.js'
import type { TxFrame } from '../transaction/tx-frame.js'

/**
 * One entry of the per-async-context connection stack (GINO's per-task stack). Frames
 * of different engines may interleave; lookups walk up to the first frame of an engine.
 */
export interface ContextFrame {
  readonly owner: object
  readonly session: Session
  /** Innermost transaction this context runs in on `session`, if any. */
  readonly tx: TxFrame | null
  readonly parent: ContextFrame | undefined
}

const storage = new AsyncLocalStorage<ContextFrame>()

/** The innermost context frame of an engine, or undefined outside any scope. */
export function findFrame(owner: object): ContextFrame | undefined {
  let frame = storage.getStore()
  while (frame !== undefined && frame.owner !== owner) frame = frame.parent
  return frame
}

/** The caller's transaction on `session`, as its async context knows it. */
export function contextTx(session: Session): TxFrame | null {
  let frame = storage.getStore()
  while (frame !== undefined && frame.session !== session) frame = frame.parent
  return frame?.tx ?? null
}

/** Runs `fn` with `session` (at transaction `tx`) on top of the context stack. */
export function runInFrame<T>(owner: object, session: Session, tx: TxFrame | null, fn: () => T): T {
  return storage.run({ owner, session, tx, parent: storage.getStore() }, fn)
}
