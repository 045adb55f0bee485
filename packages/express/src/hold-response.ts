import type { Response } from 'express'

/** A response whose `end()` is held back until `release()`. */
export interface HeldResponse {
  /** Restores `end()`; with `flush`, completes the held `end()` call, if there was one. */
  release(flush: boolean): void
}

/**
 * Holds back `res.end()` (what `res.send()` / `res.json()` finish with) so a transaction
 * can end before the client sees the answer. Writes streamed before `end()` still go out.
 */
export function holdResponse(res: Response): HeldResponse {
  const own = Object.getOwnPropertyDescriptor(res, 'end')
  let held: unknown[] | undefined
  res.end = function heldEnd(this: Response, ...args: unknown[]): Response {
    held = args
    return this
  } as Response['end']
  return {
    release(flush) {
      if (own === undefined) delete (res as Partial<Pick<Response, 'end'>>).end
      else Object.defineProperty(res, 'end', own)
      const args = held
      held = undefined
      if (flush && args !== undefined) (res.end as (...rest: unknown[]) => Response)(...args)
    },
  }
}
