import { createHmac, timingSafeEqual } from 'node:crypto'
import { AdminInputError } from './errors.js'

/** Where a page starts: after / before a row's sort values (keyset), or at an offset. */
export type CursorPosition =
  | { readonly mode: 'after' | 'before'; readonly values: readonly string[] }
  | { readonly mode: 'offset'; readonly offset: number }

/** A cursor's content: the order it was made for and the position. */
export interface CursorState {
  readonly model: string
  readonly sort: string
  readonly direction: 'asc' | 'desc'
  readonly position: CursorPosition
}

interface Wire {
  m: string
  s: string
  d: 'asc' | 'desc'
  p: 'a' | 'b' | 'o'
  v: string[] | number
}

const MAX_CURSOR_LENGTH = 8192

/**
 * Cursors are JSON, base64url, with an HMAC-SHA256 tag (first 16 bytes) under a secret:
 * a cursor the admin did not make is refused before any value reaches a query.
 */
export class CursorCodec {
  readonly #secret: Buffer

  constructor(secret: string | Uint8Array) {
    this.#secret = Buffer.from(secret)
  }

  #tag(payload: string): Buffer {
    return createHmac('sha256', this.#secret).update(payload).digest().subarray(0, 16)
  }

  encode(state: CursorState): string {
    const { position } = state
    const wire: Wire = {
      m: state.model,
      s: state.sort,
      d: state.direction,
      p: position.mode === 'after' ? 'a' : position.mode === 'before' ? 'b' : 'o',
      v: position.mode === 'offset' ? position.offset : [...position.values],
    }
    const payload = Buffer.from(JSON.stringify(wire)).toString('base64url')
    return `${payload}.${this.#tag(payload).toString('base64url')}`
  }

  /** The state of a cursor made by `encode` with this secret; `AdminInputError` otherwise. */
  decode(cursor: string): CursorState {
    const refused = new AdminInputError('The page cursor is not valid.')
    if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH) throw refused
    const dot = cursor.indexOf('.')
    if (dot < 0) throw refused
    const payload = cursor.slice(0, dot)
    const tag = Buffer.from(cursor.slice(dot + 1), 'base64url')
    const expected = this.#tag(payload)
    if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) throw refused
    let wire: Wire
    try {
      wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Wire
    } catch {
      throw refused
    }
    const position: CursorPosition =
      wire.p === 'o'
        ? { mode: 'offset', offset: Number(wire.v) }
        : { mode: wire.p === 'a' ? 'after' : 'before', values: wire.v as string[] }
    return { model: wire.m, sort: wire.s, direction: wire.d, position }
  }
}
