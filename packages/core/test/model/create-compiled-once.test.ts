import { afterAll, beforeAll, expect, it } from 'vitest'
import { column, Gino, sql } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

describeEachDriver('create() compiles its INSERT once per column set', (driver) => {
  const db = new Gino()
  const statements: Array<{ sql: string; parameters: readonly unknown[] }> = []

  class Counter extends db.model('mdl_cco_counters', {
    id: column.serial().primaryKey(),
    name: column.text().notNull(),
    hits: column.integer().notNull().default(0),
    tags: column.jsonb<string[]>(),
  }) {}

  beforeAll(async () => {
    db.bind = await openEngine(driver, { echo: (entry) => statements.push(entry) })
    await db.dropAll()
    await db.createAll()
  })

  afterAll(async () => {
    await db.dropAll()
    await db.popBind()?.close()
  })

  it('sends the same SQL with new parameters, and the rows are right', async () => {
    statements.length = 0
    const a = await Counter.create({ name: 'a', hits: 1, tags: ['x'] })
    const b = await Counter.create({ name: 'b', hits: 2, tags: ['y', 'z'] })
    expect(statements.map((s) => s.sql)).toEqual([statements[0]!.sql, statements[0]!.sql])
    expect(statements[1]!.parameters).toEqual(['b', 2, '["y","z"]'])
    expect([a.id, a.name, a.hits, a.tags]).toEqual([1, 'a', 1, ['x']])
    expect([b.id, b.name, b.hits, b.tags]).toEqual([2, 'b', 2, ['y', 'z']])
  })

  it('an SQL expression for a cached column set is compiled, not sent as a parameter', async () => {
    await Counter.create({ name: 'c', hits: 1, tags: null })
    const d = await Counter.create({ name: 'd', hits: sql<number>`40 + 2`, tags: null })
    expect(d.hits).toBe(42)
    const e = await Counter.create({ name: 'e', hits: 5, tags: null })
    expect(e.hits).toBe(5)
  })

  it('another column set gets its own statement', async () => {
    const f = await Counter.create({ name: 'f' })
    expect([f.hits, f.tags]).toEqual([0, null])
    expect(await db.scalar('SELECT count(*)::int FROM mdl_cco_counters')).toBe(6)
  })
})
