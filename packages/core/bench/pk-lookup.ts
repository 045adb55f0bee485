/**
 * Primary-key lookups: the engine (`db.first` of SQL text, and of a Kysely builder) against
 * a raw `pg` Pool of the same size, on the same table, in alternating rounds.
 *
 *   npx tsx bench/pk-lookup.ts            (GINO_TEST_DSN, default the local `test` database)
 *   BENCH_ROUNDS=8 BENCH_OPS=4000 BENCH_CONCURRENCY=10 npx tsx bench/pk-lookup.ts
 *
 * Not a test: it prints ops/s per contender, the ratio to raw pg, and the client's CPU time
 * per lookup (steadier than ops/s on a busy machine). "kysely on raw pg" (Kysely's own
 * PostgresDialect on the raw Pool) shows what building and compiling a Kysely query costs
 * by itself, so the engine's share of the Kysely row is the gap to that line.
 */
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { createEngine } from '../src/engine/engine.js'

const DSN = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6)
const OPS = Number(process.env.BENCH_OPS ?? 4000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10)
const POOL = Number(process.env.BENCH_POOL ?? 10)
const ROWS = 1000
const TABLE = 'eng_bench_users'

type Users = { [TABLE]: { id: number; name: string; email: string } }
type Lookup = (id: number) => Promise<unknown>

async function main(): Promise<void> {
  const engine = await createEngine(DSN, { max: POOL, min: POOL })
  const pool = new pg.Pool({ connectionString: DSN, max: POOL, min: POOL })
  const kysely = engine.kysely.withTables<Users>()
  const nativeKysely = new Kysely<Users>({ dialect: new PostgresDialect({ pool }) })

  await engine.status(`DROP TABLE IF EXISTS ${TABLE}`)
  await engine.status(
    `CREATE TABLE ${TABLE} (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL)`,
  )
  await engine.status(
    `INSERT INTO ${TABLE} SELECT g, 'user ' || g, 'user' || g || '@example.com' FROM generate_series(1, ${ROWS}) g`,
  )
  await engine.status(`ANALYZE ${TABLE}`)

  const contenders: Array<[string, Lookup]> = [
    [
      'raw pg Pool',
      async (id) => (await pool.query(`SELECT * FROM ${TABLE} WHERE id = $1`, [id])).rows[0],
    ],
    ['engine.first(text)', (id) => engine.first(`SELECT * FROM ${TABLE} WHERE id = :id`, { id })],
    [
      'engine.first(kysely)',
      (id) => engine.first(kysely.selectFrom(TABLE).selectAll().where('id', '=', id)),
    ],
    [
      'kysely on raw pg',
      (id) => nativeKysely.selectFrom(TABLE).selectAll().where('id', '=', id).executeTakeFirst(),
    ],
  ]

  // Sanity: every contender finds the same row.
  const expected = JSON.stringify(await contenders[0]![1](42))
  for (const [name, lookup] of contenders) {
    if (JSON.stringify(await lookup(42)) !== expected)
      throw new Error(`${name} returned a different row`)
  }

  async function round(lookup: Lookup): Promise<[opsPerSecond: number, cpuMicrosPerOp: number]> {
    let next = 0
    const worker = async () => {
      while (next < OPS) {
        const i = next++
        await lookup((i % ROWS) + 1)
      }
    }
    const cpu = process.cpuUsage()
    const started = performance.now()
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    const seconds = (performance.now() - started) / 1000
    const used = process.cpuUsage(cpu)
    return [OPS / seconds, (used.user + used.system) / OPS]
  }

  // Warm-up (JIT, connections, server caches), not measured.
  for (const [, lookup] of contenders) await round(lookup)

  const results = new Map<string, number[]>(contenders.map(([name]) => [name, []]))
  const cpuCosts = new Map<string, number[]>(contenders.map(([name]) => [name, []]))
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so no contender always runs first (or last) in a round.
    const order = r % 2 === 0 ? contenders : [...contenders].reverse()
    for (const [name, lookup] of order) {
      const [ops, cpu] = await round(lookup)
      results.get(name)!.push(ops)
      cpuCosts.get(name)!.push(cpu)
    }
  }

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const mid = sorted.length >> 1
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  }
  const base = median(results.get('raw pg Pool')!)
  const baseCpu = median(cpuCosts.get('raw pg Pool')!)
  console.log(
    `pk lookup, pool ${POOL}, concurrency ${CONCURRENCY}, ${OPS} ops x ${ROUNDS} rounds (median ops/s)`,
  )
  for (const [name, values] of results) {
    const ops = median(values)
    const overhead = ((base / ops - 1) * 100).toFixed(1)
    const cpu = median(cpuCosts.get(name)!)
    console.log(
      `  ${name.padEnd(22)} ${ops.toFixed(0).padStart(8)} ops/s  ratio ${(ops / base).toFixed(3)}  overhead ${overhead.padStart(5)}%` +
        `  client CPU ${cpu.toFixed(1).padStart(5)} µs/op (${((cpu / baseCpu - 1) * 100).toFixed(0).padStart(3)}%)` +
        `  [${values.map((v) => v.toFixed(0)).join(' ')}]`,
    )
  }

  await engine.status(`DROP TABLE IF EXISTS ${TABLE}`)
  await engine.close()
  await pool.end()
}

await main()
