import assert from 'node:assert/strict'
import { Gino, column } from '@gino-ts/core'

const db = new Gino()
class User extends db.model('users', {
  id: column.serial().primaryKey(),
  email: column.text().notNull(),
}) {}
await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()
await User.create({ email: 'ann@example.com' })

const exists = (email: string) =>
  db.scalar(db.kysely.selectNoFrom((eb) => eb.exists(User.query.where('email', '=', email)).as('exists')))
assert.equal(await exists('ann@example.com'), true)
assert.equal(await User.exists((q) => q.where('email', '=', 'nobody@example.com')), false)
await db.dropAll()
await db.popBind()?.close()
