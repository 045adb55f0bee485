import assert from 'node:assert/strict'
import { Gino } from '@gino-ts/core'

const db = new Gino()
const lines: string[] = []
await db.setBind(process.env.DATABASE_URL ?? 'pglite://', {
  echo: (entry) => lines.push(`${entry.sql} ${JSON.stringify(entry.parameters)}`),
})
await db.first('SELECT :n::int AS n', { n: 7 })
assert.deepEqual(lines, ['SELECT $1::int AS n [7]'])
await db.popBind()?.close()
