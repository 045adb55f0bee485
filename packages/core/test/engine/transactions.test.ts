import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { type Engine, InvalidOptionError, QueryError, TransactionError } from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { EchoLog, inUse, openEngine, rejection, sleep } from '../support/engines.js'

const PID = 'SELECT pg_backend_pid()'

describeEachDriver('transactions', (driver) => {
  let engine: Engine
  const log = new EchoLog()
  const names = () =>
    engine.all('SELECT name FROM eng_tx_items ORDER BY id').then((rows) => rows.map((r) => r.name))
  const insert = (name: string) =>
    engine.status('INSERT INTO eng_tx_items (name) VALUES (:name)', { name })

  beforeAll(async () => {
    engine = await openEngine(driver, { max: 4, acquireTimeout: 2000, echo: log.echo })
    await engine.status('DROP TABLE IF EXISTS eng_tx_items')
    await engine.status('CREATE TABLE eng_tx_items (id serial PRIMARY KEY, name text NOT NULL)')
  })
  beforeEach(async () => {
    await engine.status('TRUNCATE eng_tx_items')
    log.clear()
  })
  afterAll(async () => {
    await engine.status('DROP TABLE IF EXISTS eng_tx_items')
    await engine.close()
  })

  it('commits when the function returns and hands back its value', async () => {
    const value = await engine.transaction(async (tx) => {
      expect(tx.depth).toBe(0)
      expect(tx.isActive).toBe(true)
      await insert('a')
      return 'done'
    })
    expect(value).toBe('done')
    expect(await names()).toEqual(['a'])
    expect(log.sql()).toEqual([
      'BEGIN',
      expect.stringContaining('INSERT'),
      'COMMIT',
      expect.stringContaining('SELECT'),
    ])
  })

  it('rolls back when the function throws and rethrows the error', async () => {
    const error = await rejection(
      engine.transaction(async () => {
        await insert('a')
        throw new Error('nope')
      }),
    )
    expect((error as Error).message).toBe('nope')
    expect(await names()).toEqual([])
    expect(inUse(engine)).toBe(0)
  })

  it('nests as savepoints: an inner failure rolls back only the inner level', async () => {
    await engine.transaction(async () => {
      await insert('outer')
      await expect(
        engine.transaction(async (inner) => {
          expect(inner.depth).toBe(1)
          await insert('inner')
          throw new Error('inner fails')
        }),
      ).rejects.toThrow('inner fails')
      await engine.transaction(async () => {
        await insert('inner kept')
      })
      await insert('outer again')
    })
    expect(await names()).toEqual(['outer', 'inner kept', 'outer again'])
    expect(log.starting('SAVEPOINT')).toHaveLength(2)
    expect(log.starting('ROLLBACK TO SAVEPOINT')).toHaveLength(1)
  })

  it('a failed statement inside a savepoint leaves the outer level usable', async () => {
    await engine.transaction(async () => {
      await insert('before')
      const error = await rejection(
        engine.transaction(() => engine.status('SELECT * FROM eng_tx_missing')),
      )
      expect(error).toBeInstanceOf(QueryError)
      await insert('after')
    })
    expect(await names()).toEqual(['before', 'after'])
  })

  it('an outer rollback drops what inner levels committed', async () => {
    await expect(
      engine.transaction(async () => {
        await engine.transaction(() => insert('inner'))
        throw new Error('outer fails')
      }),
    ).rejects.toThrow('outer fails')
    expect(await names()).toEqual([])
  })

  it('rollback() from inside ends only that level; the outer function goes on in the outer level', async () => {
    await engine.transaction(async (outer) => {
      await insert('outer')
      await engine.transaction(async (inner) => {
        await insert('dropped')
        await inner.rollback()
        expect(inner.isActive).toBe(false)
        expect(outer.isActive).toBe(true)
      })
      await insert('after inner rollback')
    })
    expect(await names()).toEqual(['outer', 'after inner rollback'])
  })

  it('a statement after commit() / rollback() inside the callback fails with TransactionError, never runs elsewhere', async () => {
    let late: unknown
    await engine.transaction(async (inner) => {
      await insert('committed')
      await inner.commit()
      await expect(inner.commit()).rejects.toBeInstanceOf(TransactionError)
      await expect(inner.rollback()).rejects.toBeInstanceOf(TransactionError)
      late = await rejection(insert('would autocommit'))
    })
    expect(late).toBeInstanceOf(TransactionError)
    expect((late as TransactionError).message).toMatch(/ended by commit\(\) or rollback\(\) inside its callback/)
    await engine.transaction(async (outer) => {
      await insert('outer')
      await engine.transaction(async (inner) => {
        await inner.rollback()
        await expect(insert('would run in the outer level')).rejects.toBeInstanceOf(TransactionError)
        await expect(engine.transaction(() => insert('nor in a new level'))).rejects.toBeInstanceOf(TransactionError)
      })
      expect(outer.isActive).toBe(true)
    })
    expect(await names()).toEqual(['committed', 'outer'])
  })

  it('ending an outer level from an inner one ends the inner level too', async () => {
    await engine.transaction(async (outer) => {
      await insert('outer')
      await engine.transaction(async (inner) => {
        await insert('inner')
        await outer.rollback()
        expect(inner.isActive).toBe(false)
        expect(outer.isActive).toBe(false)
      })
      // Back in the outer function, but its level is over: no statement may run in it.
      await expect(insert('after')).rejects.toBeInstanceOf(TransactionError)
    })
    expect(await names()).toEqual([])
    expect(
      log.sql().filter((sql) => /^(BEGIN|SAVEPOINT|ROLLBACK|RELEASE|COMMIT)/.test(sql)),
    ).toEqual(['BEGIN', 'SAVEPOINT gino_sp_1', 'ROLLBACK'])
  })

  it('committing an outer level from an inner one keeps both levels’ rows', async () => {
    await engine.transaction(async (outer) => {
      await insert('outer')
      await engine.transaction(async () => {
        await insert('inner')
        await outer.commit()
      })
    })
    expect(await names()).toEqual(['outer', 'inner'])
  })

  it('manual mode: begin then commit or rollback by hand, nesting as savepoints', async () => {
    const conn = await engine.acquire()
    try {
      const tx = await conn.begin()
      await conn.status("INSERT INTO eng_tx_items (name) VALUES ('kept')")
      const nested = await conn.begin()
      expect(nested.depth).toBe(1)
      await conn.status("INSERT INTO eng_tx_items (name) VALUES ('dropped')")
      await nested.rollback()
      await tx.commit()
      const again = await conn.begin()
      await conn.status("INSERT INTO eng_tx_items (name) VALUES ('rolled back')")
      await again.rollback()
      await expect(again.commit()).rejects.toBeInstanceOf(TransactionError)
    } finally {
      await conn.release()
    }
    expect(await names()).toEqual(['kept'])
  })

  it('a manual transaction left open is rolled back when its connection is released', async () => {
    const conn = await engine.acquire()
    const tx = await conn.begin()
    await conn.status("INSERT INTO eng_tx_items (name) VALUES ('left open')")
    await conn.release()
    expect(tx.isActive).toBe(false)
    expect(log.sql().at(-1)).toBe('ROLLBACK')
    expect(await names()).toEqual([])
    // The connection went back to the pool clean (the pool hands back the most recently
    // released one): not inside a transaction, where a savepoint would be accepted.
    await expect(engine.status('SAVEPOINT eng_probe')).rejects.toMatchObject({ sqlState: '25P01' })
  })

  it('a transaction begun by hand inside a scope is rolled back when the scope ends', async () => {
    await engine.acquire(async (conn) => {
      await conn.begin()
      await insert('in scope')
    })
    expect(await names()).toEqual([])
  })

  it('applies isolation, read only and deferrable to the outermost level', async () => {
    for (const isolation of ['serializable', 'repeatable read', 'read committed'] as const) {
      await engine.transaction(
        async () => {
          expect(await engine.scalar('SHOW transaction_isolation')).toBe(isolation)
        },
        { isolation },
      )
    }
    await engine.transaction(
      async () => {
        expect(await engine.scalar('SHOW transaction_read_only')).toBe('on')
        expect(await engine.scalar('SHOW transaction_deferrable')).toBe('on')
      },
      { isolation: 'serializable', readOnly: true, deferrable: true },
    )
    expect(log.sql()).toContain('BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE')
    const conn = await engine.acquire()
    try {
      await conn.begin({ isolation: 'repeatable read' })
      expect(await conn.scalar('SHOW transaction_isolation')).toBe('repeatable read')
    } finally {
      await conn.release()
    }
  })

  it('a write in a read-only transaction fails with SQLSTATE 25006', async () => {
    const error = await rejection(engine.transaction(() => insert('no'), { readOnly: true }))
    expect(error).toBeInstanceOf(QueryError)
    expect((error as QueryError).sqlState).toBe('25006')
    expect(await names()).toEqual([])
  })

  it('options on a nested level, or an unknown isolation level, are refused', async () => {
    await engine.transaction(async () => {
      await expect(engine.transaction(() => 1, { readOnly: true })).rejects.toBeInstanceOf(
        TransactionError,
      )
      await insert('still fine')
    })
    const error = await rejection(engine.transaction(() => 1, { isolation: 'chaotic' as never }))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect((error as Error).message).toMatch(/chaotic.*serializable/)
    expect(await names()).toEqual(['still fine'])
    expect(inUse(engine)).toBe(0)
  })

  it('a function that throws before returning a promise, or a plain value, ends the transaction as an async one would', async () => {
    let started = false
    const running = engine.transaction(() => {
      started = true
      throw new Error('at once')
    })
    // Started at once on a free connection, and reported through the promise.
    expect(started).toBe(true)
    expect(((await rejection(running)) as Error).message).toBe('at once')
    expect(inUse(engine)).toBe(0)
    expect(await engine.transaction(() => 42)).toBe(42)
    await engine.transaction(() => insert('sync'))
    expect(await names()).toEqual(['sync'])
    expect(inUse(engine)).toBe(0)
    // Every connection taken: the next transaction waits for one, then runs as usual.
    const held = await Promise.all(Array.from({ length: driver.name === 'pglite' ? 1 : 4 }, () => engine.acquire()))
    let done = false
    const waiting = engine.transaction(() => insert('after wait')).then(() => (done = true))
    await sleep(20)
    expect(done).toBe(false)
    await Promise.all(held.map((connection) => connection.release()))
    await waiting
    expect(await names()).toEqual(['sync', 'after wait'])
    expect(inUse(engine)).toBe(0)
  })

  it('Promise.all inside a transaction runs every query in the transaction', async () => {
    const error = await rejection(
      engine.transaction(async () => {
        const txPid = await engine.scalar(PID)
        const results = await Promise.all(
          Array.from({ length: 10 }, async (_, i) => {
            await insert(`row ${i}`)
            return [
              await engine.scalar(PID),
              await engine.scalar('SELECT count(*)::int FROM eng_tx_items'),
            ]
          }),
        )
        for (const [pid, count] of results) {
          expect(pid).toBe(txPid)
          expect(count).toBeGreaterThanOrEqual(1)
        }
        expect(await engine.scalar('SELECT count(*)::int FROM eng_tx_items')).toBe(10)
        throw new Error('roll it all back')
      }),
    )
    expect((error as Error).message).toBe('roll it all back')
    expect(await names()).toEqual([])
  })

  it('concurrent nested transactions are serialized: one savepoint at a time, each ends on its own', async () => {
    let active = 0
    let most = 0
    await engine.transaction(async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          engine.transaction(async () => {
            active++
            most = Math.max(most, active)
            await insert(`nested ${i}`)
            await sleep(5)
            active--
            if (i % 2 === 1) throw new Error(`odd ${i}`)
          }),
        ),
      )
      expect(outcomes.map((o) => o.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
      ])
    })
    expect(most).toBe(1)
    expect(await names()).toEqual(['nested 0', 'nested 2', 'nested 4'])
  })

  it('a sibling query of the enclosing level waits for a nested level to end and does not run inside it', async () => {
    const events: string[] = []
    await engine.transaction(async () => {
      await Promise.all([
        engine
          .transaction(async () => {
            await insert('inner')
            await sleep(80)
            events.push('inner ends')
            throw new Error('rolled back')
          })
          .catch(() => undefined),
        (async () => {
          await sleep(20)
          const count = await engine.scalar('SELECT count(*)::int FROM eng_tx_items')
          events.push(`sibling saw ${String(count)}`)
        })(),
      ])
    })
    expect(events).toEqual(['inner ends', 'sibling saw 0'])
  })

  it('a sibling outside the transaction on a shared connection waits and runs outside it', async () => {
    const events: string[] = []
    await engine.acquire(async () => {
      await Promise.all([
        engine
          .transaction(async () => {
            await insert('tx')
            await sleep(80)
            events.push('tx ends')
            throw new Error('rolled back')
          })
          .catch(() => undefined),
        (async () => {
          await sleep(20)
          events.push(
            `sibling saw ${String(await engine.scalar('SELECT count(*)::int FROM eng_tx_items'))}`,
          )
        })(),
      ])
    })
    expect(events).toEqual(['tx ends', 'sibling saw 0'])
  })

  it.runIf(driver.name === 'pglite')(
    'PGlite: work from another context waits for the transaction, then sees its commit',
    async () => {
      const events: string[] = []
      await Promise.all([
        engine.transaction(async () => {
          await insert('tx')
          await sleep(80)
          events.push('tx ends')
        }),
        (async () => {
          await sleep(20)
          const count = await engine.scalar('SELECT count(*)::int FROM eng_tx_items')
          events.push(`other saw ${String(count)}`)
        })(),
      ])
      expect(events).toEqual(['tx ends', 'other saw 1'])
    },
  )

  it.runIf(driver.name === 'pg')(
    'server: work from another context runs on its own connection while the transaction is open',
    async () => {
      let inserted!: () => void
      const insertDone = new Promise<void>((resolve) => (inserted = resolve))
      let otherDone!: () => void
      const otherFinished = new Promise<void>((resolve) => (otherDone = resolve))
      const events: string[] = []
      await Promise.all([
        engine.transaction(async () => {
          await insert('tx')
          inserted()
          // The transaction stays open until the other context has read.
          await otherFinished
          events.push('tx ends')
        }),
        (async () => {
          await insertDone
          const count = await engine.scalar('SELECT count(*)::int FROM eng_tx_items')
          events.push(`other saw ${String(count)}`)
          otherDone()
        })(),
      ])
      expect(events).toEqual(['other saw 0', 'tx ends'])
      expect(await names()).toEqual(['tx'])
    },
  )

  it('a transaction on a connection handle runs engine queries of its function on that connection', async () => {
    const conn = await engine.acquire()
    try {
      const pid = await conn.scalar(PID)
      await conn.transaction(async () => {
        expect(await engine.scalar(PID)).toBe(pid)
        await insert('via handle')
      })
    } finally {
      await conn.release()
    }
    expect(await names()).toEqual(['via handle'])
  })
})
