import { afterAll, beforeAll, expect, it } from 'vitest'
import { field, LoaderError, sql, text, toLoader, tuple } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { db, User, Book, setUp, tearDown } from './fixture.js'

describeEachDriver('loaders: same-named columns of joined tables', (driver) => {
  beforeAll(() => setUp(driver))
  afterAll(tearDown)

  it('a generated load query gives each object its own table’s id and name', async () => {
    const [gamma] = await db.all(Book.load({ author: User }).where('ldr_books.id', '=', 3))
    expect(gamma!.toDict()).toEqual({ id: 3, name: 'Gamma', userId: 2 })
    expect(gamma!.author!.toDict()).toEqual({ id: 2, name: 'bob', parentId: 1 })
  })

  it('a tuple of two models reads labelled columns from a user-written select', async () => {
    const loader = tuple(Book, User)
    const rows = await db.all(Book.join(User).select(loader.selection()).orderBy('ldr_books.id'), {
      loader,
    })
    expect(rows.map(([book, user]) => [book.id, book.name, user.id, user.name])).toEqual([
      [1, 'Alpha', 1, 'alice'],
      [2, 'Beta', 1, 'alice'],
      [3, 'Gamma', 2, 'bob'],
    ])
  })

  it('column loaders read users.name and books.name apart', async () => {
    const loader = tuple(
      field<string>(User.columns.name),
      field<string>(Book.columns.name),
      field<number>(Book.columns.id),
    )
    const rows = await db.all(Book.join(User).select(loader.selection()).orderBy('ldr_books.id'), {
      loader,
    })
    expect(rows).toEqual([
      ['alice', 'Alpha', 1],
      ['alice', 'Beta', 2],
      ['bob', 'Gamma', 3],
    ])
  })

  it('SELECT * over a join is refused rather than guessed: both tables send "id" and "name"', async () => {
    const query = Book.join(User).selectAll()
    const failure = db.all(query, { loader: tuple(Book, User) })
    await expect(failure).rejects.toThrow(LoaderError)
    await expect(db.all(query, { loader: tuple(Book, User) })).rejects.toMatchObject({
      code: 'AMBIGUOUS_COLUMN',
    })
    // Even one model is refused: which "id" is the book's?
    await expect(db.all(query, { loader: Book.load() })).rejects.toThrow(
      /several columns named "id".*ldr_books\.id/,
    )
  })

  it('one unlabelled column claimed by two tables is refused', async () => {
    // Only the books' columns are selected, unlabelled: "id" and "name" would be read as the user's too.
    const query = text('SELECT id, name, user_id FROM ldr_books').withLoader(tuple(Book, User))
    await expect(db.all(query)).rejects.toThrow(
      /"id" would be read both as ldr_books\.id and as ldr_users\.id/,
    )
  })

  it('raw SQL may use the labels to keep joined tables apart', async () => {
    const query = text(
      'SELECT b.id AS ldr_books__id, b.name AS ldr_books__name, u.id AS ldr_users__id, u.name AS ldr_users__name ' +
        'FROM ldr_books b JOIN ldr_users u ON u.id = b.user_id WHERE b.id = :id',
    ).withLoader(tuple(Book, User))
    const [book, user] = (await db.first(query, { id: 3 }))!
    expect([book.id, book.name, user.id, user.name]).toEqual([3, 'Gamma', 2, 'bob'])
    expect('userId' in book).toBe(false)
  })

  it('plain names still load when they are unique in the result', async () => {
    const query = text(
      'SELECT b.*, u.name AS author FROM ldr_books b JOIN ldr_users u ON u.id = b.user_id ORDER BY b.id',
    ).withLoader(tuple(Book, field<string>('author')))
    const rows = await db.all(query)
    expect(rows.map(([book, author]) => `${book.name} by ${author}`)).toEqual([
      'Alpha by alice',
      'Beta by alice',
      'Gamma by bob',
    ])
  })

  it('labels PostgreSQL would truncate fall back to short generated ones', async () => {
    const longName = 'a_rather_long_alias_for_the_parent_user_row_in_this_query'
    const Parent = User.alias(longName)
    const query = User.load({ parent: Parent }).where('ldr_users.id', '=', 4)
    const compiled = db.compile(query).sql
    expect(compiled).toContain(`"${longName}"."id" as "${longName}__id"`)
    expect(compiled).toMatch(new RegExp(`"${longName}"\\."parent_id" as "gino_\\d+"`))
    const [dave] = await db.all(query)
    expect(dave!.parent!.toDict()).toEqual({ id: 2, name: 'bob', parentId: 1 })
  })

  it('a missing column is a clear error naming what the result holds', async () => {
    await expect(db.all(sql`SELECT 1 AS one`, { loader: toLoader(User) })).rejects.toMatchObject({
      code: 'MISSING_COLUMN',
      message: expect.stringContaining(
        'None of the columns of ldr_users (id, name, parent_id) is in the result (its columns: one)',
      ),
    })
    await expect(db.all(sql`SELECT 1 AS id`, { loader: User.distinct('name') })).rejects.toThrow(
      /distinct key ldr_users\.name is not in the result/,
    )
    await expect(db.all(sql`SELECT 1 AS id`, { loader: field('visits') })).rejects.toThrow(
      /no column visits/,
    )
  })
})
