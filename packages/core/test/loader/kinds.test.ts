import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AliasLoader,
  callable,
  CallableLoader,
  ColumnLoader,
  field,
  LoaderError,
  many,
  ModelLoader,
  sql,
  text,
  toLoader,
  tuple,
  TupleLoader,
  value,
  ValueLoader,
  withLoader,
} from '../../src/index.js'
import { TO_LOADER } from '../../src/execution/loader-hook.js'
import { describeEachDriver } from '../support/drivers.js'
import { db, User, Visit, Book, BookTag, setUp, tearDown } from './fixture.js'

describe('toLoader() picks the loader for what it is given', () => {
  it('model, alias, array, column name, column reference, labelled expression, function, constant', () => {
    expect(toLoader(User)).toBeInstanceOf(ModelLoader)
    expect(toLoader(User.alias('parent'))).toBeInstanceOf(AliasLoader)
    expect(toLoader([User, 'visits'])).toBeInstanceOf(TupleLoader)
    expect(toLoader('visits')).toBeInstanceOf(ColumnLoader)
    expect(toLoader(User.columns.name)).toBeInstanceOf(ColumnLoader)
    expect(toLoader(sql<number>`1`.as('one'))).toBeInstanceOf(ColumnLoader)
    expect(toLoader(() => 1)).toBeInstanceOf(CallableLoader)
    expect(toLoader(42)).toBeInstanceOf(ValueLoader)
    expect(toLoader(null)).toBeInstanceOf(ValueLoader)
  })

  it('a Model.load() query and an existing loader give back their loader', () => {
    const loader = toLoader(User).distinct('id')
    expect(toLoader(loader)).toBe(loader)
    const query = User.load({})
    expect(toLoader(query)).toBe(query[TO_LOADER]())
    // Narrowed, it is a plain Kysely builder whose compiled form carries the loader.
    expect(toLoader(query.where('ldr_users.id', '=', 1).limit(1))).toBe(query[TO_LOADER]())
    expect(() => toLoader(User.select('id'))).toThrow(/no gino-ts loader attached/)
  })

  it('refuses an unlabelled SQL expression and loaders it cannot combine', () => {
    expect(() => toLoader(sql`count(*)`)).toThrow(/label it with \.as\('name'\)/)
    expect(() => toLoader({ [TO_LOADER]: () => User[TO_LOADER]() })).toThrow(LoaderError)
  })
})

describeEachDriver('loaders: kinds, raw SQL and plain rows', (driver) => {
  beforeAll(() => setUp(driver))
  afterAll(tearDown)

  it("raw SQL loads into models: the FAQ's text('SELECT * FROM users WHERE id = :id_val').withLoader(User)", async () => {
    const query = text('SELECT * FROM ldr_users WHERE id = :id_val')
    const user = await db.first(query.withLoader(User), { id_val: 2 })
    expect(user).toBeInstanceOf(User)
    expect(user!.toDict()).toEqual({ id: 2, name: 'bob', parentId: 1 })
    const same = await db.first(query.withLoader(toLoader(User)), { id_val: 2 })
    expect(same).toBeInstanceOf(User)
    expect(same!.toDict()).toEqual(user!.toDict())
    expect(await db.first(query, { id_val: 2 })).toEqual({ id: 2, name: 'bob', parent_id: 1 })
  })

  it('returnModel: false gives the plain labelled rows of a loaded query', async () => {
    const Parent = User.alias('parent')
    const rows = await db.all(User.load({ parent: Parent }).where('ldr_users.id', '=', 2), {
      returnModel: false,
    })
    expect(rows).toEqual([
      {
        ldr_users__id: 2,
        ldr_users__name: 'bob',
        ldr_users__parent_id: 1,
        parent__id: 1,
        parent__name: 'alice',
        parent__parent_id: null,
      },
    ])
    const raw = await db.all(
      text('SELECT id FROM ldr_users WHERE id < 3 ORDER BY id').withLoader(tuple(User)),
      {},
      { returnModel: false },
    )
    expect(raw).toEqual([{ id: 1 }, { id: 2 }])
  })

  it("Kysely's own execute() on a load query loads objects too", async () => {
    const users = await User.load({ parent: User.alias('parent') })
      .where('ldr_users.id', '=', 4)
      .execute()
    expect(users[0]).toBeInstanceOf(User)
    expect(users[0]!.parent!.name).toBe('bob')
    // Kysely reports no column names: a select list other than the loader's is refused, not guessed.
    const other = withLoader(User.select('id', 'name'), tuple(User, field<number>('n')))
    await expect(other.execute()).rejects.toThrow(/exactly its selection\(\)/)
  })

  it('only() loads a subset of attributes; the rest stay unset', async () => {
    const users = await db.all(User.query.orderBy('id').limit(2), {
      loader: toLoader(User).only('id', 'name'),
    })
    expect(users.map((u) => u.toDict())).toEqual([
      { id: 1, name: 'alice' },
      { id: 2, name: 'bob' },
    ])
    expect(users[0]).toBeInstanceOf(User)
  })

  it('a column sub-loader with a labelled expression joins the generated select list; NULL sets nothing', async () => {
    const booksOf = sql<
      number | null
    >`(SELECT nullif(count(*), 0)::int FROM ldr_books b WHERE b.user_id = ldr_users.id)`.as(
      'book_count',
    )
    const users = await db.all(User.load({ bookCount: field(booksOf) }).orderBy('ldr_users.id'))
    expect(users.map((u) => u.bookCount)).toEqual([2, 1, undefined, undefined])
    expect('bookCount' in users[2]!).toBe(false)
  })

  it('callable loaders see the row by name and one context per execution', async () => {
    const numbered = callable((row, context) => {
      const n = ((context.get('n') as number | undefined) ?? 0) + 1
      context.set('n', n)
      return `${n}:${String(row.name)}`
    })
    const first = await db.all(
      text('SELECT * FROM ldr_users ORDER BY id').withLoader(tuple(User, numbered, value('v1'))),
    )
    expect(first.map(([user, label, version]) => [user.id, label, version])).toEqual([
      [1, '1:alice', 'v1'],
      [2, '2:bob', 'v1'],
      [3, '3:carol', 'v1'],
      [4, '4:dave', 'v1'],
    ])
    // A new execution starts a new context.
    const again = await db.first(text('SELECT * FROM ldr_users ORDER BY id').withLoader(numbered))
    expect(again).toBe('1:alice')
  })

  it('a callable reading a name the result holds twice throws instead of picking one', async () => {
    const query = text(
      'SELECT b.name, u.name FROM ldr_books b JOIN ldr_users u ON u.id = b.user_id',
    ).withLoader(callable((row) => row.name))
    await expect(db.all(query)).rejects.toThrow(/several columns named "name"/)
  })

  it('a callable sub-loader computes a property from the row', async () => {
    const users = await db.all(
      User.load({
        label: callable((row) => `#${String(row.ldr_users__id)} ${String(row.ldr_users__name)}`),
      }).orderBy('ldr_users.id'),
    )
    expect(users[0]!.label).toBe('#1 alice')
  })

  it('distinct keys compare dates by value and support composite keys', async () => {
    // One INSERT gave every visit the same now(): one instance for all of them.
    const visits = await db.all(Visit.query, { loader: Visit.distinct('at') })
    expect(visits).toHaveLength(1)
    const doubled = text(
      'SELECT bt.* FROM ldr_book_tags bt CROSS JOIN generate_series(1, 2) ORDER BY 1, 2',
    )
    const links = await db.all(doubled.withLoader(BookTag.distinct('bookId', 'tagId')))
    expect(links.map((l) => [l.bookId, l.tagId])).toEqual([
      [1, 1],
      [1, 2],
      [2, 1],
      [3, 2],
    ])
  })

  it('a tuple item whose columns are all NULL is null', async () => {
    const loader = tuple(Book, User)
    const rows = await db.all(
      Book.outerJoin(User).select(loader.selection()).orderBy('ldr_books.id'),
      { loader },
    )
    expect(rows.map(([book, user]) => [book.name, user?.name ?? null])).toEqual([
      ['Alpha', 'alice'],
      ['Beta', 'alice'],
      ['Gamma', 'bob'],
      ['Orphan', null],
    ])
  })

  it('refuses many() outside a sub-loader and on a method name', async () => {
    await expect(db.all(User.query, { loader: many(User) })).rejects.toThrow(
      /many\(\) collects sub-loaded objects/,
    )
    await expect(db.all(User.load({ addChild: many(User.alias('child')) }))).rejects.toThrow(
      /"addChild" is a method/,
    )
  })

  it('refuses distinct() and only() on attributes the model lacks', () => {
    expect(() => User.distinct('nope' as 'id')).toThrow(/ldr_users has no attribute "nope"/)
    expect(() => toLoader(User).only('nope' as 'id')).toThrow(LoaderError)
    expect(() => toLoader(User).distinct(Book.columns.id)).toThrow(/a column of another table/)
  })
})
