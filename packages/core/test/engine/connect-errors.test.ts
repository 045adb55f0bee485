/**
 * Fail fast, like GINO's create_engine: the engine connects when it is created, and every
 * connection failure, at startup or later, is a ConnectionError that names where it was
 * going (never the password) and keeps the driver's error as its cause.
 */
import { createServer, type Socket, connect as tcpConnect } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { Gino } from '../../src/gino.js'
import { ConnectionError, GinoError } from '../../src/errors.js'
import { createEngine, type Engine, PoolTimeoutError } from '../support/core.js'
import { describeServer, SERVER_DSN } from '../support/drivers.js'
import { rejection, waitFor } from '../support/engines.js'
import { countingListener } from '../support/listeners.js'

const silent = { info: () => undefined, warn: () => undefined }
const serverUrl = new URL(SERVER_DSN)
const database = serverUrl.pathname.slice(1)

async function deadPort(): Promise<number> {
  const probe = await countingListener()
  await probe.close()
  return probe.port
}

/** A TCP relay to the test server that can be cut, as a server going away would be. */
async function relay(): Promise<{ port: number; cut: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = tcpConnect(Number(serverUrl.port || 5432), serverUrl.hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => undefined)
      socket.on('close', () => sockets.delete(socket))
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    port: address.port,
    cut: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}

describe('createEngine fails fast with ConnectionError', () => {
  it('a refused port rejects at createEngine, naming host, port and database but never the password', async () => {
    const port = await deadPort()
    const error = await rejection(createEngine(`postgres://ann:hunter2@127.0.0.1:${port}/shop`))
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toBeInstanceOf(GinoError)
    expect(error).toMatchObject({
      name: 'ConnectionError',
      code: 'CONNECTION_FAILED',
      host: '127.0.0.1',
      port,
      database: 'shop',
      user: 'ann',
      sqlState: undefined,
    })
    expect((error as Error).message).toContain(`127.0.0.1:${port}/shop`)
    expect((error as Error).message).toMatch(/ECONNREFUSED/)
    expect((error as Error).message).not.toContain('hunter2')
    expect(JSON.stringify(error)).not.toContain('hunter2')
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNREFUSED')
  })

  it('an unknown host (DNS) rejects at createEngine', async () => {
    const error = await rejection(createEngine('postgres://postgres@nowhere.invalid:5432/shop', { acquireTimeout: 10_000 }))
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ host: 'nowhere.invalid', port: 5432, database: 'shop' })
    expect((error as Error).message).toMatch(/ENOTFOUND|EAI_AGAIN|getaddrinfo/)
  })

  it('lazy: true connects nothing at createEngine; the first use fails with ConnectionError (mid-use too)', async () => {
    const counting = await countingListener()
    try {
      const engine = await createEngine(`postgres://postgres@127.0.0.1:${counting.port}/shop`, { lazy: true, min: 2 })
      expect(counting.connections()).toBe(0)
      await expect(engine.scalar('SELECT 1')).rejects.toThrow(ConnectionError)
      await expect(engine.transaction(() => undefined)).rejects.toThrow(ConnectionError)
      await expect(engine.acquire()).rejects.toThrow(ConnectionError)
      expect(counting.connections()).toBeGreaterThanOrEqual(3)
      await engine.close()
    } finally {
      await counting.close()
    }
  })

  it('db.setBind(url) rejects too, and leaves the facade unbound', async () => {
    const db = new Gino()
    const error = await rejection(db.setBind(`postgres://postgres@127.0.0.1:${await deadPort()}/shop`))
    expect(error).toBeInstanceOf(ConnectionError)
    expect(() => db.bind).toThrow(/not initialized/)
  })
})

describeServer('connection failures on a live server', () => {
  const engines: Engine[] = []
  afterAll(() => Promise.all(engines.map((engine) => engine.close())))
  const at = (changes: { user?: string; database?: string; port?: number }) => {
    const url = new URL(SERVER_DSN)
    if (changes.user !== undefined) url.username = changes.user
    if (changes.database !== undefined) url.pathname = `/${changes.database}`
    if (changes.port !== undefined) url.port = String(changes.port)
    return url.toString()
  }

  it('a database that does not exist is a ConnectionError with SQLSTATE 3D000', async () => {
    const error = await rejection(createEngine(at({ database: `gino_missing_${process.pid}` })))
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ sqlState: '3D000', database: `gino_missing_${process.pid}` })
    expect((error as Error).message).toMatch(/does not exist/)
  })

  it('a role that does not exist (failed authentication) is a ConnectionError with SQLSTATE 28000', async () => {
    const error = await rejection(createEngine(at({ user: `gino_nobody_${process.pid}` })))
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).toMatchObject({ sqlState: '28000', user: `gino_nobody_${process.pid}` })
    expect((error as Error).message).toMatch(/role .* does not exist/)
  })

  it('opens one connection at createEngine, or min when more', async () => {
    const one = await createEngine(SERVER_DSN)
    engines.push(one)
    expect(one.stats).toMatchObject({ total: 1, idle: 1 })
    const three = await createEngine(SERVER_DSN, { min: 3 })
    engines.push(three)
    expect(three.stats).toMatchObject({ total: 3, idle: 3 })
  })

  it('a server that goes away later: new connections fail with ConnectionError, not a raw driver error', async () => {
    const proxy = await relay()
    const engine = await createEngine(at({ port: proxy.port }), { max: 1, logger: silent })
    engines.push(engine)
    expect(await engine.scalar('SELECT 1')).toBe(1)
    await proxy.cut()
    await waitFor(() => engine.stats.total === 0)
    const error = await rejection(engine.scalar('SELECT 2'))
    // The idle connection died with the relay: the pool drops it and opens a new one, which fails.
    expect(error).toBeInstanceOf(ConnectionError)
    expect(error).not.toBeInstanceOf(PoolTimeoutError)
    expect(error).toMatchObject({ port: proxy.port, database })
  })
})
