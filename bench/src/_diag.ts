import { Gino, createEngine } from '@gino-ts/core'
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
const SQL = 'SELECT id, name, email, age, created_at FROM bench_users ORDER BY id LIMIT $1 OFFSET $2'
const typed = new pg.Pool({ connectionString: DSN, max: 8, types: { getTypeParser: (oid: number, f?: string) => pg.types.getTypeParser(oid, f as 'text') } as never })

const variants: Record<string, (i: number) => Promise<unknown>> = {
  'raw pool.query': (i) => pool.query(SQL, [100, (i % 100) * 100]),
  'raw connect+query+release': async (i) => {
    const c = await pool.connect()
    try { return await c.query({ text: SQL, values: [100, (i % 100) * 100] }) } finally { c.release() }
  },
  'raw pool with types option': (i) => typed.query(SQL, [100, (i % 100) * 100]),
  'engine.all compiled raw': (i) => engine.all(CompiledQuery.raw(SQL, [100, (i % 100) * 100])),
  'db.all User.query page': (i) => db.all(User.query.orderBy('id').limit(100).offset((i % 100) * 100)),
  'db.all User.query page returnModel false': (i) => db.all(User.query.orderBy('id').limit(100).offset((i % 100) * 100), { returnModel: false }),
}
for (let rep = 0; rep < 2; rep++) {
  for (const [name, fn] of Object.entries(variants)) {
    for (let i = 0; i < 300; i++) await fn(i)
    ;(globalThis as { gc?: () => void }).gc?.()
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    let n = 0
    while (performance.now() - t0 < 1000) await fn(n++)
    const c = process.cpuUsage(c0)
    const s = (performance.now() - t0) / 1000
    console.log(name.padEnd(45), (n / s).toFixed(0).padStart(6), 'ops/s', ((c.user) / n).toFixed(0).padStart(5), 'µs user', ((c.system) / n).toFixed(0).padStart(5), 'µs sys')
  }
}
await engine.close(); await pool.end(); await typed.end()
