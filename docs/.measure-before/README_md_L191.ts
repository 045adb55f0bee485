import assert from 'node:assert/strict'
import { Gino, text } from '@gino-ts/core'

const db = new Gino()
await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
// :name becomes $1: values are always sent as parameters, never spliced into the SQL.
const row = await db.first(text<{ answer: number }>('SELECT :value::int + 1 AS answer'), { value: 41 })
assert.equal(row?.answer, 42)
await db.popBind()?.close()
