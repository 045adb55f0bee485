import assert from 'node:assert/strict'
import { Gino, UninitializedError, column, createEngine } from '@gino-ts/core'

const db = new Gino()
class User extends db.model('users', { id: column.serial().primaryKey(), name: column.text() }) {}

await assert.rejects(User.get(1), (error: unknown) => {
  assert.ok(error instanceof UninitializedError)
  assert.equal(error.message, 'Gino engine is not initialized.')
  return true
})

const engine = await createEngine(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll({ bind: engine })
assert.equal(await User.get(1, { bind: engine }), null)
await db.dropAll({ bind: engine })
await engine.close()
