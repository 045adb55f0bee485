import assert from 'node:assert/strict'
import { Gino, column, many } from '@gino-ts/core'

const db = new Gino()
class Parent extends db.model('parents', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
}) {}
class Child extends db.model('children', {
  id: column.serial().primaryKey(),
  parentId: column.integer().named('parent_id').references(() => Parent.columns.id),
  name: column.text().notNull(),
}) {}

await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()
const mum = await Parent.create({ name: 'mum' })
await Child.insertMany([{ parentId: mum.id, name: 'a' }, { parentId: mum.id, name: 'b' }])
await Parent.create({ name: 'childless' })

// Many-to-one: each child with its parent.
const children = await db.all(Child.load({ parent: Parent }).orderBy('children.id'))
assert.equal(children[0]!.parent?.name, 'mum')

// One-to-many: one parent per id, children gathered; an unmatched outer join adds nothing.
const parents = await db.all(
  Parent.distinct('id').load({ children: many(Child.distinct('id')) }).orderBy('parents.id').orderBy('children.id'),
)
assert.deepEqual(parents.map((p) => [p.name, (p.children ?? []).map((c) => c.name)]), [
  ['mum', ['a', 'b']],
  ['childless', []],
])
await db.dropAll()
await db.popBind()?.close()
