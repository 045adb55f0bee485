import assert from 'node:assert/strict'
import { Gino, column, sql } from '@gino-ts/core'

const db = new Gino()
class User extends db.model('users', { id: column.serial().primaryKey(), name: column.text().notNull() }) {}
await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()
await User.insertMany([{ name: 'a' }, { name: 'b' }, { name: 'c' }])

const ranked = await db.all(
  User.select('id', 'name').select(sql<number>`row_number() over (order by name desc)::int`.as('rank')).orderBy('id'),
)
assert.deepEqual(ranked.map((r) => r.rank), [3, 2, 1])
await db.dropAll()
await db.popBind()?.close()
