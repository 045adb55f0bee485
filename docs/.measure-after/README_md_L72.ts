import assert from 'node:assert/strict'
import { Gino, column, index, sql } from '@gino-ts/core'

const db = new Gino()

class User extends db.model(
  'users',
  {
    id: column.serial().primaryKey(),
    firstName: column.text().notNull().named('first_name'),
    lastName: column.text().named('last_name'),
    balance: column.integer().notNull().serverDefault(0),
  },
  { indexes: [index('index_on_name').on('first_name', 'last_name')] },
) {
  get fullName(): string {
    return `${this.firstName} ${this.lastName ?? ''}`.trim()
  }
}

class Book extends db.model('books', {
  id: column.serial().primaryKey(),
  title: column.text().notNull(),
  authorId: column.integer().notNull().named('author_id').references(() => User.columns.id, { onDelete: 'cascade' }),
}) {}

await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll() // tables, foreign keys and indexes, in dependency order

const ann = await User.create({ firstName: 'Ann', lastName: 'Lee' }) // INSERT ... RETURNING
assert.equal(ann.balance, 0) // the server default came back
await ann.update({ balance: sql<number>`balance + 100` }).apply() // UPDATE ... RETURNING
assert.equal(ann.balance, 100)

const same = await User.get(ann.id) // by primary key, or null
assert.equal(same?.fullName, 'Ann Lee')

// Models are tables for Kysely: misspelt columns do not compile. selectAll() types the
// rows as the class you call it on (User, with its getters and methods).
const rich = await db.all(User.selectAll().where('balance', '>=', 100).orderBy('id'))
assert.ok(rich[0] instanceof User)
assert.equal(rich[0]?.fullName, 'Ann Lee')

// Bulk insert: one statement per chunk, instances with their ids back.
const books = await Book.insertMany([
  { title: 'SQL', authorId: ann.id },
  { title: 'Async', authorId: ann.id },
])
assert.equal(books.length, 2)

// A join: the ON clause comes from the foreign key.
const titles = await db.all(User.join(Book).select(['users.first_name', 'books.title']).orderBy('books.id'))
assert.deepEqual(titles.map((row) => row.title), ['SQL', 'Async'])

await ann.delete()
await db.dropAll()
await db.popBind()?.close()
