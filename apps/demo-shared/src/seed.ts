import { Book, db, User, Visit } from './models.js'

/** What a new database is filled with: users in id order, with their books and visits. */
export const SEED = [
  { name: 'Fantix King', books: ['Async Python', 'GINO Is Not ORM'], visits: 3 },
  { name: 'Tony Wang', books: ['Data Mappers in Practice'], visits: 1 },
  { name: 'Ádám Bódi', books: [], visits: 0 },
] as const

/**
 * Creates the tables (skipping those that exist) and, only when there is no user yet,
 * inserts `SEED`: safe to run on every start. Runs on `db`'s bound engine.
 *
 * @example
 * ```ts
 * await gino.start()
 * await prepareDatabase()
 * ```
 */
export async function prepareDatabase(): Promise<void> {
  await db.createAll({ checkFirst: true })
  await db.transaction(async () => {
    if (await User.exists()) return
    const users = await User.insertMany(SEED.map(({ name }) => ({ name })))
    const books = users.flatMap((user, i) =>
      SEED[i]!.books.map((title) => ({ title, authorId: user.id })),
    )
    const visits = users.flatMap((user, i) =>
      Array.from({ length: SEED[i]!.visits }, () => ({ userId: user.id })),
    )
    if (books.length) await Book.insertMany(books)
    if (visits.length) await Visit.insertMany(visits)
  })
}
