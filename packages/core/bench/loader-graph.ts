/**
 * One-to-many loading: 1,000 users × 10 books = 10,000 joined rows per query, turned into
 * users with their books, by gino-ts (`User.distinct('id').load({ books: many(...) })`)
 * and by raw `pg` running the same SQL and grouping the rows by hand into plain objects.
 *
 *   npx tsx bench/loader-graph.ts           (npm run bench:loader; GINO_TEST_DSN, default the local `test` database)
 *   BENCH_ROUNDS=10 BENCH_OPS=20 npx tsx bench/loader-graph.ts
 *
 * Not a test. Rounds alternate between the contenders; it prints ops/s (queries loaded
 * per second) and the ratio to raw pg, end to end, and for the loading alone: the same
 * 10,000 rows already in memory, loaded by the loader vs grouped by hand.
 */
import pg from 'pg'
import { column, Gino, many, toLoader } from '../src/index.js'
import type { FieldInfo } from '../src/dialect/driver-adapter.js'

const DSN = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6)
const OPS = Number(process.env.BENCH_OPS ?? 15)
const MEMORY_OPS = Number(process.env.BENCH_MEMORY_OPS ?? 60)
const USERS = 1000
const BOOKS_PER_USER = 10

const db = new Gino()

class User extends db.model('ldr_bench_users', {
  id: column.integer().primaryKey(),
  name: column.text().notNull(),
  email: column.text().notNull(),
}) {}

class Book extends db.model('ldr_bench_books', {
  id: column.integer().primaryKey(),
  title: column.text().notNull(),
  pages: column.integer().notNull(),
  userId: column
    .integer()
    .notNull()
    .references(() => User.columns.id)
    .named('user_id'),
}) {}

interface PlainBook {
  id: number
  title: string
  pages: number
  userId: number
}
interface PlainUser {
  id: number
  name: string
  email: string
  books: PlainBook[]
}

/** What a careful hand-written version does: one Map lookup per row, objects built inline. */
function groupByHand(rows: ReadonlyArray<Record<string, unknown>>): PlainUser[] {
  const users = new Map<number, PlainUser>()
  const out: PlainUser[] = []
  for (const row of rows) {
    const id = row.ldr_bench_users__id as number
    let user = users.get(id)
    if (user === undefined) {
      user = {
        id,
        name: row.ldr_bench_users__name as string,
        email: row.ldr_bench_users__email as string,
        books: [],
      }
      users.set(id, user)
      out.push(user)
    }
    if (row.ldr_bench_books__id !== null) {
      user.books.push({
        id: row.ldr_bench_books__id as number,
        title: row.ldr_bench_books__title as string,
        pages: row.ldr_bench_books__pages as number,
        userId: row.ldr_bench_books__user_id as number,
      })
    }
  }
  return out
}

interface Round {
  /** Wall-clock milliseconds. */
  readonly wall: number
  /** Milliseconds of this process's CPU (steadier than wall time on a busy machine). */
  readonly cpu: number
}

/** The same, also keeping one object per book id (what `distinct` guarantees, e.g. for many-to-many). */
function groupByHandDistinct(rows: ReadonlyArray<Record<string, unknown>>): PlainUser[] {
  const users = new Map<number, PlainUser>()
  const books = new Map<number, PlainBook>()
  const out: PlainUser[] = []
  for (const row of rows) {
    const id = row.ldr_bench_users__id as number
    let user = users.get(id)
    if (user === undefined) {
      user = {
        id,
        name: row.ldr_bench_users__name as string,
        email: row.ldr_bench_users__email as string,
        books: [],
      }
      users.set(id, user)
      out.push(user)
    }
    const bookId = row.ldr_bench_books__id as number | null
    if (bookId !== null && !books.has(bookId)) {
      const book = {
        id: bookId,
        title: row.ldr_bench_books__title as string,
        pages: row.ldr_bench_books__pages as number,
        userId: row.ldr_bench_books__user_id as number,
      }
      books.set(bookId, book)
      user.books.push(book)
    }
  }
  return out
}

async function timeRound(ops: number, run: () => Promise<unknown> | unknown): Promise<Round> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  for (let i = 0; i < ops; i++) await run()
  const wall = performance.now() - started
  const used = process.cpuUsage(cpu)
  return { wall, cpu: (used.user + used.system) / 1000 }
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

function report(
  title: string,
  names: readonly string[],
  times: Map<string, Round[]>,
  ops: number,
): void {
  console.log(`\n${title}`)
  const rates = names.map((name) => ops / (median(times.get(name)!.map((r) => r.wall)) / 1000))
  names.forEach((name, i) => {
    const cpu = median(times.get(name)!.map((r) => r.cpu)) / ops
    console.log(
      `  ${name.padEnd(40)} ${rates[i]!.toFixed(1).padStart(8)} ops/s   ${cpu.toFixed(2).padStart(7)} ms CPU/op`,
    )
  })
  console.log(`  ratio gino-ts / raw pg (ops/s): ${(rates[0]! / rates[1]!).toFixed(2)}`)
}

async function main(): Promise<void> {
  await db.setBind(DSN, { max: 1, min: 1 })
  const client = new pg.Client({ connectionString: DSN })
  await client.connect()
  await db.status('DROP TABLE IF EXISTS ldr_bench_books, ldr_bench_users')
  await db.status(
    'CREATE TABLE ldr_bench_users (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL)',
  )
  await db.status(
    'CREATE TABLE ldr_bench_books (id int PRIMARY KEY, title text NOT NULL, pages int NOT NULL, user_id int NOT NULL REFERENCES ldr_bench_users (id))',
  )
  await db.status(
    `INSERT INTO ldr_bench_users SELECT g, 'user ' || g, 'user' || g || '@example.com' FROM generate_series(1, ${USERS}) g`,
  )
  await db.status(
    `INSERT INTO ldr_bench_books SELECT g, 'book ' || g, 100 + g % 300, 1 + (g - 1) / ${BOOKS_PER_USER} FROM generate_series(1, ${USERS * BOOKS_PER_USER}) g`,
  )
  await db.status('ANALYZE ldr_bench_users; ANALYZE ldr_bench_books')

  try {
    const query = User.distinct('id')
      .load({ books: many(Book.distinct('id')) })
      .orderBy('ldr_bench_users.id')
      .orderBy('ldr_bench_books.id')
    const { sql } = db.compile(query)

    const ours = 'gino-ts distinct + many()'
    const theirs = 'raw pg, grouped by hand'
    const viaGino = (): Promise<unknown[]> => db.all(query)
    const viaPg = async (): Promise<PlainUser[]> =>
      groupByHand((await client.query<Record<string, unknown>>(sql)).rows)

    // Both build the same graph.
    const a = (await viaGino()) as Array<User & { books: Book[] }>
    const b = await viaPg()
    const same =
      JSON.stringify(a.map((u) => ({ ...u.toDict(), books: u.books.map((x) => x.toDict()) }))) ===
      JSON.stringify(b)
    if (!same || a.length !== USERS || b[0]!.books.length !== BOOKS_PER_USER)
      throw new Error('The contenders disagree.')

    // Loading alone, on rows already fetched: arrays for the loader, objects for the hand version.
    const arrays = await client.query<unknown[]>({ text: sql, rowMode: 'array' })
    const fields: FieldInfo[] = arrays.fields.map((f) => ({
      name: f.name,
      dataTypeID: f.dataTypeID,
    }))
    const objects = (await client.query<Record<string, unknown>>(sql)).rows
    const loader = toLoader(query)
    const loadOnly = (): unknown[] => loader.load(arrays.rows, fields, new Map())
    const groupOnly = (): PlainUser[] => groupByHand(objects)

    // Warm up the JIT on both paths.
    for (let i = 0; i < 5; i++) {
      await viaGino()
      await viaPg()
      loadOnly()
      groupOnly()
    }

    const deduped = 'raw pg rows, by hand + book identity map'
    const groupDistinctOnly = (): PlainUser[] => groupByHandDistinct(objects)
    const endToEnd = new Map<string, Round[]>([
      [ours, []],
      [theirs, []],
    ])
    const memory = new Map<string, Round[]>([
      [ours, []],
      [theirs, []],
      [deduped, []],
    ])
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [ours, theirs] : [theirs, ours]
      for (const name of order)
        endToEnd.get(name)!.push(await timeRound(OPS, name === ours ? viaGino : viaPg))
      for (const name of [...order, deduped]) {
        const run = name === ours ? loadOnly : name === theirs ? groupOnly : groupDistinctOnly
        memory.get(name)!.push(await timeRound(MEMORY_OPS, run))
      }
    }
    console.log(
      `${USERS} users × ${BOOKS_PER_USER} books = ${USERS * BOOKS_PER_USER} rows per query; ${ROUNDS} alternating rounds, median round`,
    )
    report(`End to end (query + load), ${OPS} queries per round:`, [ours, theirs], endToEnd, OPS)
    report(
      `Loading only (10,000 rows in memory), ${MEMORY_OPS} loads per round:`,
      [ours, theirs, deduped],
      memory,
      MEMORY_OPS,
    )
  } finally {
    await db.status('DROP TABLE IF EXISTS ldr_bench_books, ldr_bench_users')
    await client.end()
    await db.popBind()?.close()
  }
}

await main()
