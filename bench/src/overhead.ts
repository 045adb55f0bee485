/**
 * gino-ts's own CPU cost per call, with the database replaced by a driver stub that
 * answers at once with canned rows (diagnosis only; `npm run bench` never uses it):
 *   node --expose-gc --import tsx src/overhead.ts
 * The figure is µs per call minus the µs of calling the stub directly, so it is what
 * gino-ts adds on top of the driver: statement preparation, Kysely, context lookup,
 * pool adapter, loader.
 */
import { Engine, Gino, sql, type PoolAdapter, type RawResult, type ResolvedEngineOptions } from '@gino-ts/core'
import { BULK_CHUNK, PAGE_SIZE } from './config.js'
import { chunks, itemRows } from './data.js'
import { declareModels } from './models.js'

function userRows(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name: `user ${i + 1}`,
    email: `user${i + 1}@example.com`,
    age: 30,
    created_at: new Date(),
  }))
}

let canned: RawResult = { rows: [], fields: [], command: 'SELECT', rowCount: 0 }
const result = (rows: unknown[], command = 'SELECT'): RawResult => ({ rows, fields: [], command, rowCount: rows.length })

const connection = {
  pid: 1,
  broken: false,
  query: (): Promise<RawResult> => Promise.resolve(canned),
  cancel: (): Promise<void> => Promise.resolve(),
}
const stub: PoolAdapter = {
  driver: 'pg',
  acquire: () => Promise.resolve(connection),
  release: () => undefined,
  close: () => Promise.resolve(),
  stats: { total: 1, idle: 1, waiting: 0 },
}
const options: ResolvedEngineOptions = {
  min: 0,
  max: 8,
  acquireTimeout: 30_000,
  idleTimeout: 10_000,
  statementTimeout: undefined,
  ssl: undefined,
  applicationName: undefined,
  echo: undefined,
  logger: console,
  driverOptions: {},
}
const engine = new Engine(stub, options, 'postgres://stub/stub')
const db = new Gino()
await db.setBind(engine)
const { User, Item, Event } = declareModels(db)

async function perCall(fn: (i: number) => Promise<unknown>, iterations: number): Promise<number> {
  for (let i = 0; i < iterations / 5; i++) await fn(i)
  ;(globalThis as { gc?: () => void }).gc?.()
  const best: number[] = []
  for (let r = 0; r < 5; r++) {
    const started = performance.now()
    for (let i = 0; i < iterations; i++) await fn(i)
    best.push(((performance.now() - started) * 1000) / iterations)
  }
  return Math.min(...best)
}

const direct = async (): Promise<RawResult> => {
  const raw = await stub.acquire()
  try {
    return await raw.query('', [], 'object')
  } finally {
    stub.release(raw, false)
  }
}

interface Case {
  name: string
  rows: () => RawResult
  gino: (i: number) => Promise<unknown>
  /** Calls of the stub per gino-ts call (a transaction sends BEGIN, two statements, COMMIT). */
  statements: number
  iterations: number
}

const items = itemRows()
const cases: Case[] = [
  { name: 'Model.get', rows: () => result(userRows(1)), gino: (i) => User.get(1 + (i % 100)), statements: 1, iterations: 20_000 },
  {
    name: `page of ${PAGE_SIZE} (build + compile + load)`,
    rows: () => result(userRows(PAGE_SIZE)),
    gino: (i) => db.all(User.query.orderBy('id').limit(PAGE_SIZE).offset(i % 100)),
    statements: 1,
    iterations: 5_000,
  },
  {
    name: '10,000 rows loaded into instances',
    rows: () => result(userRows(10_000)),
    gino: () => db.all(User.query),
    statements: 1,
    iterations: 50,
  },
  {
    name: `INSERT of ${BULK_CHUNK} rows (build + compile)`,
    rows: () => result(Array.from({ length: BULK_CHUNK }, (_, i) => ({ id: i })), 'INSERT'),
    gino: () => db.all(Item.insert.values(chunks(items, BULK_CHUNK)[0]!).returning('id')),
    statements: 1,
    iterations: 50,
  },
  {
    name: 'transaction: UPDATE + Event.create',
    rows: () => result([{ id: 1, user_id: 1, kind: 'visit', created_at: new Date() }], 'INSERT'),
    gino: (i) =>
      db.transaction(async () => {
        await db.status(User.update.set({ age: sql<number>`age + 1` }).where('id', '=', 1 + (i % 100)))
        return Event.create({ userId: 1 + (i % 100), kind: 'visit' })
      }),
    statements: 4,
    iterations: 5_000,
  },
]

for (const c of cases) {
  canned = c.rows()
  const base = await perCall(direct, c.iterations)
  const gino = await perCall(c.gino, c.iterations)
  console.log(`${c.name.padEnd(42)} ${(gino - base * c.statements).toFixed(1).padStart(8)} µs added per call`)
}
await engine.close()
