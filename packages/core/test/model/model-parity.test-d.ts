import { describe, expectTypeOf, test } from 'vitest'
import { column, Gino, index, prop, sql, unique } from '../../src/index.js'

const db = new Gino()
class Player extends db.model(
  'players',
  {
    id: column.serial().primaryKey(),
    name: column.text().notNull(),
    profile: column.jsonb().notNull().serverDefault(sql`'{}'::jsonb`),
    parameter: column.jsonb().notNull().serverDefault(sql`'{}'::jsonb`),
  },
  { properties: { age: prop.integer().default(18), theme: prop.string().in('parameter').default('light'), volume: prop.integer().in('parameter') } },
) {}
declare const player: Player

describe('model parity features are typed', () => {
  test('properties in another JSON column keep their types', () => {
    expectTypeOf(player.theme).toEqualTypeOf<string>()
    expectTypeOf(player.volume).toEqualTypeOf<number | null>()
    expectTypeOf(player.age).toEqualTypeOf<number>()
  })

  test('instance.query and instance.select(...) are typed from the model', async () => {
    const fresh = await db.one(player.query)
    expectTypeOf(fresh.age).toEqualTypeOf<number>()
    expectTypeOf(fresh.name).toEqualTypeOf<string>()
    expectTypeOf(await db.one(player.select('name', 'id'))).toEqualTypeOf<{ name: string; id: number }>()
    // @ts-expect-error not a column of the model
    player.select('nickname')
  })

  test('Model.inQuery(subquery) loads the model; the subquery must yield its columns', async () => {
    const top = Player.selectAll().limit(3).as('top')
    expectTypeOf(await db.all(Player.inQuery(top))).toEqualTypeOf<Player[]>()
    // @ts-expect-error the subquery lacks the model's columns
    Player.inQuery(Player.select('id').as('ids'))
  })

  test('resetProperty takes a property name of the model', () => {
    player.resetProperty('theme')
    // @ts-expect-error a column, not a JSON property
    player.resetProperty('name')
  })

  test('an abstract model’s indexes and uniques name its columns', () => {
    db.abstractModel({ slug: column.text().named('the_slug') }, { uniques: [unique('slug')], indexes: [index('i').on('the_slug')] })
    // @ts-expect-error not a column of the abstract model
    db.abstractModel({ slug: column.text() }, { uniques: [unique('title')] })
  })

  test('comments are text', () => {
    db.model('commented', { id: column.serial().primaryKey().comment('key') }, { comment: 'a table' })
    // @ts-expect-error a comment is a string
    column.text().comment(1)
  })

  test('an enum type’s columns take its values', () => {
    const Mood = db.enumType('mood', ['sad', 'ok'])
    expectTypeOf(Mood.values).toEqualTypeOf<ReadonlyArray<'sad' | 'ok'>>()
    class Person extends db.model('people', { id: column.serial().primaryKey(), mood: Mood.column().notNull() }) {}
    expectTypeOf<Person['mood']>().toEqualTypeOf<'sad' | 'ok'>()
  })

  test('a column defaulting to a sequence may be left out of create()', () => {
    const seq = db.sequence('order_no')
    class Order extends db.model('orders', { no: column.integer().primaryKey().default(seq), item: column.text().notNull() }) {}
    void Order.create({ item: 'x' })
    expectTypeOf<Order['no']>().toEqualTypeOf<number>()
    // @ts-expect-error a text column's default gives a string
    column.text().default(() => 1)
  })

  test('a custom type reads and writes its JS type; its codec matches the base type', () => {
    const cents = column.custom(column.integer(), { toDatabase: (euros: number) => euros * 100, fromDatabase: (c: number) => c / 100 })
    const tags = column.custom(column.text(), { toDatabase: (t: Set<string>) => [...t].join(), fromDatabase: (s: string) => new Set(s.split(',')) })
    class Item extends db.model('items', { id: column.serial().primaryKey(), price: cents.notNull(), tags }) {}
    expectTypeOf<Item['price']>().toEqualTypeOf<number>()
    expectTypeOf<Item['tags']>().toEqualTypeOf<Set<string> | null>()
    expectTypeOf(Item.toDatabase('price', 1.5)).toEqualTypeOf<number>()
    // @ts-expect-error the base type stores text, not numbers
    column.custom(column.text(), { toDatabase: (n: number) => n, fromDatabase: (s: string) => Number(s) })
  })
})
