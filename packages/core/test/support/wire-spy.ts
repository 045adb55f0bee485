/**
 * Watches the PostgreSQL wire from the client side: the frontend messages every socket
 * of the process writes, and how many chunks it reads. Nothing else may talk to a
 * server meanwhile.
 */
import net from 'node:net'

/** One frontend message: its type letter, and its SQL for Parse (`P`) and Query (`Q`). */
export interface WireMessage {
  readonly type: string
  readonly sql?: string
}

export interface WireSpy<T> {
  readonly result: T
  readonly messages: readonly WireMessage[]
  /** Chunks read off the sockets (one per read the event loop made). */
  readonly reads: number
}

type SocketInside = {
  _write: (chunk: unknown, ...rest: unknown[]) => unknown
  _writev: (chunks: ReadonlyArray<{ chunk: unknown }>, ...rest: unknown[]) => unknown
  push: (chunk: unknown, ...rest: unknown[]) => boolean
}

/** Splits written bytes into messages (a message never spans two writes here). */
function decode(bytes: Buffer, into: WireMessage[]): void {
  let at = 0
  while (at + 5 <= bytes.length) {
    const type = String.fromCharCode(bytes[at]!)
    const length = bytes.readInt32BE(at + 1)
    const body = bytes.subarray(at + 5, at + 1 + length)
    if (type === 'Q') into.push({ type, sql: body.subarray(0, body.indexOf(0)).toString() })
    else if (type === 'P') {
      const text = body.subarray(body.indexOf(0) + 1)
      into.push({ type, sql: text.subarray(0, text.indexOf(0)).toString() })
    } else into.push({ type })
    at += 1 + length
  }
}

/** Runs `fn` and reports what went over the wire meanwhile. */
export async function spyOnWire<T>(fn: () => Promise<T>): Promise<WireSpy<T>> {
  const socket = net.Socket.prototype as unknown as SocketInside
  const originals = { _write: socket._write, _writev: socket._writev, push: socket.push }
  const messages: WireMessage[] = []
  let reads = 0
  socket._write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
    if (Buffer.isBuffer(chunk)) decode(chunk, messages)
    return originals._write.call(this, chunk, ...rest)
  }
  socket._writev = function (this: unknown, chunks: ReadonlyArray<{ chunk: unknown }>, ...rest: unknown[]) {
    for (const entry of chunks) if (Buffer.isBuffer(entry.chunk)) decode(entry.chunk, messages)
    return originals._writev.call(this, chunks, ...rest)
  }
  socket.push = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
    if (chunk !== null) reads++
    return originals.push.call(this, chunk, ...rest)
  }
  try {
    const result = await fn()
    return { result, messages, reads }
  } finally {
    Object.assign(socket, originals)
  }
}
