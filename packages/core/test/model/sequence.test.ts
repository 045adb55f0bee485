import { afterAll, beforeAll, expect, it } from 'vitest'
import { column, Gino } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

describeEachDriver('sequences', (driver) => {
  const db = new Gino()
  const orderNo = db.sequence('mdl_seq_order_no', { start: 1000, increment: 10 })
  class Order extends db.model('mdl_seq_orders', {
    no: column.integer().primaryKey().default(orderNo),
    item: column.text().notNull(),
  }) {}
  const standalone = db.sequence('mdl_seq_tickets')
  const sequenceCount = () =>
    db.scalar("SELECT count(*)::int FROM pg_class WHERE relkind = 'S' AND relname LIKE 'mdl_seq_%'")

  beforeAll(async () => {
    await db.setBind(await openEngine(driver))
    await db.dropAll()
    await standalone.drop()
  })
  afterAll(async () => {
    await db.dropAll()
    await standalone.drop()
    await db.popBind()?.close()
  })

  it('a column defaults to the next value; createAll() / dropAll() create and drop the sequence', async () => {
    await db.createAll({ models: [Order] }) // only the sequence Order's column uses
    expect(await sequenceCount()).toBe(1)
    const a = await Order.create({ item: 'a' })
    const b = await Order.create({ item: 'b' })
    expect([a.no, b.no]).toEqual([1000, 1010])
    expect(await orderNo.nextValue()).toBe('1020')
    expect(await db.scalar(db.kysely.selectNoFrom(orderNo.next().as('n')))).toBe('1030')
    await db.dropAll({ models: [Order] })
    expect(await sequenceCount()).toBe(0)
  })

  it('createAll() / dropAll() of the whole schema take every sequence declared with db.sequence()', async () => {
    await db.createAll()
    expect(await sequenceCount()).toBe(2)
    expect(await standalone.nextValue()).toBe('1')
    await db.dropAll()
    expect(await sequenceCount()).toBe(0)
  })

  it('a sequence on its own: create(), nextValue(), drop()', async () => {
    await standalone.create()
    await standalone.create() // exists: skipped
    expect(await standalone.nextValue()).toBe('1')
    await standalone.drop()
    expect(await sequenceCount()).toBe(0)
  })
})
