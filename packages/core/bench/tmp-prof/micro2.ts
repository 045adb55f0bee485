import { Engine } from '../../src/engine/engine.js'
import { resolveEngineOptions } from '../../src/engine/options.js'
import type { PoolAdapter, RawConnection, RawResult } from '../../src/dialect/driver-adapter.js'
const result: RawResult = { rows: [{ id: 1, name: 'x' }], fields: [], command: 'SELECT', rowCount: 1 }
const conn: RawConnection = { pid: 1, broken: false, query: () => Promise.resolve(result), cancel: () => Promise.resolve() }
const pool: PoolAdapter = { driver: 'pg', acquire: () => Promise.resolve(conn), release: () => undefined, close: () => Promise.resolve(), stats: { total: 1, idle: 1, waiting: 0 } }
const engine = new Engine(pool, resolveEngineOptions({}), 'postgres://x/y')
const t = performance.now()
for (let i = 0; i < 2_000_000; i++) await engine.first('SELECT * FROM t WHERE id = :id', { id: i })
console.log(((performance.now() - t) / 2000).toFixed(2), 'µs/op')
