import type { Backend } from './backends.js'
import { BULK_CHUNK, GROWTH_LARGE, GROWTH_ROUNDS, GROWTH_SMALL } from './config.js'
import { chunks, itemRows, multiRowInsert, type ItemRow } from './data.js'
import { median } from './harness.js'

/** Median wall times of one side's operation on GROWTH_SMALL and on GROWTH_LARGE rows. */
export interface GrowthSide {
  readonly smallMs: number
  readonly largeMs: number
  /** largeMs / smallMs: 10 is linear; the target for gino-ts is at most 11. */
  readonly ratio: number
}

/** What ten times the rows costs, for gino-ts and for the raw driver doing the same. */
export interface Growth {
  readonly title: string
  readonly gino: GrowthSide
  readonly raw: GrowthSide
}

type Side = 'gino' | 'raw'
type Runs = Record<Side, { small: number[]; large: number[] }>

const ITEM_COLUMNS = ['sku', 'qty', 'price', 'note'] as const

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

/**
 * One sample of `count` rows: the large case once, the small one as many times as make
 * the same number of rows (its mean), so that garbage collection and the server's
 * background work fall on both cases in proportion to the rows, not by luck.
 */
async function sample(run: (side: Side, rows: number) => Promise<number>, side: Side, count: number): Promise<number> {
  const repeats = count === GROWTH_SMALL ? GROWTH_LARGE / GROWTH_SMALL : 1
  let total = 0
  for (let i = 0; i < repeats; i++) total += await run(side, count)
  return total / repeats
}

/** One unmeasured sample of each case, then GROWTH_ROUNDS rounds in which all four take turns. */
async function rounds(run: (side: Side, rows: number) => Promise<number>): Promise<Runs> {
  const runs: Runs = { gino: { small: [], large: [] }, raw: { small: [], large: [] } }
  for (const side of ['gino', 'raw'] as const) {
    await sample(run, side, GROWTH_SMALL)
    await sample(run, side, GROWTH_LARGE)
  }
  for (let r = 0; r < GROWTH_ROUNDS; r++) {
    for (const side of ['gino', 'raw'] as const) {
      runs[side].small.push(await sample(run, side, GROWTH_SMALL))
      runs[side].large.push(await sample(run, side, GROWTH_LARGE))
    }
  }
  return runs
}

function growth(title: string, runs: Runs): Growth {
  const side = (times: Runs[Side]): GrowthSide => {
    const smallMs = median(times.small)
    const largeMs = median(times.large)
    return { smallMs, largeMs, ratio: largeMs / smallMs }
  }
  return { title, gino: side(runs.gino), raw: side(runs.raw) }
}

/**
 * The same operations on GROWTH_SMALL and on GROWTH_LARGE rows: workload 6's bulk insert
 * (gino-ts `insertMany`; raw multi-row INSERTs in a transaction, RETURNING id), then
 * reading the rows back (gino-ts `db.all` into instances, with and without a LIMIT; raw
 * `query`). The raw side shows what the database itself adds as tables and results grow.
 */
export async function measureGrowth(backend: Backend): Promise<Growth[]> {
  const { db, raw } = backend
  const { Item } = backend.models
  const rows: Record<number, ItemRow[]> = {
    [GROWTH_SMALL]: itemRows(GROWTH_SMALL),
    [GROWTH_LARGE]: itemRows(GROWTH_LARGE),
  }
  const truncate = 'TRUNCATE bench_items RESTART IDENTITY'

  await backend.settle()
  const inserts = await rounds(async (side, count) => {
    const items = rows[count]!
    if (side === 'gino') {
      await backend.ginoExec(truncate)
      return timed(() => Item.insertMany(items, { chunkSize: BULK_CHUNK }))
    }
    await backend.rawExec(truncate)
    return timed(() =>
      raw.transaction(async (query) => {
        for (const chunk of chunks(items, BULK_CHUNK)) {
          const { sql, parameters } = multiRowInsert('bench_items', ITEM_COLUMNS, chunk, 'id')
          await query(sql, parameters)
        }
      }),
    )
  })

  // Each side's table now holds GROWTH_LARGE rows (the same table on a server).
  await backend.settle()
  const reads = await rounds((side, count) => {
    const limited = count < GROWTH_LARGE
    return timed(async () => {
      const found =
        side === 'gino'
          ? await db.all(limited ? Item.query.limit(count) : Item.query)
          : (
              await raw.query(
                `SELECT id, sku, qty, price, note FROM bench_items${limited ? ` LIMIT ${count}` : ''}`,
              )
            ).rows
      if (found.length !== count) throw new Error(`growth: ${found.length} rows read, not ${count}`)
    })
  })
  await backend.ginoExec(truncate)
  await backend.rawExec(truncate)
  return [growth('insertMany (raw: multi-row INSERTs)', inserts), growth('reading the rows (gino-ts: into instances)', reads)]
}
