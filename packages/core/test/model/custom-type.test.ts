import { expect, it } from 'vitest'
import { column, Gino, text } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

/** Euros in memory, integer cents in the database. */
const cents = column.custom(column.integer(), {
  toDatabase: (euros: number) => Math.round(euros * 100),
  fromDatabase: (stored: number) => stored / 100,
})
/** A set of tags kept as one comma-separated text. */
const tagSet = column.custom(column.text(), {
  toDatabase: (tags: Set<string>) => [...tags].sort().join(','),
  fromDatabase: (stored: string) => new Set(stored === '' ? [] : stored.split(',')),
})

describeEachDriver('custom column types (to / from database)', (driver) => {
  const db = new Gino()
  class Item extends db.model('mdl_custom_items', {
    id: column.serial().primaryKey(),
    price: cents.notNull(),
    tags: tagSet,
  }) {}
  class Shelf extends db.model('mdl_custom_shelves', {
    id: column.serial().primaryKey(),
    itemId: column.integer().notNull().named('item_id').references(() => Item.columns.id),
  }) {}

  useModels(db, driver)

  it('create(), update().apply(), insertMany() store the database form; instances hold the JS form', async () => {
    const item = await Item.create({ price: 12.5, tags: new Set(['b', 'a']) })
    expect(item.price).toBe(12.5)
    expect(item.tags).toEqual(new Set(['a', 'b']))
    expect(await db.one('SELECT price, tags FROM mdl_custom_items WHERE id = :id', { id: item.id })).toEqual({
      price: 1250,
      tags: 'a,b',
    })
    await item.update({ price: 3.1 }).apply()
    expect(item.price).toBe(3.1)
    expect(await db.scalar('SELECT price FROM mdl_custom_items WHERE id = :id', { id: item.id })).toBe(310)
    const [other] = await Item.insertMany([{ price: 0.99, tags: null }])
    expect(other?.price).toBe(0.99)
    expect(other?.tags).toBeNull()
  })

  it('queries and loaders read the JS form; Model.toDatabase() converts a value for a where', async () => {
    const cheap = await db.all(Item.selectAll().where('price', '<', Item.toDatabase('price', 1)))
    expect(cheap.map((i) => i.price)).toEqual([0.99])
    const loaded = await db.all(text('SELECT * FROM mdl_custom_items ORDER BY id').withLoader(Item))
    expect(loaded.map((i) => i.price)).toEqual([3.1, 0.99])
    const first = (await Item.get(loaded[0]!.id))!
    expect(first.tags).toEqual(new Set(['a', 'b']))
    await Shelf.create({ itemId: first.id })
    const shelves = await db.all(Shelf.load({ item: Item }))
    expect(shelves[0]?.item?.price).toBe(3.1)
  })
})
