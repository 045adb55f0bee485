import { AsyncLocalStorage } from 'node:async_hooks'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { DDL, seedRows } from './data.js'

const U = 'UPDATE bench_users SET age = age + 1 WHERE id = $1'
const G = 'SELECT id, name, email, age, created_at FROM bench_users WHERE id = $1'
const PG = 'SELECT oid, relname FROM pg_class WHERE oid = $1'
const lite = await PGlite.create()
for (const d of DDL) await lite.query(d)
await seedRows(async (s, p) => { await lite.query(s, p) })
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', max: 8 })
async function measure(label: string, fn: (i: number) => Promise<unknown>) {
  const cpu: number[] = []
  for (let r = 0; r < 7; r++) {
    const c0 = process.cpuUsage(); const t0 = performance.now(); let n = 0
    while (performance.now() - t0 < 200) await fn(n++)
    const c = process.cpuUsage(c0); cpu.push((c.user + c.system) / n)
  }
  console.log(label.padEnd(50), Math.min(...cpu).toFixed(1), 'µs CPU/op (best)')
}
const liteGet = (i: number) => lite.query(G, [1 + (i % 100)])
const pgGet = (i: number) => pool.query(PG, [1259 + (i % 2)])
const liteTx = (i: number) => lite.transaction(async (tx) => { await tx.query(U, [1 + i % 100]); await tx.query(G, [1]) })
for (let i = 0; i < 500; i++) { await liteGet(i); await pgGet(i) }
await measure('pglite get, no ALS', liteGet)
await measure('pg get, no ALS', pgGet)
await measure('pglite tx, no ALS', liteTx)
new AsyncLocalStorage().run({}, () => undefined)
await measure('pglite get, ALS enabled', liteGet)
await measure('pg get, ALS enabled', pgGet)
await measure('pglite tx, ALS enabled', liteTx)
await lite.close(); await pool.end()
