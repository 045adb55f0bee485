import pg from 'pg'
import { createEngine } from '../../src/engine/engine.js'
import { PgPoolAdapter } from '../../src/dialect/pg-adapter.js'
import { resolveEngineOptions } from '../../src/engine/options.js'
import { parseEngineUrl } from '../../src/engine/url.js'
const DSN = 'postgres://postgres@127.0.0.1:5432/test'
const engine = await createEngine(DSN, { max: 10, min: 10 })
await engine.status('CREATE TABLE IF NOT EXISTS eng_prof_users AS SELECT g AS id, \'u\' || g AS name FROM generate_series(1,1000) g')
const pool = new pg.Pool({ connectionString: DSN, max: 10, min: 10 })
const pool2 = new pg.Pool({ connectionString: DSN, max: 10, min: 10, connectionTimeoutMillis: 30000 })
const adapter = new PgPoolAdapter(parseEngineUrl(DSN) as never, resolveEngineOptions({ max: 10 }))
await adapter.warmUp(10)
const k = engine.kysely.withTables<{ eng_prof_users: { id: number; name: string } }>()
const fs: Record<string, (id: number) => Promise<unknown>> = {
  raw: (id) => pool.query('SELECT * FROM eng_prof_users WHERE id = $1', [id]),
  rawTimeout: (id) => pool2.query('SELECT * FROM eng_prof_users WHERE id = $1', [id]),
  rawConnect: async (id) => { const c = await pool.connect(); try { return await c.query({ text: 'SELECT * FROM eng_prof_users WHERE id = $1', values: [id] }) } finally { c.release() } },
  adapter: async (id) => { const c = await adapter.acquire(); try { return await c.query('SELECT * FROM eng_prof_users WHERE id = $1', [id], 'object') } finally { adapter.release(c, false) } },
  text: (id) => engine.first('SELECT * FROM eng_prof_users WHERE id = :id', { id }),
  kysely: (id) => engine.first(k.selectFrom('eng_prof_users').selectAll().where('id', '=', id)),
}
const N = 20000
const best: Record<string, number> = {}
for (let rep = 0; rep < 5; rep++) for (const [name, f] of Object.entries(fs)) {
  let n = 0
  const cpu = process.cpuUsage(); const t = performance.now()
  await Promise.all(Array.from({ length: 10 }, async () => { while (n < N) await f((n++ % 1000) + 1) }))
  const used = process.cpuUsage(cpu); const wall = performance.now() - t
  best[name] = Math.min(best[name] ?? Infinity, (used.user + used.system) / N)
  if (rep === 4) console.log(name.padEnd(12), 'best cpu µs/op', best[name]!.toFixed(1))
  else void (name.padEnd(12), 'cpu µs/op', ((used.user + used.system) / N).toFixed(1).padStart(6), ' user', (used.user / N).toFixed(1).padStart(6), ' ops/s', (N / wall * 1000).toFixed(0))
}
await engine.close(); await pool.end(); await pool2.end(); await adapter.close()
