import { afterEach, expect, it, vi } from 'vitest'
import { column, Gino, sql } from '../../src/index.js'
import { ModelRowLoader } from '../../src/model/model-row-loader.js'
import { describeEachDriver } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

describeEachDriver('model rows made instances as they arrive', (driver) => {
  const db = new Gino()

  class Item extends db.model('mdl_shaped_items', {
    id: column.serial().primaryKey(),
    name: column.text().notNull(),
    createdAt: column
      .timestamptz()
      .notNull()
      .named('created_at')
      .serverDefault(sql`now()`),
  }) {}

  useModels(db, driver)
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('builds instances while pg reads the result (after it on PGlite), with the same rows', async () => {
    await Item.insertMany(Array.from({ length: 50 }, (_, i) => ({ name: `n${i}` })))
    const shapeFor = vi.spyOn(ModelRowLoader.prototype, 'shapeFor')
    const items = await db.all(Item.query.orderBy('id'))
    expect(shapeFor).toHaveBeenCalledTimes(driver.name === 'pg' ? 1 : 0)
    expect(items).toHaveLength(50)
    expect(items.every((item) => item instanceof Item)).toBe(true)
    expect(items.map((item) => item.name)).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`))
    expect(items[0]!.createdAt).toBeInstanceOf(Date)
    expect(Object.keys(items[0]!)).toEqual(['id', 'name', 'createdAt'])
  })

  it('leaves out columns the result lacks, and ignores columns the model lacks', async () => {
    const rows = await db.all(
      Item.query.clearSelect().select(['mdl_shaped_items.name', sql<number>`1`.as('extra')]).limit(2),
    )
    expect(rows.map((row) => Object.keys(row))).toEqual([['name'], ['name']])
    expect(rows.every((row) => row instanceof Item)).toBe(true)
  })

  it('Model.get, first() and a cursor load shaped rows too', async () => {
    const first = await Item.query.orderBy('id').limit(1).executeTakeFirst()
    const got = await Item.get((first as { id: number }).id)
    expect(got).toBeInstanceOf(Item)
    expect(got!.name).toBe('n0')
    const viaFirst = await db.first(Item.query.where('name', '=', 'n7'))
    expect(viaFirst).toBeInstanceOf(Item)
    const names = await db.transaction(async () => {
      const seen: string[] = []
      for await (const item of db.iterate(Item.query.orderBy('id').limit(5), { chunkSize: 2 })) seen.push(item.name)
      return seen
    })
    expect(names).toEqual(['n0', 'n1', 'n2', 'n3', 'n4'])
  })
})
