import { PerformanceObserver } from 'node:perf_hooks'
import { Gino, createEngine } from '@gino-ts/core'
import { CompiledQuery } from 'kysely'
import pg from 'pg'
import { declareModels } from './models.js'
import { createAndSeed } from './data.js'

let gcTime = 0
let gcCount = 0
let kinds: Record<number, number> = {}
new PerformanceObserver((list) => { for (const e of list.getEntries()) { gcTime += e.duration; gcCount++; const k = (e as unknown as { detail: { kind: number } }).detail.kind; kinds[k] = (kinds[k] ?? 0) + e.duration } }).observe({ entryTypes: ['gc'] })
const DSN = 'postgres://postgres@127.0.0.1:5432/test'
const pool = new pg.Pool({ connectionString: DSN, max: 8 })
await createAndSeed(async (s, p) => { await pool.query(s, p) })
const engine = await createEngine(DSN, { max: 8 })
const db = new Gino()
await db.setBind(engine)
const { User } = declareModels(db)
const SQL = 'SELECT id, name, email, age, created_at FROM bench_users ORDER BY id LIMIT $1 OFFSET $2'

const variants: Record<string, (i: number) => Promise<unknown>> = {
  'raw pool.query': (i) => pool.query(SQL, [100, (i % 100) * 100]),
  'engine.all compiled raw': (i) => engine.all(CompiledQuery.raw(SQL, [100, (i % 100) * 100])),
  'engine.all compiled raw + loader': (i) => engine.all(CompiledQuery.raw(SQL, [100, (i % 100) * 100]), { loader: User }),
  'db.all User.query page': (i) => db.all(User.query.orderBy('id').limit(100).offset((i % 100) * 100)),
  'db.all page returnModel false': (i) => db.all(User.query.orderBy('id').limit(100).offset((i % 100) * 100), { returnModel: false }),
}
for (let rep = 0; rep < 2; rep++) {
  for (const [name, fn] of Object.entries(variants)) {
    for (let i = 0; i < 300; i++) await fn(i)
    ;(globalThis as { gc?: () => void }).gc?.()
    await new Promise((r) => setTimeout(r, 50))
    gcTime = 0; gcCount = 0; kinds = {}
    const h0 = process.memoryUsage().heapUsed
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    let n = 0
    while (n < 4000) await fn(n++)
    const c = process.cpuUsage(c0)
    const s = (performance.now() - t0) / 1000
    await new Promise((r) => setTimeout(r, 50))
    console.log(name.padEnd(36), (n / s).toFixed(0).padStart(6), 'ops/s', ((c.user + c.system) / n).toFixed(0).padStart(5), 'µs cpu', ((gcTime * 1000) / n).toFixed(1).padStart(6), 'µs gc', String(gcCount).padStart(4), 'gcs', (((process.memoryUsage().heapUsed - h0) / 2 ** 20)).toFixed(1), 'MiB heap growth', JSON.stringify(Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, Math.round(v)]))))
  }
}
await engine.close(); await pool.end()
