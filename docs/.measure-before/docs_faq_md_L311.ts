import assert from 'node:assert/strict'
import { Gino, column } from '@gino-ts/core'

const db = new Gino()
class User extends db.model('users', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
  active: column.boolean().notNull().default(true),
}) {}
await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()

const newNames = ['Austin', 'Ali', 'Jeff', 'Marissa']
const users = await User.insertMany(newNames.map((name) => ({ name })))
assert.deepEqual(users.map((u) => u.name), newNames)
assert.ok(users.every((u) => typeof u.id === 'number'))

const { tag } = await db.status(User.update.set({ active: false }).where('name', 'like', 'A%'))
assert.equal(tag, 'UPDATE 2')
await db.dropAll()
await db.popBind()?.close()
