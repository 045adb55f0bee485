import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { type Engine, TransactionError } from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { EchoLog, openEngine, rejection } from '../support/engines.js'

describeEachDriver('a transaction ended early, then more statements', (driver) => {
  let engine: Engine
  const log = new EchoLog()
  const names = () =>
    engine.all('SELECT name FROM eng_early_items ORDER BY id').then((rows) => rows.map((r) => r.name))
  const insert = (name: string) => engine.status('INSERT INTO eng_early_items (name) VALUES (:name)', { name })

  beforeAll(async () => {
    engine = await openEngine(driver, { echo: log.echo })
    await engine.status('DROP TABLE IF EXISTS eng_early_items')
    await engine.status('CREATE TABLE eng_early_items (id serial PRIMARY KEY, name text NOT NULL)')
  })
  beforeEach(async () => {
    await engine.status('TRUNCATE eng_early_items')
    log.clear()
  })
  afterAll(async () => {
    await engine.status('DROP TABLE IF EXISTS eng_early_items')
    await engine.close()
  })

  it('a raw COMMIT inside transaction() fails with TransactionError; the callback’s later statements fail too', async () => {
    let commit: unknown
    let after: unknown
    await engine.transaction(async (tx) => {
      await insert('committed by the raw COMMIT')
      commit = await rejection(engine.status('COMMIT'))
      expect(tx.isActive).toBe(false)
      after = await rejection(insert('would autocommit'))
    })
    expect(commit).toBeInstanceOf(TransactionError)
    expect((commit as Error).message).toMatch(/COMMIT or ROLLBACK sent as a statement ended the transaction/)
    expect(after).toBeInstanceOf(TransactionError)
    expect(await names()).toEqual(['committed by the raw COMMIT'])
    // Nothing more was sent for the ended transaction.
    expect(log.sql().filter((sql) => /^(COMMIT|ROLLBACK)$/.test(sql))).toEqual(['COMMIT'])
  })

  it('a raw ROLLBACK in a nested level ends every level (ROLLBACK TO SAVEPOINT does not)', async () => {
    await engine.transaction(async (outer) => {
      await insert('outer')
      await engine.status('SAVEPOINT mine')
      await insert('undone')
      await engine.status('ROLLBACK TO SAVEPOINT mine')
      expect(outer.isActive).toBe(true)
      await engine.transaction(async () => {
        await expect(engine.status('ROLLBACK')).rejects.toBeInstanceOf(TransactionError)
      })
      expect(outer.isActive).toBe(false)
      await expect(insert('after')).rejects.toBeInstanceOf(TransactionError)
    })
    expect(await names()).toEqual([])
  })

  it('a raw COMMIT in a manual transaction ends it: TransactionError, then the connection runs outside it', async () => {
    const conn = await engine.acquire()
    try {
      const tx = await conn.begin()
      await conn.status("INSERT INTO eng_early_items (name) VALUES ('manual')")
      await expect(conn.status('END')).rejects.toBeInstanceOf(TransactionError)
      expect(tx.isActive).toBe(false)
      await expect(tx.rollback()).rejects.toBeInstanceOf(TransactionError)
      await conn.status("INSERT INTO eng_early_items (name) VALUES ('outside')")
    } finally {
      await conn.release()
    }
    expect(await names()).toEqual(['manual', 'outside'])
  })
})
