import { afterAll, beforeAll, expect, expectTypeOf, it } from 'vitest'
import { column, Gino, GinoError, sql } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

describeEachDriver('joins and aliases (FAQ "How to join?", "How to join the same table twice?")', (driver) => {
  const db = new Gino()

  class User extends db.model('mdl_join_users', {
    id: column.serial().primaryKey(),
    name: column.text().notNull(),
    parentId: column.integer().named('parent_id').references('mdl_join_users.id'),
  }) {}

  class Book extends db.model('mdl_join_books', {
    id: column.serial().primaryKey(),
    name: column.text().notNull(),
    authorId: column.integer().notNull().named('author_id').references(() => User.columns.id),
  }) {}

  // Two foreign keys to users: joining without an explicit ON is ambiguous.
  class Loan extends db.model('mdl_join_loans', {
    id: column.serial().primaryKey(),
    lenderId: column.integer().notNull().named('lender_id').references(() => User.columns.id),
    borrowerId: column.integer().notNull().named('borrower_id').references(() => User.columns.id),
  }) {}

  class Tag extends db.model('mdl_join_tags', { id: column.serial().primaryKey(), label: column.text() }) {}

  beforeAll(async () => {
    db.bind = await openEngine(driver)
    await db.dropAll()
    await db.createAll()
    const ann = await User.create({ name: 'ann' })
    const bob = await User.create({ name: 'bob', parentId: ann.id })
    await Book.insertMany([
      { name: 'SQL', authorId: ann.id },
      { name: 'Async', authorId: bob.id },
    ])
    await Loan.create({ lenderId: ann.id, borrowerId: bob.id })
  })

  afterAll(async () => {
    await db.dropAll()
    await db.popBind()?.close()
  })

  it('User.join(Book) takes the ON clause from the single foreign key', async () => {
    const query = User.join(Book).select(['mdl_join_users.name as author', 'mdl_join_books.name as title']).orderBy('mdl_join_books.id')
    expect(db.compile(query).sql).toBe(
      'select "mdl_join_users"."name" as "author", "mdl_join_books"."name" as "title" from "mdl_join_users" ' +
        'inner join "mdl_join_books" on "mdl_join_users"."id" = "mdl_join_books"."author_id" order by "mdl_join_books"."id"',
    )
    const rows = await db.all(query)
    expect(rows).toEqual([
      { author: 'ann', title: 'SQL' },
      { author: 'bob', title: 'Async' },
    ])
    expectTypeOf(rows).toEqualTypeOf<Array<{ author: string; title: string }>>()
  })

  it('joins in either direction: Book.join(User) finds the same key', async () => {
    const rows = await db.all(Book.join(User).select(['mdl_join_books.name', 'mdl_join_users.name as author']).orderBy('mdl_join_books.id'))
    expect(rows.map((r) => `${r.name}/${r.author}`)).toEqual(['SQL/ann', 'Async/bob'])
  })

  it('outerJoin keeps unmatched rows and types the joined columns as nullable', async () => {
    const carol = await User.create({ name: 'carol' })
    const rows = await db.all(
      User.outerJoin(Book).select(['mdl_join_users.name', 'mdl_join_books.name as title']).where('mdl_join_users.id', '=', carol.id),
    )
    expect(rows).toEqual([{ name: 'carol', title: null }])
    expectTypeOf(rows[0]!.title).toEqualTypeOf<string | null>()
    await carol.delete()
  })

  it('several foreign keys between two tables are an error naming them, unless ON is given', async () => {
    expect(() => User.join(Loan)).toThrow(GinoError)
    expect(() => User.join(Loan)).toThrow(/Several foreign keys.*lender_id.*borrower_id/)
    const rows = await db.all(
      User.join(Loan, [User.columns.id, Loan.columns.borrowerId]).select(['mdl_join_users.name']),
    )
    expect(rows).toEqual([{ name: 'bob' }])
  })

  it('no foreign key between two tables is an error, unless ON is given', async () => {
    expect(() => User.join(Tag)).toThrow(expect.objectContaining({ code: 'NO_FOREIGN_KEY' }))
    const rows = await db.all(User.join(Tag, ['mdl_join_users.id', 'mdl_join_tags.id']).select(['mdl_join_users.name']))
    expect(rows).toEqual([])
  })

  it("the FAQ's adjacency list: User.outerJoin(User.alias('parent')) joins each user to its parent", async () => {
    const Parent = User.alias('parent')
    expect(String(Parent.columns.id)).toBe('parent.id')
    const query = User.outerJoin(Parent)
      .select(['mdl_join_users.name', 'parent.name as parent_name'])
      .orderBy('mdl_join_users.id')
    expect(db.compile(query).sql).toContain(
      'left join "mdl_join_users" as "parent" on "mdl_join_users"."parent_id" = "parent"."id"',
    )
    expect(await db.all(query)).toEqual([
      { name: 'ann', parent_name: null },
      { name: 'bob', parent_name: 'ann' },
    ])
  })

  it('an explicit ON reverses a self-join: each user with its children', async () => {
    const Child = User.alias('child')
    const rows = await db.all(
      User.join(Child, [Child.columns.parentId, User.columns.id]).select(['mdl_join_users.name', 'child.name as child_name']),
    )
    expect(rows).toEqual([{ name: 'ann', child_name: 'bob' }])
  })

  it('joined queries run in the current transaction', async () => {
    await db.transaction(async (tx) => {
      await Book.create({ name: 'Draft', authorId: (await User.first((q) => q.where('name', '=', 'ann')))!.id })
      const count = await db.scalar(User.join(Book).select(sql<number>`count(*)::int`.as('n')))
      expect(count).toBe(3)
      await tx.rollback()
    })
    expect(await db.scalar(User.join(Book).select(sql<number>`count(*)::int`.as('n')))).toBe(2)
  })
})
