import assert from 'node:assert/strict'
import { Gino, column, index } from '@gino-ts/core'

const db = new Gino()
class User extends db.model(
  'users',
  {
    id: column.serial().primaryKey(),
    firstName: column.text().named('first_name'),
    lastName: column.text().named('last_name'),
  },
  { indexes: [index('index_on_name').on('first_name', 'last_name')] },
) {}

await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()
const definition = await db.scalar(
  db.text<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'index_on_name'"),
)
assert.match(String(definition), /\(first_name, last_name\)/)
assert.equal(User.tableName, 'users')
await db.dropAll()
await db.popBind()?.close()
