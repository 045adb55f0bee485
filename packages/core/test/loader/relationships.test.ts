import { afterAll, beforeAll, expect, it } from 'vitest'
import { LoaderError, many, text, toLoader, withLoader } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { db, User, Book, Chapter, Tag, BookTag, setUp, tearDown } from './fixture.js'

describeEachDriver('loaders: relationships from one joined query', (driver) => {
  beforeAll(() => setUp(driver))
  afterAll(tearDown)

  const Parent = User.alias('parent')

  it('Model.load({ parent: Parent }) joins the alias on the foreign key and attaches each parent', async () => {
    const query = User.load({ parent: Parent }).orderBy('ldr_users.id')
    expect(db.compile(query).sql).toBe(
      'select "ldr_users"."id" as "ldr_users__id", "ldr_users"."name" as "ldr_users__name", "ldr_users"."parent_id" as "ldr_users__parent_id", ' +
        '"parent"."id" as "parent__id", "parent"."name" as "parent__name", "parent"."parent_id" as "parent__parent_id" ' +
        'from "ldr_users" left join "ldr_users" as "parent" on "ldr_users"."parent_id" = "parent"."id" order by "ldr_users"."id"',
    )
    const users = await db.all(query)
    expect(users.map((u) => [u.name, u.parent?.name])).toEqual([
      ['alice', undefined],
      ['bob', 'alice'],
      ['carol', 'alice'],
      ['dave', 'bob'],
    ])
    expect(users[1]!.parent).toBeInstanceOf(User)
    expect(users[1]!.parent!.id).toBe(1)
    expect(users[3]!.parent!.parentId).toBe(1)
  })

  it('an outer join without a match sets nothing: the property is absent, the top-level object still loads', async () => {
    const [alice] = await db.all(User.load({ parent: Parent }).where('ldr_users.id', '=', 1))
    expect(alice).toBeInstanceOf(User)
    expect(alice!.name).toBe('alice')
    expect('parent' in alice!).toBe(false)
  })

  it('an outer join without a match never calls the method of the same name', async () => {
    const orphan = await db.first(Book.load({ addChild: Chapter }).where('ldr_books.id', '=', 3))
    expect(orphan!.name).toBe('Gamma')
    expect('children' in orphan!).toBe(false)
  })

  it('the load query narrows with where / orderBy / limit and stays a loaded query', async () => {
    const users = await db.all(
      User.load({ parent: Parent })
        .where('parent.name', '=', 'alice')
        .orderBy('ldr_users.name', 'desc')
        .limit(1),
    )
    expect(users).toHaveLength(1)
    expect(users[0]!.name).toBe('carol')
    expect(users[0]!.parent!.name).toBe('alice')
  })

  it("loads a user-written join with a loader: the FAQ's query.gino.load(User.load(parent=Parent))", async () => {
    const loader = toLoader(User).with({ parent: Parent })
    const query = User.outerJoin(Parent)
      .select(loader.selection())
      .where('ldr_users.id', '>', 2)
      .orderBy('ldr_users.id')
    const users = await db.all(query, { loader })
    expect(users.map((u) => [u.name, u.parent?.name])).toEqual([
      ['carol', 'alice'],
      ['dave', 'bob'],
    ])
    // A Model.load() query is a loader too.
    const again = await db.all(query, { loader: User.load({ parent: Parent }) })
    expect(again.map((u) => u.parent?.id)).toEqual([1, 2])
    // Or attached to the query, as GINO's query.gino.load(loader).
    const attached = await db.all(withLoader(query, loader))
    expect(attached.map((u) => [u.name, u.parent?.name])).toEqual([
      ['carol', 'alice'],
      ['dave', 'bob'],
    ])
  })

  it('one-to-many with distinct: one instance per parent, each child passed once to the addChild method', async () => {
    const Child = User.alias('child')
    const query = User.distinct(User.columns.id)
      .load({
        addChild: toLoader(Child).distinct('id').on([Child.columns.parentId, User.columns.id]),
      })
      .orderBy('ldr_users.id')
      .orderBy('child.id')
    expect(db.compile(query).sql).toContain(
      'left join "ldr_users" as "child" on "child"."parent_id" = "ldr_users"."id"',
    )
    const users = await db.all(query)
    expect(users.map((u) => u.name)).toEqual(['alice', 'bob', 'carol', 'dave'])
    expect(users.map((u) => (u.children ?? []).map((c) => c.name))).toEqual([
      ['bob', 'carol'],
      ['dave'],
      [],
      [],
    ])
    expect(users[0]!.children![0]).toBeInstanceOf(User)
  })

  it('one-to-many into an array property with many(): every parent gets the array, [] when nothing matched', async () => {
    const users = await db.all(
      User.distinct('id')
        .load({ books: many(Book.distinct('id')) })
        .orderBy('ldr_users.id')
        .orderBy('ldr_books.id'),
    )
    expect(users.map((u) => [u.name, u.books.map((b) => b.name)])).toEqual([
      ['alice', ['Alpha', 'Beta']],
      ['bob', ['Gamma']],
      ['carol', []],
      ['dave', []],
    ])
    expect(users[0]!.books[0]).toBeInstanceOf(Book)
  })

  it('drops duplicate top-level rows however the rows are ordered', async () => {
    const users = await db.all(
      User.distinct('id')
        .load({ books: many(Book.distinct('id')) })
        .orderBy('ldr_books.id', 'desc'),
    )
    expect(users.map((u) => u.name).sort()).toEqual(['alice', 'bob', 'carol', 'dave'])
    const alice = users.find((u) => u.name === 'alice')!
    expect(alice.books.map((b) => b.name)).toEqual(['Beta', 'Alpha'])
  })

  it('many-to-many through a join table: shared instances, each link made once', async () => {
    const query = Book.distinct('id')
      .load({ tags: many(Tag.distinct('id').through(BookTag)) })
      .orderBy('ldr_books.id')
      .orderBy('ldr_tags.id')
    expect(db.compile(query).sql).toContain(
      'from "ldr_books" left join "ldr_book_tags" on "ldr_books"."id" = "ldr_book_tags"."book_id" left join "ldr_tags" on "ldr_book_tags"."tag_id" = "ldr_tags"."id"',
    )
    const books = await db.all(query)
    expect(books.map((b) => [b.name, b.tags.map((t) => t.name)])).toEqual([
      ['Alpha', ['fiction', 'classic']],
      ['Beta', ['fiction']],
      ['Gamma', ['classic']],
      ['Orphan', []],
    ])
    // One Tag instance per tag id across the whole result.
    expect(books[0]!.tags[0]).toBe(books[1]!.tags[0])
    expect(books[0]!.tags[1]).toBe(books[2]!.tags[0])
  })

  it('many-to-many from raw SQL that selects the labels, distinct loaders on both sides', async () => {
    const loader = Tag.distinct('id').with({ books: many(Book.distinct('id')) })
    const query = text(
      'SELECT t.id AS ldr_tags__id, t.name AS ldr_tags__name, b.id AS ldr_books__id, b.name AS ldr_books__name, b.user_id AS ldr_books__user_id ' +
        'FROM ldr_tags t LEFT JOIN ldr_book_tags bt ON bt.tag_id = t.id LEFT JOIN ldr_books b ON b.id = bt.book_id ORDER BY t.id, b.id',
    ).withLoader(loader)
    const tags = await db.all(query)
    expect(tags.map((t) => [t.name, t.books.map((b) => b.name)])).toEqual([
      ['fiction', ['Alpha', 'Beta']],
      ['classic', ['Alpha', 'Gamma']],
    ])
    expect(tags[0]!.books[0]).toBe(tags[1]!.books[0])
  })

  it('three levels from a single query: users → books → chapters, duplicates dropped at every level', async () => {
    const query = User.distinct('id')
      .load({ books: many(Book.distinct('id').load({ chapters: many(Chapter.distinct('id')) })) })
      .orderBy('ldr_users.id')
      .orderBy('ldr_books.id')
      .orderBy('ldr_chapters.id')
    const compiled = db.compile(query).sql
    expect(compiled).toContain('left join "ldr_books" on "ldr_users"."id" = "ldr_books"."user_id"')
    expect(compiled).toContain(
      'left join "ldr_chapters" on "ldr_books"."id" = "ldr_chapters"."book_id"',
    )
    const users = await db.all(query)
    expect(
      users.map((u) => [u.name, u.books.map((b) => [b.name, b.chapters.map((c) => c.name)])]),
    ).toEqual([
      [
        'alice',
        [
          ['Alpha', ['a1', 'a2']],
          ['Beta', ['b1']],
        ],
      ],
      ['bob', [['Gamma', []]]],
      ['carol', []],
      ['dave', []],
    ])
  })

  it('three levels combined with a parent alias and a many-to-many branch', async () => {
    const users = await db.all(
      User.distinct('id')
        .load({
          parent: Parent,
          books: many(
            Book.distinct('id').load({
              tags: many(Tag.distinct('id').through(BookTag)),
              chapters: many(Chapter.distinct('id')),
            }),
          ),
        })
        .where('ldr_users.id', '<=', 2)
        .orderBy('ldr_users.id'),
    )
    const alice = users[0]!
    expect(alice.parent).toBeUndefined()
    expect(alice.books.map((b) => b.name).sort()).toEqual(['Alpha', 'Beta'])
    const alpha = alice.books.find((b) => b.name === 'Alpha')!
    // Rows are the cross product of tags × chapters; each still appears once.
    expect(alpha.tags.map((t) => t.name).sort()).toEqual(['classic', 'fiction'])
    expect(alpha.chapters.map((c) => c.name).sort()).toEqual(['a1', 'a2'])
    expect(users[1]!.parent!.name).toBe('alice')
  })

  it('refuses to join the same table twice and says to use an alias', () => {
    expect(() => User.load({ parent: User })).toThrow(LoaderError)
    expect(() => User.load({ parent: User })).toThrow(/join "ldr_users" twice.*alias/)
  })

  it('refuses sub-loaders of tables no foreign key connects, naming the fix', () => {
    expect(() => Tag.load({ books: Book })).toThrow(
      /No foreign key joins ldr_tags and ldr_books; pass an explicit on/,
    )
  })
})
