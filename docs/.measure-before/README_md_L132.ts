import assert from 'node:assert/strict'
import { Gino, column } from '@gino-ts/core'

const db = new Gino()
class Account extends db.model('accounts', {
  id: column.serial().primaryKey(),
  balance: column.integer().notNull(),
}) {}
await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()

await db.transaction(async () => {
  await Account.create({ balance: 10 }) // joins the transaction: no handle passed
  await db.transaction(async (savepoint) => {
    await Account.create({ balance: 20 })
    await savepoint.rollback() // only the inner level
  })
})
assert.equal(await db.scalar('SELECT count(*)::int FROM accounts'), 1)

await db.dropAll()
await db.popBind()?.close()
