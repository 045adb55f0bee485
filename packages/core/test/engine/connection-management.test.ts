import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { Connection, type Engine, PoolTimeoutError } from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { inUse, openEngine, rejection, sleep } from '../support/engines.js'

const PID = 'SELECT pg_backend_pid()'
const COUNT = 'SELECT count(*)::int FROM eng_mgmt_rows'

describeEachDriver('connection management (GINO parity)', (driver) => {
  let engine: Engine
  const single = driver.name === 'pglite'

  beforeAll(async () => {
    // A long pool-wide wait: the per-call limits below must cut it short.
    engine = await openEngine(driver, { max: single ? 1 : 2, acquireTimeout: 20_000 })
    await engine.status('CREATE TABLE IF NOT EXISTS eng_mgmt_rows (id int)')
  })
  beforeEach(async () => {
    await engine.status('DELETE FROM eng_mgmt_rows')
  })
  afterAll(async () => {
    await engine.status('DROP TABLE IF EXISTS eng_mgmt_rows')
    await engine.close()
  })

  /** Takes every pooled connection; returns a function giving them back. */
  async function exhaust(): Promise<() => Promise<void>> {
    const held = await Promise.all(Array.from({ length: single ? 1 : 2 }, () => engine.acquire()))
    return async () => {
      for (const conn of held) await conn.release()
    }
  }

  it('acquire({ timeout }) gives up waiting for a pooled connection after that many ms', async () => {
    const giveBack = await exhaust()
    try {
      const started = Date.now()
      const error = await rejection(engine.acquire({ timeout: 150 }))
      expect(error).toBeInstanceOf(PoolTimeoutError)
      expect((error as PoolTimeoutError).timeoutMs).toBe(150)
      expect(Date.now() - started).toBeLessThan(5_000)
      // The scoped form too; its body never runs.
      let ran = false
      await expect(engine.acquire({ timeout: 100 }, () => (ran = true))).rejects.toBeInstanceOf(PoolTimeoutError)
      expect(ran).toBe(false)
    } finally {
      await giveBack()
    }
    // The connection that reached the abandoned waiter went back to the pool.
    await sleep(50)
    expect(inUse(engine)).toBe(0)
    expect(await engine.scalar('SELECT 1')).toBe(1)
  })

  it('a lazy connection waits for its first connection at most the acquire timeout or the statement timeout', async () => {
    const giveBack = await exhaust()
    try {
      const lazy = await engine.acquire({ lazy: true, timeout: 150 })
      let started = Date.now()
      expect(await rejection(lazy.scalar('SELECT 1'))).toBeInstanceOf(PoolTimeoutError)
      expect(Date.now() - started).toBeLessThan(5_000)
      await lazy.release()

      const plain = await engine.acquire({ lazy: true })
      started = Date.now()
      const error = await rejection(plain.scalar('SELECT 1', [], { timeout: 120 }))
      expect(error).toBeInstanceOf(PoolTimeoutError)
      expect((error as PoolTimeoutError).timeoutMs).toBe(120)
      expect(Date.now() - started).toBeLessThan(5_000)
      await plain.release()
    } finally {
      await giveBack()
    }
  })

  it('release({ permanent: false }) gives the connection back and keeps the scope usable', async () => {
    await engine.acquire(async (conn) => {
      await conn.scalar(PID)
      expect(inUse(engine)).toBe(1)
      await conn.release({ permanent: false })
      expect(conn.released).toBe(false)
      expect(conn.connected).toBe(false)
      expect(inUse(engine)).toBe(0)
      // With the connection back in the pool, another holder can take it (even PGlite's only one).
      expect(await engine.acquire({ reuse: false, timeout: 2_000 }, (other) => other.scalar('SELECT 7'))).toBe(7)
      // Queries of the scope (on the handle, and reusing it from the context) take one again.
      expect(await engine.scalar('SELECT 1')).toBe(1)
      expect(conn.connected).toBe(true)
      expect(await conn.scalar(PID)).toBe(await engine.scalar(PID))
    })
    expect(inUse(engine)).toBe(0)
  })

  it('release({ permanent: false }) rolls back a transaction left open', async () => {
    const conn = await engine.acquire()
    try {
      const tx = await conn.begin()
      await conn.status('INSERT INTO eng_mgmt_rows VALUES (1)')
      await conn.release({ permanent: false })
      expect(tx.isActive).toBe(false)
      expect(await conn.scalar(COUNT)).toBe(0)
    } finally {
      await conn.release()
    }
    await expect(conn.release({ permanent: false })).rejects.toThrow(/already released/)
  })

  it('tx.connection is the connection the transaction runs on', async () => {
    await engine.transaction(async (tx) => {
      expect(tx.connection).toBeInstanceOf(Connection)
      await engine.status('INSERT INTO eng_mgmt_rows VALUES (1)')
      expect(await tx.connection.scalar(COUNT)).toBe(1)
      expect(await tx.connection.scalar(PID)).toBe(await engine.scalar(PID))
      await engine.transaction(async (nested) => {
        expect(await nested.connection.scalar(PID)).toBe(await tx.connection.scalar(PID))
      })
    })
    const conn = await engine.acquire()
    try {
      await conn.transaction((tx) => expect(tx.connection).toBe(conn))
      const manual = await conn.begin()
      expect(manual.connection).toBe(conn)
      await manual.rollback()
    } finally {
      await conn.release()
    }
  })

  it.runIf(!single)('transaction({ reuse: false }) runs on a connection of its own inside another transaction', async () => {
    let outerPid: unknown
    let innerPid: unknown
    await expect(
      engine.transaction(async (outer) => {
        outerPid = await outer.connection.scalar(PID)
        await engine.status('INSERT INTO eng_mgmt_rows VALUES (1)')
        await engine.transaction(
          async (inner) => {
            innerPid = await engine.scalar(PID)
            expect(inner.depth).toBe(0)
            expect(await engine.scalar(COUNT)).toBe(0) // outer's row is not visible here
            await engine.status('INSERT INTO eng_mgmt_rows VALUES (2)')
          },
          { reuse: false, isolation: 'serializable' },
        )
        throw new Error('outer fails')
      }),
    ).rejects.toThrow('outer fails')
    expect(innerPid).not.toBe(outerPid)
    expect(await engine.all('SELECT id FROM eng_mgmt_rows')).toEqual([{ id: 2 }])
  })

  it.runIf(single)('transaction({ reuse: false }) inside another waits for PGlite’s only connection', async () => {
    const short = await openEngine(driver, { acquireTimeout: 150 })
    try {
      await short.transaction(async () => {
        const error = await rejection(short.transaction(() => 1, { reuse: false }))
        expect(error).toBeInstanceOf(PoolTimeoutError)
      })
    } finally {
      await short.close()
    }
  })
})
