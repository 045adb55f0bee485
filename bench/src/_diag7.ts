import { createHook } from 'node:async_hooks'
import { PGlite } from '@electric-sql/pglite'
import { Gino, sql } from '@gino-ts/core'
import { CompiledQuery } from 'kysely'
import { DDL, seedRows } from './data.js'
import { declareModels } from './models.js'

const U = 'UPDATE bench_users SET age = age + 1 WHERE id = $1'
const I = 'INSERT INTO bench_events (user_id, kind) VALUES ($1, $2) RETURNING id, user_id, kind, created_at'
const lite = await PGlite.create()
for (const d of DDL) await lite.query(d)
const db = new Gino()
await db.setBind('pglite://')
const { User, Event } = declareModels(db)
await db.createAll()
await seedRows(async (s, p) => { await db.status(CompiledQuery.raw(s, p ?? [])) })
await seedRows(async (s, p) => { await lite.query(s, p) })
let promises = 0
const hook = createHook({ init(_id, type) { if (type === 'PROMISE') promises++ } })
const variants: Record<string, () => Promise<unknown>> = {
  'raw pglite transaction()': () => lite.transaction(async (tx) => { await tx.query(U, [1]); await tx.query(I, [1, 'v']) }),
  'raw 2 statements': async () => { await lite.query(U, [1]); await lite.query(I, [1, 'v']) },
  'gino 2 statements compiled raw': async () => { await db.status(CompiledQuery.raw(U, [1])); return db.all(CompiledQuery.raw(I, [1, 'v'])) },
  'gino tx compiled raw': () => db.transaction(async () => { await db.status(CompiledQuery.raw(U, [1])); return db.all(CompiledQuery.raw(I, [1, 'v'])) }),
  'gino tx bench': () => db.transaction(async () => { await db.status(User.update.set({ age: sql<number>`age + 1` }).where('id', '=', 1)); return Event.create({ userId: 1, kind: 'visit' }) }),
  'User.get': () => User.get(1),
}
hook.enable()
for (const [name, fn] of Object.entries(variants)) {
  await fn()
  promises = 0
  await fn()
  console.log(name.padEnd(34), promises, 'promises')
}
hook.disable()
await lite.close(); await db.popBind()?.close()
