import { Gino, createEngine, sql } from '@gino-ts/core'
import { CompiledQuery } from 'kysely'
import pg from 'pg'
import { declareModels } from './models.js'
import { createAndSeed } from './data.js'

const DSN = 'postgres://postgres@127.0.0.1:5432/test'
const pool = new pg.Pool({ connectionString: DSN, max: 8 })
await createAndSeed(async (s, p) => { await pool.query(s, p) })
const engine = await createEngine(DSN, { max: 8 })
const db = new Gino()
await db.setBind(engine)
const { User } = declareModels(db)
const SQL = process.argv[2] === 'page' ? 'SELECT id, name, email, age, created_at FROM bench_users ORDER BY id LIMIT 100 OFFSET $1' : 'SELECT id, name, email, age, created_at FROM bench_users WHERE id = $1'
const onError = () => undefined
const variants: Record<string, (i: number) => Promise<unknown>> = {
  'pool.query(text, values)': (i) => pool.query(SQL, [1 + (i % 100)]),
  'connect() + query(text, values)': async (i) => {
    const c = await pool.connect()
    try { return await c.query(SQL, [1 + (i % 100)]) } finally { c.release() }
  },
  'connect() + query({text, values})': async (i) => {
    const c = await pool.connect()
    try { return await c.query({ text: SQL, values: [1 + (i % 100)] }) } finally { c.release() }
  },
  'connect() + on(error) + query(text, values)': async (i) => {
    const c = await pool.connect()
    c.on('error', onError)
    try { return await c.query(SQL, [1 + (i % 100)]) } finally { c.removeListener('error', onError); c.release() }
  },
  'engine.all(compiled)': (i) => engine.all(CompiledQuery.raw(SQL, [1 + (i % 100)])),
  'User.get': (i) => User.get(1 + (i % 100)),
  'db.all(User.query page)': (i) => db.all(User.query.orderBy('id').limit(100).offset(1 + (i % 100))),
  'db.all(User.query page) returnModel false': (i) => db.all(User.query.orderBy('id').limit(100).offset(1 + (i % 100)), { returnModel: false }),
}
const { Event } = declareModels(new Gino())
void Event
const models = declareModels(db)
if (process.argv[2] === 'tx') {
  for (const k of Object.keys(variants)) delete variants[k]
  const U = 'UPDATE bench_users SET age = age + 1 WHERE id = $1'
  const I = 'INSERT INTO bench_events (user_id, kind) VALUES ($1, $2) RETURNING id, user_id, kind, created_at'
  variants['raw tx'] = async (i) => {
    const c = await pool.connect()
    try { await c.query('BEGIN'); await c.query(U, [1 + (i % 100)]); const r = await c.query(I, [1 + (i % 100), 'visit']); await c.query('COMMIT'); return r } finally { c.release() }
  }
  variants['gino tx, compiled raw statements'] = (i) => db.transaction(async () => { await db.status(CompiledQuery.raw(U, [1 + (i % 100)])); return db.all(CompiledQuery.raw(I, [1 + (i % 100), 'visit'])) })
  variants['engine.acquire scoped, BEGIN..COMMIT by hand'] = (i) => engine.acquire(async (conn) => { await conn.status('BEGIN'); await conn.status(CompiledQuery.raw(U, [1 + (i % 100)])); const r = await conn.all(CompiledQuery.raw(I, [1 + (i % 100), 'visit'])); await conn.status('COMMIT'); return r })
  variants['gino tx, bench statements'] = (i) => db.transaction(async () => {
    await db.status(models.User.update.set({ age: sql<number>`age + 1` }).where('id', '=', 1 + (i % 100)))
    return models.Event.create({ userId: 1 + (i % 100), kind: 'visit' })
  })
}
if (process.argv[2] !== 'page') { delete variants['db.all(User.query page)']; delete variants['db.all(User.query page) returnModel false'] } else delete variants['User.get']
const cpu: Record<string, number[]> = {}
const rate: Record<string, number[]> = {}
for (let rep = 0; rep < 12; rep++) {
  for (const [name, fn] of Object.entries(variants)) {
    if (rep === 0) for (let i = 0; i < 500; i++) await fn(i)
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
for (const name of Object.keys(variants)) console.log(name.padEnd(46), med(cpu[name]!).toFixed(1).padStart(6), 'µs CPU/op', med(rate[name]!).toFixed(0).padStart(7), 'ops/s')
await engine.close(); await pool.end()
