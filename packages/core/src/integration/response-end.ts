import { finished } from 'node:stream'

/** The part of Node's `ServerResponse` the integrations watch. */
export type ResponseLike = NodeJS.WritableStream

/**
 * Resolves once the response is over: fully sent, or abandoned (the client went away, the
 * socket broke). Never rejects.
 */
export function responseEnded(response: ResponseLike): Promise<void> {
  return new Promise((resolve) => {
    finished(response, { readable: false }, () => resolve())
  })
}
