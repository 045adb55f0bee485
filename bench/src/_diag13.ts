import { PGlite } from '@electric-sql/pglite'
import { Gino, sql } from '@gino-ts/core'
import { declareModels } from './models.js'
import { CompiledQuery } from 'kysely'
import { DDL, seedRows } from './data.js'
const U = 'UPDATE bench_users SET age = age + 1 WHERE id = $1'
const I = 'INSERT INTO bench_events (user_id, kind) VALUES ($1, $2) RETURNING id, user_id, kind, created_at'
let inside = 0
const proto = PGlite.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>
for (const m of ['query', 'exec']) {
  const orig = proto[m]!
  proto[m] = async function (this: unknown, ...args: unknown[]) { const t = performance.now(); try { return await orig.apply(this, args) } finally { inside += performance.now() - t } }
}
const A = await PGlite.create()
for (const d of DDL) await A.query(d)
await seedRows(async (s, p) => { await A.query(s, p) })
const db = new Gino()
const engine = await db.setBind('pglite://')
const { User, Event } = declareModels(db)
for (const d of DDL) await engine.status(d)
await seedRows(async (s, p) => { await engine.status(CompiledQuery.raw(s, p ?? [])) })
const variants: Record<string, (i: number) => Promise<unknown>> = {
  'raw: exec/query/query/exec': async (i) => { await A.exec('BEGIN'); await A.query(U, [1 + i % 100], { rowMode: 'object' }); await A.query(I, [1 + i % 100, 'v'], { rowMode: 'object' }); await A.exec('COMMIT') },
  'gino engine.transaction': (i) => engine.transaction(async () => { await engine.status(CompiledQuery.raw(U, [1 + (i % 100)])); await engine.all(CompiledQuery.raw(I, [1 + (i % 100), 'v'])) }),
  'gino bench tx (builders, create)': (i) => db.transaction(async () => {
    await db.status(User.update.set({ age: sql<number>`age + 1` }).where('id', '=', 1 + (i % 100)))
    return Event.create({ userId: 1 + (i % 100), kind: 'visit' })
  }),
  'raw bench tx (PGlite transaction())': (i) => A.transaction(async (tx) => { await tx.query(U, [1 + i % 100]); await tx.query(I, [1 + i % 100, 'v']) }),
  'gino engine 2 statements': async (i) => { await engine.status(CompiledQuery.raw(U, [1 + (i % 100)])); await engine.all(CompiledQuery.raw(I, [1 + (i % 100), 'v'])) },
  'raw 2 statements': async (i) => { await A.query(U, [1 + i % 100], { rowMode: 'object' }); await A.query(I, [1 + i % 100, 'v'], { rowMode: 'object' }) },
}
for (let rep = 0; rep < 3; rep++) {
  for (const [name, fn] of Object.entries(variants)) {
    for (let i = 0; i < 200; i++) await fn(i)
    inside = 0
    const t0 = performance.now(); let n = 0
    while (performance.now() - t0 < 500) await fn(n++)
    const total = performance.now() - t0
    console.log(name.padEnd(30), ((total * 1000) / n).toFixed(0).padStart(6), 'µs/op', ((inside * 1000) / n).toFixed(0).padStart(6), 'inside PGlite', (((total - inside) * 1000) / n).toFixed(0).padStart(6), 'outside')
  }
}
await A.close(); await engine.close()
