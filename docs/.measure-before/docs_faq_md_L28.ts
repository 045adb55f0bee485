import assert from 'node:assert/strict'
import { Gino, column } from '@gino-ts/core'

const db = new Gino()
class User extends db.model('users', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
}) {}
class Book extends db.model('books', {
  id: column.serial().primaryKey(),
  title: column.text().notNull(),
  authorId: column.integer().notNull().named('author_id').references(() => User.columns.id),
}) {}

await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()
const ann = await User.create({ name: 'ann' })
await Book.create({ title: 'SQL', authorId: ann.id })

const results = await db.all(User.join(Book).select(['users.name', 'books.title']))
assert.deepEqual(results, [{ name: 'ann', title: 'SQL' }])
// SELECT users.name, books.title FROM users INNER JOIN books ON users.id = books.author_id
await db.dropAll()
await db.popBind()?.close()
