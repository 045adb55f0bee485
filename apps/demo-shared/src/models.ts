/**
 * The models of the example apps, declared once: users, the books they wrote, and
 * their visits (the tables of the GINO FAQ).
 */
import { column, field, Gino, many, sql, tuple } from '@gino-ts/core'

/** The `db` every demo binds through its framework package. */
export const db = new Gino()

export class User extends db.model('users', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
}) {}

export class Book extends db.model('books', {
  id: column.serial().primaryKey(),
  title: column.text().notNull(),
  authorId: column
    .integer()
    .notNull()
    .references(() => User.columns.id, { onDelete: 'cascade' })
    .named('author_id'),
}) {}

export class Visit extends db.model('visits', {
  id: column.serial().primaryKey(),
  time: column
    .timestamptz()
    .notNull()
    .serverDefault(sql`now()`),
  userId: column
    .integer()
    .notNull()
    .references(() => User.columns.id, { onDelete: 'cascade' })
    .named('user_id'),
}) {}

// count() is a bigint (read as a string); the cast makes it an int4, read as a number.
const visitCount = sql<number>`count(${sql.ref('visits.id')})::int`.as('visits')

/**
 * The FAQ's loader example: every user with their number of visits, from one
 * `GROUP BY` query whose rows load as `[User, number]` tuples, ordered by user id.
 *
 * @example
 * ```ts
 * for (const [user, visits] of await visitCounts()) console.log(user.name, visits)
 * ```
 */
export function visitCounts(): Promise<Array<[User, number]>> {
  const query = User.outerJoin(Visit)
    .selectAll('users')
    .select(visitCount)
    .groupBy('users.id')
    .orderBy('users.id')
  return db.all(query, { loader: tuple(User, field(visitCount)) })
}

/**
 * A query loading one user with a `books` array (one-to-many: the `distinct` loaders
 * keep one instance per id across the joined rows); no row when the user is missing.
 *
 * @example
 * ```ts
 * const user = await db.first(userWithBooks(1)) // User & { books: Book[] } | null
 * ```
 */
export function userWithBooks(id: number) {
  return User.distinct('id')
    .load({ books: many(Book.distinct('id')) })
    .where('users.id', '=', id)
    .orderBy('books.id')
}
