import { PGlite } from '@electric-sql/pglite'
import { Gino, sql } from '@gino-ts/core'
import { CompiledQuery } from 'kysely'
import { DDL, seedRows } from './data.js'
import { declareModels } from './models.js'

const U = 'UPDATE bench_users SET age = age + 1 WHERE id = $1'
const I = 'INSERT INTO bench_events (user_id, kind) VALUES ($1, $2) RETURNING id, user_id, kind, created_at'
const lite = await PGlite.create()
for (const d of DDL) await lite.query(d)
await seedRows(async (s, p) => { await lite.query(s, p) })
const db = new Gino()
await db.setBind('pglite://')
const { User, Event } = declareModels(db)
await db.createAll()
await seedRows(async (s, p) => { await db.status(CompiledQuery.raw(s, p ?? [])) })
const variants: Record<string, (i: number) => Promise<unknown>> = {
  'raw pglite transaction()': (i) => lite.transaction(async (tx) => { await tx.query(U, [1 + i % 100]); await tx.query(I, [1 + i % 100, 'v']) }),
  'raw pglite exec BEGIN/COMMIT + query': async (i) => { await lite.exec('BEGIN'); await lite.query(U, [1 + i % 100]); await lite.query(I, [1 + i % 100, 'v']); await lite.exec('COMMIT') },
  'gino tx compiled raw': (i) => db.transaction(async () => { await db.status(CompiledQuery.raw(U, [1 + (i % 100)])); return db.all(CompiledQuery.raw(I, [1 + (i % 100), 'v'])) }),
  'gino tx bench': (i) => db.transaction(async () => {
    await db.status(User.update.set({ age: sql<number>`age + 1` }).where('id', '=', 1 + (i % 100)))
    return Event.create({ userId: 1 + (i % 100), kind: 'visit' })
  }),
  'gino no tx compiled raw (2 statements)': async (i) => { await db.status(CompiledQuery.raw(U, [1 + (i % 100)])); return db.all(CompiledQuery.raw(I, [1 + (i % 100), 'v'])) },
  'raw no tx (2 statements)': async (i) => { await lite.query(U, [1 + i % 100]); await lite.query(I, [1 + i % 100, 'v']) },
}
const cpu: Record<string, number[]> = {}
const rate: Record<string, number[]> = {}
for (let rep = 0; rep < 10; rep++) {
  for (const [name, fn] of Object.entries(variants)) {
    if (rep === 0) for (let i = 0; i < 200; i++) await fn(i)
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    let n = 0
    while (performance.now() - t0 < 200) await fn(n++)
    const c = process.cpuUsage(c0)
    ;(cpu[name] ??= []).push((c.user + c.system) / n)
    ;(rate[name] ??= []).push(n / ((performance.now() - t0) / 1000))
  }
}
const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!
for (const name of Object.keys(variants)) console.log(name.padEnd(40), med(cpu[name]!).toFixed(1).padStart(7), 'µs CPU/op', med(rate[name]!).toFixed(0).padStart(7), 'ops/s')
await lite.close(); await db.popBind()?.close()
