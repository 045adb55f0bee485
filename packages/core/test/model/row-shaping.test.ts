import { afterEach, expect, it, vi } from 'vitest'
import { column, Gino, sql } from '../../src/index.js'
import { ModelRowLoader } from '../../src/model/model-row-loader.js'
import { describeEachDriver, describeServer } from '../support/drivers.js'
import { openServerEngine, useModels } from '../support/engines.js'

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

  it('builds instances from the field texts as the driver reads them, with the same rows', async () => {
    await Item.insertMany(Array.from({ length: 50 }, (_, i) => ({ name: `n${i}` })))
    const decoderFor = vi.spyOn(ModelRowLoader.prototype, 'decoderFor')
    const items = await db.all(Item.query.orderBy('id'))
    expect(decoderFor).toHaveBeenCalledTimes(1)
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

  it('decodes NULLs as null and takes the last of two columns with one name, as an object row does', async () => {
    const rows = await db.all(
      Item.query
        .clearSelect()
        .select([sql<string>`'first'`.as('name'), sql<null>`NULL::timestamptz`.as('created_at'), sql<string>`'second'`.as('name')])
        .limit(1),
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toBeInstanceOf(Item)
    expect(rows[0]!.name).toBe('second')
    expect((rows[0] as unknown as { createdAt: unknown }).createdAt).toBeNull()
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

describeServer('model rows of a statement run again on one connection', () => {
  const db = new Gino()
  class Item extends db.model(`mdl_known_items_${process.pid}`, {
    id: column.serial().primaryKey(),
    name: column.text().notNull(),
    createdAt: column.timestamptz().notNull().named('created_at').serverDefault(sql`now()`),
  }) {}

  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('take the decoder its first runs made, with the same instances every time', async () => {
    await db.setBind(await openServerEngine({ max: 1, prepare: true }))
    try {
      await db.dropAll()
      await db.createAll()
      const [ann] = await Item.insertMany([{ name: 'ann' }, { name: 'bob' }])
      const decoderFor = vi.spyOn(ModelRowLoader.prototype, 'decoderFor')
      const runs = []
      for (let run = 0; run < 5; run++) runs.push(await Item.get(ann!.id))
      // The first run describes the statement; the first run without a Describe makes the
      // decoder for the known columns; later runs reuse it.
      expect(decoderFor).toHaveBeenCalledTimes(2)
      for (const got of runs) {
        expect(got).toBeInstanceOf(Item)
        expect({ ...got }).toEqual({ id: ann!.id, name: 'ann', createdAt: ann!.createdAt })
      }
      // Another model's loader over the same statement text gets a decoder of its own.
      class Other extends new Gino().model(`mdl_known_items_${process.pid}`, {
        id: column.serial().primaryKey(),
        name: column.text().notNull(),
      }) {}
      const other = await db.first(Item.query.where('id', '=', ann!.id), { loader: Other })
      expect(other).toBeInstanceOf(Other)
      expect({ ...other }).toEqual({ id: ann!.id, name: 'ann' })
      expect((await Item.get(ann!.id))!).toBeInstanceOf(Item)
    } finally {
      await db.dropAll()
      await db.popBind()?.close()
    }
  })
})

describeServer('model rows of a client in binary mode', () => {
  it('are pg\'s object rows made instances by the loader, with the same values', async () => {
    const db = new Gino()
    class Item extends db.model(`mdl_binary_items_${process.pid}`, {
      id: column.serial().primaryKey(),
      name: column.text(),
      qty: column.integer().notNull(),
    }) {}
    await db.setBind(await openServerEngine({ driverOptions: { binary: true } }))
    try {
      await db.createAll()
      await Item.insertMany([{ name: 'a', qty: 1 }, { name: null, qty: 2 }])
      const decoderFor = vi.spyOn(ModelRowLoader.prototype, 'decoderFor')
      const items = await db.all(Item.query.orderBy('id'))
      expect(decoderFor).not.toHaveBeenCalled()
      expect(items.every((item) => item instanceof Item)).toBe(true)
      expect(items.map((item) => [item.name, item.qty])).toEqual([['a', 1], [null, 2]])
    } finally {
      vi.restoreAllMocks()
      await db.dropAll()
      await db.popBind()?.close()
    }
  })
})
