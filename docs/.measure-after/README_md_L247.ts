import assert from 'node:assert/strict'
import { Gino, text } from '@gino-ts/core'

const db = new Gino()
await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
// :name becomes $1: values are always sent as parameters, never spliced into the SQL.
const answer = text('SELECT :value::int + 1 AS answer').returns<{ answer: number }>()
const row = await db.first(answer, { value: 41 }) // { valeu: 41 } would not compile
assert.equal(row?.answer, 42)
// Options come third for SQL text (second for every other query).
assert.equal(await db.scalar('SELECT :n::int', { n: 7 }, { timeout: 1000 }), 7)
await db.popBind()?.close()
