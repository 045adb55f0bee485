import assert from 'node:assert/strict'
import { Gino } from '@gino-ts/core'

const db = new Gino()
await db.setBind(process.env.DATABASE_URL ?? 'pglite://')

async function backendPid(): Promise<unknown> {
  // No connection passed in: it is found in the async context.
  return db.scalar('SELECT pg_backend_pid()')
}

await db.transaction(async () => {
  const [a, b] = await Promise.all([backendPid(), backendPid()])
  assert.equal(a, b) // both ran on the transaction's connection
})
await db.popBind()?.close()
