import assert from 'node:assert/strict'
import { Gino, column, field, sql, tuple } from '@gino-ts/core'

const db = new Gino()
class User extends db.model('users', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
}) {}
class Visit extends db.model('visits', {
  id: column.serial().primaryKey(),
  time: column.timestamptz().notNull().serverDefault(sql`now()`),
  userId: column.integer().notNull().named('user_id').references(() => User.columns.id),
}) {}

await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()
for (const name of ['ann', 'bob']) {
  const user = await User.create({ name })
  await Visit.insertMany(Array.from({ length: name.length + 1 }, () => ({ userId: user.id })))
}

const visits = sql<number>`count(${sql.ref('visits.id')})::int`.as('visits')
const query = User.outerJoin(Visit).selectAll('users').select(visits).groupBy('users.id').orderBy('users.id')

await db.transaction(async () => {
  const seen: Array<[string, number]> = []
  for await (const [user, count] of db.iterate(query, { loader: tuple(User, field(visits)) })) {
    seen.push([user.name, count])
  }
  assert.deepEqual(seen, [['ann', 4], ['bob', 4]])
})
await db.dropAll()
await db.popBind()?.close()
