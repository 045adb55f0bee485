import assert from 'node:assert/strict'
import { Gino } from '@gino-ts/core'

export const db = new Gino()
// postgres://user:password@host/db uses node-postgres' pool; pglite:// runs PostgreSQL in-process.
await db.setBind(process.env.DATABASE_URL ?? 'pglite://', { max: 10, echo: false })
assert.equal(typeof (await db.scalar('SELECT current_database()')), 'string')
await db.popBind()?.close()
