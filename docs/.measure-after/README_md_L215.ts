import assert from 'node:assert/strict'
import { Gino, column, many } from '@gino-ts/core'

const db = new Gino()
class Author extends db.model('authors', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
}) {}
class Post extends db.model('posts', {
  id: column.serial().primaryKey(),
  authorId: column.integer().notNull().named('author_id').references(() => Author.columns.id),
  title: column.text().notNull(),
}) {}
await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()
const author = await Author.create({ name: 'ann' })
await Post.insertMany([{ authorId: author.id, title: 'one' }, { authorId: author.id, title: 'two' }])

// LEFT OUTER JOIN on the foreign key; one Author per id, its posts gathered in `posts`.
const authors = await db.all(
  Author.distinct('id').load({ posts: many(Post.distinct('id')) }).orderBy('posts.id'),
)
assert.equal(authors.length, 1)
assert.deepEqual(authors[0]!.posts.map((post) => post.title), ['one', 'two'])

await db.dropAll()
await db.popBind()?.close()
