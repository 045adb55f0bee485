import { PGlite } from '@electric-sql/pglite'
import { createEngine } from '@gino-ts/core'
import { CompiledQuery } from 'kysely'
import { PglitePoolAdapter } from '../../packages/core/dist/dialect/pglite-adapter.js'
import { DDL, seedRows } from './data.js'
const U = 'UPDATE bench_users SET age = age + 1 WHERE id = $1'
const I = 'INSERT INTO bench_events (user_id, kind) VALUES ($1, $2) RETURNING id, user_id, kind, created_at'
const A = await PGlite.create()
for (const d of DDL) await A.query(d)
await seedRows(async (s, p) => { await A.query(s, p) })
const adapter = await PglitePoolAdapter.open({ driver: 'pglite', dataDir: undefined } as never, { acquireTimeout: 30000, driverOptions: {} } as never)
{ const c = await adapter.acquire(); for (const d of DDL) await c.query(d, [], 'object'); await seedRows(async (s, p) => { await c.query(s, p ?? [], 'object') }); adapter.release(c, false) }
const engine = await createEngine('pglite://')
for (const d of DDL) await engine.status(d)
await seedRows(async (s, p) => { await engine.status(CompiledQuery.raw(s, p ?? [])) })
const variants: Record<string, (i: number) => Promise<unknown>> = {
  'raw: exec/query/query/exec': async (i) => { await A.exec('BEGIN'); await A.query(U, [1 + i % 100], { rowMode: 'object' }); await A.query(I, [1 + i % 100, 'v'], { rowMode: 'object' }); await A.exec('COMMIT') },
  'gino adapter connection x4': async (i) => { const c = await adapter.acquire(); try { await c.query('BEGIN', [], 'object'); await c.query(U, [1 + i % 100], 'object'); await c.query(I, [1 + i % 100, 'v'], 'object'); await c.query('COMMIT', [], 'object') } finally { adapter.release(c, false) } },
  'gino engine.transaction': (i) => engine.transaction(async () => { await engine.status(CompiledQuery.raw(U, [1 + (i % 100)])); await engine.all(CompiledQuery.raw(I, [1 + (i % 100), 'v'])) }),
}
const wall: Record<string, number[]> = {}
for (let rep = 0; rep < 16; rep++) {
  for (const [name, fn] of Object.entries(variants)) {
    if (rep === 0) for (let i = 0; i < 300; i++) await fn(i)
    const t0 = performance.now(); let n = 0
    while (performance.now() - t0 < 150) await fn(n++)
    ;(wall[name] ??= []).push(((performance.now() - t0) * 1000) / n)
  }
}
for (const name of Object.keys(variants)) { const v = [...wall[name]!].sort((a, b) => a - b); console.log(name.padEnd(30), v[0]!.toFixed(0).padStart(6), 'best', v[4]!.toFixed(0).padStart(6), 'q1', v[8]!.toFixed(0).padStart(6), 'median µs/op') }
await A.close(); await adapter.close(); await engine.close()
