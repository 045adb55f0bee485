import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import {
  type Connection,
  ConnectionReleasedError,
  type Engine,
  PoolTimeoutError,
} from '../support/core.js'
import { describeEachDriver, describeServer } from '../support/drivers.js'
import { inUse, openEngine, openServerEngine, rejection } from '../support/engines.js'

const PID = 'SELECT pg_backend_pid()'
const COUNT = 'SELECT count(*)::int FROM eng_ctx_rows'

describeEachDriver('acquire: reuse, lazy, reusable', (driver) => {
  let engine: Engine
  const single = driver.name === 'pglite'

  beforeAll(async () => {
    // A short acquire timeout: on PGlite, asking for a second connection waits for it.
    engine = await openEngine(driver, { max: 4, acquireTimeout: 300 })
    await engine.status('CREATE TABLE IF NOT EXISTS eng_ctx_rows (id int)')
  })
  beforeEach(async () => {
    await engine.status('DELETE FROM eng_ctx_rows')
  })
  afterAll(async () => {
    await engine.status('DROP TABLE IF EXISTS eng_ctx_rows')
    await engine.close()
  })

  it('a scoped acquire puts its connection in context: engine queries inside run on it', async () => {
    await engine.acquire(async (conn) => {
      expect(conn.isRoot).toBe(true)
      expect(inUse(engine)).toBe(1)
      const mine = await conn.scalar(PID)
      // On PGlite this would wait for the only connection (and time out) if it did not reuse.
      expect(await engine.scalar(PID)).toBe(mine)
      expect(inUse(engine)).toBe(1)
    })
    expect(inUse(engine)).toBe(0)
  })

  it('reuse: true shares the context connection and sees its uncommitted rows', async () => {
    await engine.transaction(async () => {
      await engine.status('INSERT INTO eng_ctx_rows VALUES (1)')
      const outer = await engine.scalar(PID)
      await engine.acquire({ reuse: true }, async (conn) => {
        expect(conn.isRoot).toBe(false)
        expect(await conn.scalar(PID)).toBe(outer)
        expect(await conn.scalar(COUNT)).toBe(1)
      })
      const handle = await engine.acquire({ reuse: true })
      expect(handle.isRoot).toBe(false)
      await handle.release()
      // Releasing a reusing handle does not give the connection back.
      expect(await engine.scalar(COUNT)).toBe(1)
      expect(inUse(engine)).toBe(1)
    })
  })

  it('reuse: true outside any scope acquires a root connection', async () => {
    const conn = await engine.acquire({ reuse: true })
    try {
      expect(conn.isRoot).toBe(true)
      expect(inUse(engine)).toBe(1)
    } finally {
      await conn.release()
    }
    expect(inUse(engine)).toBe(0)
  })

  it.runIf(!single)(
    'reuse: false inside a scope takes another connection that does not see the transaction',
    async () => {
      await engine.transaction(async () => {
        await engine.status('INSERT INTO eng_ctx_rows VALUES (1)')
        const outer = await engine.scalar(PID)
        await engine.acquire({ reuse: false }, async (conn) => {
          expect(conn.isRoot).toBe(true)
          expect(await conn.scalar(PID)).not.toBe(outer)
          expect(await conn.scalar(COUNT)).toBe(0)
          expect(inUse(engine)).toBe(2)
        })
      })
    },
  )

  it.runIf(single)(
    'reuse: false inside a scope waits for the only PGlite connection and times out',
    async () => {
      await engine.acquire(async () => {
        const started = Date.now()
        const error = await rejection(
          engine.acquire({ reuse: false }, (conn) => conn.scalar('SELECT 1')),
        )
        expect(error).toBeInstanceOf(PoolTimeoutError)
        expect(Date.now() - started).toBeGreaterThanOrEqual(250)
      })
    },
  )

  it('lazy: takes no pool connection until the first query', async () => {
    const conn = await engine.acquire({ lazy: true })
    expect(conn.connected).toBe(false)
    expect(inUse(engine)).toBe(0)
    expect(await conn.scalar('SELECT 41 + 1')).toBe(42)
    expect(conn.connected).toBe(true)
    expect(inUse(engine)).toBe(1)
    await conn.release()
    expect(conn.connected).toBe(false)
    expect(inUse(engine)).toBe(0)
  })

  it('a lazy scope that runs no query never touches the pool', async () => {
    await engine.acquire({ lazy: true }, (conn) => {
      expect(inUse(engine)).toBe(0)
      expect(conn.connected).toBe(false)
    })
    expect(inUse(engine)).toBe(0)
  })

  it('a lazy scope is in context: queries inside take its connection once, then share it', async () => {
    await engine.acquire({ lazy: true }, async (conn) => {
      const pids = await Promise.all([engine.scalar(PID), engine.scalar(PID), conn.scalar(PID)])
      expect(new Set(pids).size).toBe(1)
      expect(inUse(engine)).toBe(1)
    })
    expect(inUse(engine)).toBe(0)
  })

  it.runIf(!single)('reusable: false keeps the connection off the context stack', async () => {
    await engine.acquire({ reusable: false }, async (conn) => {
      const mine = await conn.scalar(PID)
      expect(await engine.scalar(PID)).not.toBe(mine)
      const reuser = await engine.acquire({ reuse: true })
      expect(reuser.isRoot).toBe(true)
      expect(await reuser.scalar(PID)).not.toBe(mine)
      await reuser.release()
    })
  })

  it.runIf(single)(
    'reusable: false on PGlite: a query of the context waits for the held connection',
    async () => {
      await engine.acquire({ reusable: false }, async (conn) => {
        expect(await conn.scalar('SELECT 1')).toBe(1)
        await expect(engine.scalar('SELECT 1')).rejects.toBeInstanceOf(PoolTimeoutError)
      })
    },
  )

  it('Promise.all inside a scope shares its connection without protocol errors', async () => {
    await engine.acquire(async (conn) => {
      const mine = await conn.scalar(PID)
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          engine.scalar('SELECT :i::int AS i, pg_backend_pid() AS pid', { i }),
        ),
      )
      expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i))
      const pids = await Promise.all(Array.from({ length: 5 }, () => engine.scalar(PID)))
      expect(pids).toEqual(Array(5).fill(mine))
    })
  })

  it('releasing a handle twice is a ConnectionReleasedError', async () => {
    const conn = await engine.acquire()
    await conn.release()
    expect(conn.released).toBe(true)
    await expect(conn.release()).rejects.toBeInstanceOf(ConnectionReleasedError)
    await expect(conn.scalar('SELECT 1')).rejects.toBeInstanceOf(ConnectionReleasedError)
    expect(inUse(engine)).toBe(0)
  })

  it('a reusing handle fails once its root connection was released', async () => {
    await engine.acquire(async (root) => {
      const shared = await engine.acquire({ reuse: true })
      expect(shared.isRoot).toBe(false)
      expect(await shared.scalar('SELECT 1')).toBe(1)
      await root.release()
      await expect(shared.scalar('SELECT 1')).rejects.toBeInstanceOf(ConnectionReleasedError)
      await expect(engine.scalar('SELECT 1')).rejects.toBeInstanceOf(ConnectionReleasedError)
      await shared.release()
    })
    expect(inUse(engine)).toBe(0)
  })

  it('a scope releases its connection when its function throws, and the error comes through', async () => {
    const error = await rejection(
      engine.acquire(async (conn) => {
        await conn.scalar('SELECT 1')
        throw new Error('boom')
      }),
    )
    expect((error as Error).message).toBe('boom')
    expect(inUse(engine)).toBe(0)
  })

  it('a scope whose function released the handle itself does not release it again', async () => {
    await engine.acquire(async (conn) => {
      await conn.release()
    })
    expect(inUse(engine)).toBe(0)
  })

  it('a scope outlives neither its function nor its queries: work after it takes a new connection', async () => {
    let handle: Connection | undefined
    await engine.acquire(async (conn) => {
      handle = conn
      await conn.scalar('SELECT 1')
    })
    expect(handle?.released).toBe(true)
    expect(await engine.scalar('SELECT 2')).toBe(2)
    expect(inUse(engine)).toBe(0)
  })
})

describeServer('acquire: connections seen from the server', () => {
  let engine: Engine
  let observer: Engine
  const APP = 'gino_eng_ctx_lazy'
  const backends = () =>
    observer.scalar('SELECT count(*)::int FROM pg_stat_activity WHERE application_name = :app', {
      app: APP,
    })

  beforeAll(async () => {
    observer = await openServerEngine()
    engine = await openServerEngine({ applicationName: APP, max: 3, lazy: true })
  })
  afterAll(async () => {
    await engine.close()
    await observer.close()
  })

  it('a lazy acquire opens no backend until its first query', async () => {
    expect(await backends()).toBe(0)
    const conn = await engine.acquire({ lazy: true })
    expect(await backends()).toBe(0)
    await conn.scalar('SELECT 1')
    expect(await backends()).toBe(1)
    await conn.release()
  })

  it('frames of different engines interleave: each engine finds its own connection', async () => {
    await engine.acquire(async (conn) => {
      const mine = await conn.scalar(PID)
      await observer.acquire(async (other) => {
        const theirs = await other.scalar(PID)
        expect(theirs).not.toBe(mine)
        expect(await engine.scalar(PID)).toBe(mine)
        expect(await observer.scalar(PID)).toBe(theirs)
      })
    })
  })
})
