import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { createAndSeed } from './data.js'

const U = 'UPDATE bench_users SET age = age + 1 WHERE id = $1'
const I = 'INSERT INTO bench_events (user_id, kind) VALUES ($1, $2) RETURNING id, user_id, kind, created_at'
const lite = await PGlite.create()
await createAndSeed(async (s, p) => { await lite.query(s, p) })
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', max: 8 })
await createAndSeed(async (s, p) => { await pool.query(s, p) })
const variants: Record<string, (i: number) => Promise<unknown>> = {
  'pglite query(BEGIN/COMMIT)': async (i) => { await lite.query('BEGIN'); await lite.query(U, [1 + i % 100]); await lite.query(I, [1 + i % 100, 'v']); await lite.query('COMMIT') },
  'pglite exec(BEGIN/COMMIT)': async (i) => { await lite.exec('BEGIN'); await lite.query(U, [1 + i % 100]); await lite.query(I, [1 + i % 100, 'v']); await lite.exec('COMMIT') },
  'pglite transaction()': (i) => lite.transaction(async (tx) => { await tx.query(U, [1 + i % 100]); await tx.query(I, [1 + i % 100, 'v']) }),
  'pg query({text:BEGIN, values:[]})': async (i) => { const c = await pool.connect(); try { await c.query({ text: 'BEGIN', values: [] }); await c.query(U, [1 + i % 100]); await c.query(I, [1 + i % 100, 'v']); await c.query({ text: 'COMMIT', values: [] }) } finally { c.release() } },
  'pg query(BEGIN)': async (i) => { const c = await pool.connect(); try { await c.query('BEGIN'); await c.query(U, [1 + i % 100]); await c.query(I, [1 + i % 100, 'v']); await c.query('COMMIT') } finally { c.release() } },
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
for (const name of Object.keys(variants)) console.log(name.padEnd(40), med(cpu[name]!).toFixed(1).padStart(6), 'µs CPU/op', med(rate[name]!).toFixed(0).padStart(7), 'ops/s')
await lite.close(); await pool.query('DROP TABLE IF EXISTS bench_events, bench_items, bench_posts, bench_users'); await pool.end()
