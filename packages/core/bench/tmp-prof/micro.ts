import { Engine } from '../../src/engine/engine.js'
import { resolveEngineOptions } from '../../src/engine/options.js'
import type { PoolAdapter, RawConnection, RawResult } from '../../src/dialect/driver-adapter.js'
const result: RawResult = { rows: [{ id: 1, name: 'x' }], fields: [], command: 'SELECT', rowCount: 1 }
const conn: RawConnection = { pid: 1, broken: false, query: () => Promise.resolve(result), cancel: () => Promise.resolve() }
const pool: PoolAdapter = { driver: 'pg', acquire: () => Promise.resolve(conn), release: () => undefined, query: () => Promise.resolve(result), close: () => Promise.resolve(), stats: { total: 1, idle: 1, waiting: 0 } }
const engine = new Engine(pool, resolveEngineOptions({}), 'postgres://x/y')
const k = engine.kysely.withTables<{ t: { id: number; name: string } }>()
async function time(name: string, f: (i: number) => unknown, n = 200000) {
  for (let i = 0; i < 20000; i++) await f(i)
  const t = performance.now()
  for (let i = 0; i < n; i++) await f(i)
  console.log(name.padEnd(28), ((performance.now() - t) * 1000 / n).toFixed(2), 'µs/op')
}
await time('baseline await', (i) => conn.query('', [i], 'object'))
await time('engine.first(text)', (i) => engine.first('SELECT * FROM t WHERE id = :id', { id: i }))
await time('engine.first(positional)', (i) => engine.first('SELECT * FROM t WHERE id = $1', [i]))
await time('kysely build only', (i) => k.selectFrom('t').selectAll().where('id', '=', i))
await time('kysely build+compile', (i) => k.selectFrom('t').selectAll().where('id', '=', i).compile())
await time('engine.first(kysely)', (i) => engine.first(k.selectFrom('t').selectAll().where('id', '=', i)))
