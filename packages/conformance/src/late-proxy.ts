import net from 'node:net'
import { SERVER_ADDRESS } from './drivers.js'

/** A TCP port that starts forwarding to PostgreSQL only after a delay. */
export interface LateProxy {
  readonly port: number
  /** Resolves when the proxy listens. */
  readonly listening: Promise<void>
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  const probe = net.createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as net.AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

/**
 * Until `delayMs` has passed nothing listens on `port` (connections are refused, as with
 * a database still booting); then every connection is piped to `target`.
 */
export async function lateProxy(
  delayMs: number,
  target: { host: string; port: number } = SERVER_ADDRESS,
): Promise<LateProxy> {
  const port = await freePort()
  const sockets = new Set<net.Socket>()
  const track = (socket: net.Socket): void => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host)
    track(client)
    track(upstream)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  let timer: NodeJS.Timeout | undefined
  const listening = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    }, delayMs)
  })
  return {
    port,
    listening,
    close: async () => {
      clearTimeout(timer)
      for (const socket of sockets) socket.destroy()
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
