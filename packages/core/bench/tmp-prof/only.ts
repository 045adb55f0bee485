import pg from 'pg'
import { createEngine } from '/work/main/packages/core/src/engine/engine.js'
const DSN = 'postgres://postgres@127.0.0.1:5432/test'
const engine = await createEngine(DSN, { max: 10, min: 10 })
await engine.status('CREATE TABLE IF NOT EXISTS eng_prof_users AS SELECT g AS id, \'u\' || g AS name FROM generate_series(1,1000) g')
const mode = process.argv[2]
const pool = new pg.Pool({ connectionString: DSN, max: 10, min: 10 })
const k = engine.kysely.withTables<{ eng_prof_users: { id: number; name: string } }>()
const f = mode === 'raw' ? (id: number) => pool.query('SELECT * FROM eng_prof_users WHERE id = $1', [id]) :
  mode === 'text' ? (id: number) => engine.first('SELECT * FROM eng_prof_users WHERE id = :id', { id }) :
  (id: number) => engine.first(k.selectFrom('eng_prof_users').selectAll().where('id', '=', id))
const t = performance.now()
let n = 0
await Promise.all(Array.from({ length: 10 }, async () => { while (n < 100000) { await f((n++ % 1000) + 1) } }))
console.log(mode, (100000 / ((performance.now() - t) / 1000)).toFixed(0), 'ops/s')
await engine.close(); await pool.end()
