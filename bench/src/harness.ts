import { ROUNDS } from './config.js'

/** One operation of a side; `i` counts operations so each may pick its own key. */
export type Operation = (i: number) => Promise<unknown>

/** A workload: the same work done by gino-ts and by the raw driver. */
export interface Workload {
  readonly title: string
  readonly gino: Operation
  readonly raw: Operation
  /** The raw driver with named prepared statements (`pg` only; PGlite has none). */
  readonly prepared?: Operation
  /** Callers running operations at once (each waits for its own before the next). */
  readonly concurrency: number
  /** Wall time of one measured round of one side. */
  readonly roundMs: number
  /** Untimed work before each round of a side (e.g. emptying the insert target). */
  readonly beforeRound?: (side: Side) => Promise<void>
  /** Throws when the two sides' results for operation 0 differ. */
  readonly check: (gino: unknown, raw: unknown) => void
  /** Shown next to the figures (e.g. a missing feature worked around). */
  readonly note?: string
}

/** Who runs a round. */
export type Side = 'gino' | 'raw' | 'prepared'

/** Median ops/s per side and what the rounds gave. */
export interface Measurement {
  readonly title: string
  readonly gino: number
  readonly raw: number
  /** Median over rounds of gino/raw measured side by side in the same round. */
  readonly ratio: number
  readonly ratioMin: number
  readonly ratioMax: number
  /** The prepared side, when the workload has one: ops/s, median ratio to raw and its spread. */
  readonly prepared: number | undefined
  readonly preparedRatio: number | undefined
  readonly preparedRatioMin: number | undefined
  readonly preparedRatioMax: number | undefined
  /** Median microseconds of Node.js process CPU per operation (PGlite's engine runs in-process too). */
  readonly ginoCpu: number
  readonly rawCpu: number
  readonly note: string | undefined
}

const collectGarbage = (globalThis as { gc?: () => void }).gc

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

interface RoundResult {
  /** Completed operations per second of wall time. */
  readonly rate: number
  /** Microseconds of this process's CPU (user + system) per operation. */
  readonly cpu: number
}

/** Runs `op` from `concurrency` callers until `ms` have passed. */
async function round(
  op: Operation,
  concurrency: number,
  ms: number,
  counter: { next: number },
): Promise<RoundResult> {
  let done = 0
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const deadline = started + ms
  const caller = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await op(counter.next++)
      done++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, caller))
  const elapsed = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  return { rate: done / elapsed, cpu: (cpu.user + cpu.system) / done }
}

/**
 * Runs every workload's two sides once for a while, unmeasured, so the JIT has seen
 * every path (gino-ts has more code to optimize than the raw side) before any round counts.
 */
export async function warmUp(workloads: readonly Workload[], msPerSide: number): Promise<void> {
  for (const workload of workloads) {
    for (const side of sidesOf(workload)) {
      await workload.beforeRound?.(side)
      await round(workload[side]!, workload.concurrency, msPerSide, { next: 1 })
      // Leave the data as the workloads before their first round expect it.
      await workload.beforeRound?.(side)
    }
  }
}

function sidesOf(workload: Workload): Side[] {
  return workload.prepared === undefined ? ['gino', 'raw'] : ['gino', 'raw', 'prepared']
}

/**
 * Checks that both sides return the same data, warms both up, then runs ROUNDS rounds,
 * alternating which side goes first, and reports the medians.
 */
export async function measure(workload: Workload, settle: () => Promise<void>): Promise<Measurement> {
  const { concurrency, roundMs, beforeRound } = workload
  const sides = sidesOf(workload)
  const first: Partial<Record<Side, unknown>> = {}
  for (const side of sides) {
    await beforeRound?.(side)
    first[side] = await workload[side]!(0)
  }
  workload.check(first.gino, first.raw)
  if (workload.prepared !== undefined) workload.check(first.prepared, first.raw)

  // Once per workload, not per round: the heap a full collection leaves behind takes
  // hundreds of milliseconds to grow back (page faults, small new space), which made every
  // side of a short round two to three times slower and the rounds far noisier.
  await settle()
  collectGarbage?.()
  const counters = { gino: { next: 1 }, raw: { next: 1 }, prepared: { next: 1 } }
  const run = async (side: Side): Promise<RoundResult> => {
    await beforeRound?.(side)
    return round(workload[side]!, concurrency, roundMs, counters[side])
  }
  // Warm-up, a full round each: JIT (gino-ts has more code to optimize), pools, plans.
  for (const side of sides) await run(side)

  const results: Record<Side, RoundResult[]> = { gino: [], raw: [], prepared: [] }
  for (let r = 0; r < ROUNDS; r++) {
    // Each side goes first, second and last equally often.
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(r + k) % sides.length]!
      results[side].push(await run(side))
    }
  }
  const rawRates = results.raw.map((w) => w.rate)
  const ratios = results.gino.map((g, r) => g.rate / rawRates[r]!)
  const preparedRatios = results.prepared.map((p, r) => p.rate / rawRates[r]!)
  const hasPrepared = preparedRatios.length > 0
  return {
    title: workload.title,
    gino: median(results.gino.map((g) => g.rate)),
    raw: median(rawRates),
    ginoCpu: median(results.gino.map((g) => g.cpu)),
    rawCpu: median(results.raw.map((w) => w.cpu)),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    prepared: hasPrepared ? median(results.prepared.map((p) => p.rate)) : undefined,
    preparedRatio: hasPrepared ? median(preparedRatios) : undefined,
    preparedRatioMin: hasPrepared ? Math.min(...preparedRatios) : undefined,
    preparedRatioMax: hasPrepared ? Math.max(...preparedRatios) : undefined,
    note: workload.note,
  }
}
