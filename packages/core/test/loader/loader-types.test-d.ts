import { describe, expectTypeOf, it } from 'vitest'
import {
  callable,
  type CallableLoader,
  type ColumnLoader,
  type Cursor,
  field,
  type Loaded,
  type Loader,
  many,
  type ModelInstance,
  sql,
  text,
  toLoader,
  tuple,
  type TupleLoader,
  value,
  type ValueLoader,
  withLoader,
} from '../../src/index.js'
import { Book, Chapter, db, User, Visit } from './fixture.js'

describe('loader result types', () => {
  it('a tuple loader gives typed tuples: [User, number]', async () => {
    const loader = tuple(User, field<number>('visits'))
    expectTypeOf(loader).toEqualTypeOf<TupleLoader<[User, number]>>()
    const query = User.outerJoin(Visit)
      .selectAll('ldr_users')
      .select(sql<number>`count(*)::int`.as('visits'))
      .groupBy('ldr_users.id')
    expectTypeOf(await db.all(query, { loader })).toEqualTypeOf<Array<[User, number]>>()
    expectTypeOf(await db.first(query, { loader })).toEqualTypeOf<[User, number] | null>()
    expectTypeOf(db.iterate(query, { loader })).toEqualTypeOf<Cursor<[User, number]>>()
  })

  it('toLoader() of an array is a tuple loader; the value type of a labelled expression carries over', () => {
    const visits = sql<number>`count(*)::int`.as('visits')
    expectTypeOf(toLoader([User, field(visits)])).toEqualTypeOf<Loader<[User, number]>>()
    expectTypeOf(
      toLoader([Book, visits, 'label', (row: { name?: unknown }) => String(row.name)]),
    ).toEqualTypeOf<Loader<[Book, number, unknown, string]>>()
    expectTypeOf(field(visits)).toEqualTypeOf<ColumnLoader<number>>()
    expectTypeOf(field(User.columns.name)).toEqualTypeOf<ColumnLoader<unknown>>()
    expectTypeOf(callable(() => 1)).toEqualTypeOf<CallableLoader<number>>()
    expectTypeOf(value('v1')).toEqualTypeOf<ValueLoader<string>>()
  })

  it('withLoader() types a user-written query by its loader', async () => {
    const loader = toLoader(Book).with({ author: User })
    const query = withLoader(Book.outerJoin(User).select(loader.selection()), loader)
    const [book] = await db.all(query)
    expectTypeOf(book!.author).toEqualTypeOf<User | undefined>()
    expectTypeOf(
      await db.all(withLoader(User.query, tuple(User, field<number>('n')))),
    ).toEqualTypeOf<Array<[User, number]>>()
  })

  it('raw SQL with a tuple loader is typed by the loader', async () => {
    const query = text('SELECT * FROM ldr_users').withLoader(tuple(User, field<number>('visits')))
    expectTypeOf(await db.all(query)).toEqualTypeOf<Array<[User, number]>>()
  })

  it('a model loader with sub-loaders adds optional properties: User & { parent?: User }', async () => {
    expectTypeOf(await db.all(Book.load({ author: User }))).toEqualTypeOf<
      Array<Book & { author?: User }>
    >()
    // An alias loads instances of the model's declared columns.
    const Parent = User.alias('parent')
    const [user] = await db.all(User.load({ parent: Parent }))
    expectTypeOf(user!.parent).toEqualTypeOf<
      ModelInstance<(typeof User)['__columns']> | undefined
    >()
  })

  it('many() adds a required array; a sub-loader feeding a method adds nothing', async () => {
    const users = await db.all(
      User.distinct('id').load({
        books: many(Book.distinct('id').load({ chapters: many(Chapter) })),
      }),
    )
    expectTypeOf(users).toEqualTypeOf<
      Array<User & { books: Array<Book & { chapters: Chapter[] }> }>
    >()
    expectTypeOf(
      await db.all(User.distinct('id').load({ addChild: User.alias('child') })),
    ).toEqualTypeOf<User[]>()
  })

  it('a narrowed load query still yields the loaded type (structurally)', async () => {
    const [book] = await db.all(
      Book.load({ author: User }).where('ldr_users.name', '=', 'bob').limit(1),
    )
    expectTypeOf(book!).toExtend<Book & { author?: User }>()
    expectTypeOf(book!.author).toEqualTypeOf<User | undefined>()
  })

  it('joined tables are known to where(), their columns nullable', () => {
    const query = Book.load({ author: User })
    query.where('ldr_users.name', '=', 'bob')
    query.where('ldr_users.name', 'is', null)
    // @ts-expect-error: no such table in the query
    query.where('ldr_chapters.name', '=', 'x')
    // @ts-expect-error: name is text
    query.where('ldr_books.name', '=', 1)
  })

  it('distinct() and only() take attributes of the model', () => {
    User.distinct('id', 'name')
    User.distinct(User.columns.id)
    // @ts-expect-error: not an attribute
    User.distinct('nope')
    const _partial = toLoader(User).only('id', 'name')
    type Partial = Loaded<typeof _partial>
    expectTypeOf<Partial>().toHaveProperty('name').toEqualTypeOf<string>()
    expectTypeOf<Partial>().not.toHaveProperty('parentId')
    expectTypeOf<Partial>().toHaveProperty('shout')
    // @ts-expect-error: not an attribute
    toLoader(User).only('shout')
  })
})
