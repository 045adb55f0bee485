import assert from 'node:assert/strict'
import { Gino, column } from '@gino-ts/core'

const db = new Gino()
class User extends db.model('users', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
  parentId: column.integer().named('parent_id').references('users.id'),
}) {}
await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()
const root = await User.create({ name: 'root' })
await User.create({ name: 'leaf', parentId: root.id })

const Parent = User.alias('parent')
const query = User.outerJoin(Parent).selectAll('users').select('parent.name as parent_name').orderBy('users.id')
const rows = await db.all(query)
assert.deepEqual(rows.map((r) => [r.name, r.parent_name]), [['root', null], ['leaf', 'root']])

const users = await db.all(User.load({ parent: Parent }).orderBy('users.id'))
assert.equal(users[1]!.parent?.name, 'root')
assert.equal(users[0]!.parent, undefined)
await db.dropAll()
await db.popBind()?.close()
