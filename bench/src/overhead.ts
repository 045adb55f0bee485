/**
 * What gino-ts itself costs per operation, apart from the database and the driver:
 *   node --expose-gc --import tsx src/overhead.ts     (npm run overhead -w @gino-ts/bench)
 *   OVERHEAD_ONLY=6,6b node --cpu-prof --import tsx src/overhead.ts   (some workloads, profiled)
 *
 * The engine runs on a driver stub that answers at once with rows captured from a real
 * (PGlite) run of the same statements, so the figures are pure JavaScript work: statement
 * building and compiling, context lookup, pool adapter, loading. The raw column is the
 * JavaScript the raw workload does besides its driver call (mapping, grouping, building
 * INSERT text). Each figure is the best of several runs, so load on the machine from
 * elsewhere barely moves it. Diagnosis only; `npm run bench` does not use it.
 */
import { PGlite } from '@electric-sql/pglite'
import { Engine, Gino, many, sql, type ResolvedEngineOptions } from '@gino-ts/core'
import { BULK_CHUNK, NESTED_USERS, PAGE_SIZE, USER_COUNT } from './config.js'
import { DDL, chunks, itemRows, multiRowInsert, seedRows } from './data.js'
import { declareModels } from './models.js'

// The driver surface the engine takes (internal to the core, so named through the constructor).
type PoolAdapter = ConstructorParameters<typeof Engine>[0]
type RawResult = Awaited<ReturnType<Awaited<ReturnType<PoolAdapter['acquire']>>['query']>>

let canned: RawResult = { rows: [], fields: [], command: 'SELECT', rowCount: 0 }
const connection = {
  pid: 1,
  broken: false,
  planScope: undefined as string | undefined,
  query: (): Promise<RawResult> => Promise.resolve(canned),
  send: (_sql: string, _parameters: readonly unknown[], _rowMode: unknown, done: (error: undefined, result: RawResult) => void): void => {
    void Promise.resolve(canned).then((result) => done(undefined, result))
  },
  cancel: (): Promise<void> => Promise.resolve(),
}
const stub: PoolAdapter = {
  driver: 'pg',
  acquire: () => Promise.resolve(connection),
  release: () => undefined,
  // A statement outside any transaction, on a connection borrowed for it alone.
  query: () => connection.query(),
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
  lazy: true,
  pool: true,
  pooler: false,
  statementCacheSize: 0,
  pipelineDepth: 4,
  isolationLevel: undefined,
  executionOptions: undefined,
  slowQueryMs: undefined,
  replicas: [],
  replicaRetryMs: 30_000,
  maxReplicaLagMs: undefined,
  replicaLagCheckMs: 5_000,
  readOnlyFunctions: new Set(),
}
const engine = new Engine(stub, options, 'postgres://stub/stub')
const db = new Gino()
await db.setBind(engine)
const { User, Post, Item, Event } = declareModels(db)

// Real rows to answer with, from a PGlite instance holding the benchmark data.
const lite = await PGlite.create()
for (const statement of DDL) await lite.query(statement)
await seedRows(async (text, parameters) => {
  await lite.query(text, parameters)
})
async function capture(
  text: string,
  parameters: readonly unknown[],
  rowMode: 'object' | 'array' = 'object',
): Promise<RawResult> {
  const { rows, fields } = await lite.query(text, parameters as unknown[], { rowMode })
  return { rows, fields, command: 'SELECT', rowCount: rows.length }
}
const USER_SQL = 'SELECT id, name, email, age, created_at FROM bench_users'
const usersWithPosts = User.distinct('id').load({ posts: many(Post.distinct('id')) })
const nestedQuery = usersWithPosts
  .where('bench_users.id', '>', 0)
  .where('bench_users.id', '<=', NESTED_USERS)
  .orderBy('bench_users.id')
  .orderBy('bench_posts.id')
const nestedCompiled = nestedQuery.compile()
const NESTED_RAW_SQL = `SELECT u.id, u.name, u.email, u.age, u.created_at,
  p.id AS post_id, p.user_id AS post_user_id, p.title, p.body
  FROM bench_users u LEFT OUTER JOIN bench_posts p ON p.user_id = u.id
  WHERE u.id > $1 AND u.id <= $2 ORDER BY u.id, p.id`
const items = itemRows()
const returnedItems = (
  await capture(
    `SELECT id, sku, qty, price, note FROM (VALUES ${items
      .slice(0, BULK_CHUNK)
      .map((_, i) => `(${i + 1}, 'SKU', ${i}, 1.5::numeric, 'n')`)
      .join(', ')}) AS t (id, sku, qty, price, note)`,
    [],
  )
).rows
const results = {
  one: await capture(`${USER_SQL} WHERE id = $1`, [1]),
  page: await capture(`${USER_SQL} ORDER BY id LIMIT $1`, [PAGE_SIZE]),
  all: await capture(USER_SQL, []),
  nested: await capture(nestedCompiled.sql, nestedCompiled.parameters, 'array'),
  nestedRaw: await capture(NESTED_RAW_SQL, [0, NESTED_USERS]),
  itemIds: {
    rows: returnedItems.map((row) => ({ id: (row as { id: number }).id })),
    fields: [],
    command: 'INSERT',
    rowCount: BULK_CHUNK,
  },
  itemRows: { rows: returnedItems, fields: [], command: 'INSERT', rowCount: BULK_CHUNK },
  event: await capture(`SELECT 1 AS id, 1 AS user_id, 'visit' AS kind, now() AS created_at`, []),
}
await lite.close()

type Row = Record<string, unknown>
const mapUser = (r: Row) => ({
  id: r.id,
  name: r.name,
  email: r.email,
  age: r.age,
  createdAt: r.created_at,
})

interface Case {
  name: string
  result: RawResult
  gino: (i: number) => Promise<unknown>
  /** The raw workload's own JavaScript besides the driver call. */
  raw: () => unknown
  iterations: number
}

const cases: Case[] = [
  {
    name: '1. Model.get',
    result: results.one,
    gino: (i) => User.get(1 + (i % USER_COUNT)),
    raw: () => canned.rows[0],
    iterations: 20_000,
  },
  {
    name: `3. page of ${PAGE_SIZE}: build, compile, load`,
    result: results.page,
    gino: (i) =>
      db.all(
        User.query
          .orderBy('id')
          .limit(PAGE_SIZE)
          .offset(i % 100),
      ),
    raw: () => canned.rows,
    iterations: 3_000,
  },
  {
    name: `4. ${USER_COUNT.toLocaleString('en')} rows into objects`,
    result: results.all,
    gino: () => db.all(User.query),
    raw: () => (canned.rows as Row[]).map(mapUser),
    iterations: 30,
  },
  {
    name: `5. ${NESTED_USERS} users with posts: loader`,
    result: results.nested,
    gino: () =>
      db.all(
        usersWithPosts
          .where('bench_users.id', '>', 0)
          .where('bench_users.id', '<=', NESTED_USERS)
          .orderBy('bench_users.id')
          .orderBy('bench_posts.id'),
      ),
    raw: () => {
      const users: Array<Row & { posts: Row[] }> = []
      let current: (Row & { posts: Row[] }) | undefined
      for (const row of results.nestedRaw.rows as Row[]) {
        if (current?.id !== row.id) {
          current = { ...mapUser(row), posts: [] }
          users.push(current)
        }
        if (row.post_id !== null)
          current!.posts.push({
            id: row.post_id,
            userId: row.post_user_id,
            title: row.title,
            body: row.body,
          })
      }
      return users
    },
    iterations: 1_000,
  },
  {
    name: `6. insertMany of ${items.length.toLocaleString('en')} rows`,
    result: results.itemRows,
    gino: () => Item.insertMany(items, { chunkSize: BULK_CHUNK }),
    raw: () =>
      chunks(items, BULK_CHUNK).map((chunk) =>
        multiRowInsert(
          'bench_items',
          ['sku', 'qty', 'price', 'note'],
          chunk,
          'id, sku, qty, price, note',
        ),
      ),
    iterations: 10,
  },
  {
    name: `6b. Kysely INSERT of ${items.length.toLocaleString('en')} rows`,
    result: results.itemIds,
    gino: async () => {
      for (const chunk of chunks(items, BULK_CHUNK))
        await db.all(Item.insert.values(chunk).returning('id'))
    },
    raw: () =>
      chunks(items, BULK_CHUNK).map((chunk) =>
        multiRowInsert('bench_items', ['sku', 'qty', 'price', 'note'], chunk, 'id'),
      ),
    iterations: 10,
  },
  {
    name: '7. transaction: UPDATE + Event.create',
    result: results.event,
    gino: (i) =>
      db.transaction(async () => {
        await db.status(
          User.update.set({ age: sql<number>`age + 1` }).where('id', '=', 1 + (i % 100)),
        )
        return Event.create({ userId: 1 + (i % 100), kind: 'visit' })
      }),
    raw: () => canned.rows[0],
    iterations: 5_000,
  },
]

async function bestMicros(fn: (i: number) => unknown, iterations: number): Promise<number> {
  for (let i = 0; i < Math.max(3, iterations / 5); i++) await fn(i)
  const runs: number[] = []
  for (let r = 0; r < 7; r++) {
    ;(globalThis as { gc?: () => void }).gc?.()
    const started = performance.now()
    for (let i = 0; i < iterations; i++) await fn(i)
    runs.push(((performance.now() - started) * 1000) / iterations)
  }
  return Math.min(...runs)
}

// What one statement costs through the stub alone, without gino-ts.
const perStatement = await bestMicros(() => stub.query('', [], 'object', (error) => error), 20_000)

let statements = 0
connection.query = () => {
  statements++
  return Promise.resolve(canned)
}
console.log(`JavaScript per operation, database and driver excluded (best of 7 runs)\n`)
console.log(`${'workload'.padEnd(40)} ${'gino-ts'.padStart(10)} ${'raw'.padStart(10)}`)
const only = process.env.OVERHEAD_ONLY?.split(',')
for (const c of cases) {
  if (only !== undefined && !only.some((prefix) => c.name.startsWith(`${prefix}.`))) continue
  canned = c.result
  statements = 0
  await c.gino(0)
  const sent = statements
  const gino = (await bestMicros(c.gino, c.iterations)) - perStatement * sent
  const raw = await bestMicros(c.raw, c.iterations)
  const show = (micros: number): string =>
    micros >= 1000 ? `${(micros / 1000).toFixed(2)} ms` : `${micros.toFixed(1)} µs`
  console.log(`${c.name.padEnd(40)} ${show(gino).padStart(10)} ${show(raw).padStart(10)}`)
}
await engine.close()
