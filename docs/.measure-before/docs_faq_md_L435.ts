import assert from 'node:assert/strict'
import { Gino, column } from '@gino-ts/core'

const db = new Gino()
class User extends db.model('users', { id: column.serial().primaryKey(), name: column.text().notNull() }) {}
await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()
const ann = await User.create({ name: 'ann' })

const query = db.text('SELECT * FROM users WHERE id = :id_val')
const row = await db.first(query, { id_val: ann.id })
assert.deepEqual(row, { id: ann.id, name: 'ann' })

const user = await db.first(query.withLoader(User), { id_val: ann.id })
assert.ok(user instanceof User)
await db.dropAll()
await db.popBind()?.close()
