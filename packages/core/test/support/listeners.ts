import { createServer, type Server } from 'node:net'

/**
 * A TCP listener on a free local port that counts the connections it gets and closes each
 * at once: a "server" that never speaks PostgreSQL. `close()` frees the port (then nothing
 * listens there, for connection-refused cases).
 */
export async function countingListener(): Promise<{
  port: number
  connections: () => number
  close: () => Promise<void>
}> {
  let connections = 0
  const server: Server = createServer((socket) => {
    connections++
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    port: address.port,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** A local TCP port nothing listens on right now (for a server a test starts itself). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}
