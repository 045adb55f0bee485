import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { beginTransaction, runTransaction } from '../../src/transaction/transaction.js'
import type { Engine } from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { EchoLog, openEngine } from '../support/engines.js'

/** The lazy outermost level the request transactions of the integrations use. */
describeEachDriver('lazy transactions', (driver) => {
  let engine: Engine
  const log = new EchoLog()

  beforeAll(async () => {
    engine = await openEngine(driver, { max: 2, echo: log.echo })
  })
  beforeEach(() => log.clear())
  afterAll(async () => {
    await engine.close()
  })

  it('sends nothing, and takes no connection, for a level that ends before any statement', async () => {
    await engine.acquire({ lazy: true }, async (conn) => {
      const tx = await beginTransaction(conn, { isolation: 'serializable' }, true)
      expect(tx.isActive).toBe(true)
      expect(conn.connected).toBe(false)
      await tx.rollback()
      expect(tx.isActive).toBe(false)
      expect(conn.connected).toBe(false)
    })
    await engine.acquire({ lazy: true }, async (conn) => {
      await runTransaction(engine, conn, () => 'nothing ran', undefined, true)
    })
    expect(log.sql()).toEqual([])
  })

  it('sends BEGIN (with its options) right before the first statement, then works as usual', async () => {
    await engine.acquire({ lazy: true }, async (conn) => {
      const tx = await beginTransaction(conn, { isolation: 'repeatable read' }, true)
      expect(log.sql()).toEqual([])
      expect(await conn.scalar('SELECT 1')).toBe(1)
      await conn.transaction(() => conn.scalar('SELECT 2'))
      await tx.commit()
    })
    expect(log.sql()).toEqual([
      'BEGIN ISOLATION LEVEL REPEATABLE READ',
      'SELECT 1',
      'SAVEPOINT gino_sp_1',
      'SELECT 2',
      'RELEASE SAVEPOINT gino_sp_1',
      'COMMIT',
    ])
  })

  it('rolls back on release only what reached the server', async () => {
    const conn = await engine.acquire({ lazy: true })
    await beginTransaction(conn, undefined, true)
    await conn.release()
    expect(log.sql()).toEqual([])
    const used = await engine.acquire({ lazy: true })
    await beginTransaction(used, undefined, true)
    await used.scalar('SELECT 3')
    await used.release()
    expect(log.sql()).toEqual(['BEGIN', 'SELECT 3', 'ROLLBACK'])
  })
})
