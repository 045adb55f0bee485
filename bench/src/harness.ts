import { ROUNDS } from './config.js'

/** One operation of a side; `i` counts operations so each may pick its own key. */
export type Operation = (i: number) => Promise<unknown>

/** A workload: the same work done by gino-ts and by the raw driver. */
export interface Workload {
  readonly title: string
  readonly gino: Operation
  readonly raw: Operation
  /** Callers running operations at once (each waits for its own before the next). */
  readonly concurrency: number
  /** Wall time of one measured round of one side. */
  readonly roundMs: number
  /** Untimed work before each round of a side (e.g. emptying the insert target). */
  readonly beforeRound?: { gino(): Promise<void>; raw(): Promise<void> }
  /** Throws when the two sides' results for operation 0 differ. */
  readonly check: (gino: unknown, raw: unknown) => void
  /** Shown next to the figures (e.g. a missing feature worked around). */
  readonly note?: string
}

/** Median ops/s per side and what the rounds gave. */
export interface Measurement {
  readonly title: string
  readonly gino: number
  readonly raw: number
  /** Median over rounds of gino/raw measured side by side in the same round. */
  readonly ratio: number
  readonly ratioMin: number
  readonly ratioMax: number
  /** Median microseconds of Node.js process CPU per operation (PGlite's engine runs in-process too). */
  readonly ginoCpu: number
  readonly rawCpu: number
  readonly note: string | undefined
}

const collectGarbage = (globalThis as { gc?: () => void }).gc

function median(values: readonly number[]): number {
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
  collectGarbage?.()
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
    for (const side of ['gino', 'raw'] as const) {
      await workload.beforeRound?.[side]()
      await round(workload[side], workload.concurrency, msPerSide, { next: 1 })
    }
  }
}

/**
 * Checks that both sides return the same data, warms both up, then runs ROUNDS rounds,
 * alternating which side goes first, and reports the medians.
 */
export async function measure(workload: Workload): Promise<Measurement> {
  const { gino, raw, concurrency, roundMs, beforeRound } = workload
  await beforeRound?.gino()
  const ginoResult = await gino(0)
  await beforeRound?.raw()
  workload.check(ginoResult, await raw(0))

  const counters = { gino: { next: 1 }, raw: { next: 1 } }
  const run = async (side: 'gino' | 'raw', ms: number): Promise<RoundResult> => {
    await beforeRound?.[side]()
    return round(workload[side], concurrency, ms, counters[side])
  }
  // Warm-up, a full round each: JIT (gino-ts has more code to optimize), pools, plans.
  await run('gino', roundMs)
  await run('raw', roundMs)

  const ginoRounds: RoundResult[] = []
  const rawRounds: RoundResult[] = []
  for (let r = 0; r < ROUNDS; r++) {
    let g: RoundResult
    let w: RoundResult
    if (r % 2 === 0) {
      g = await run('gino', roundMs)
      w = await run('raw', roundMs)
    } else {
      w = await run('raw', roundMs)
      g = await run('gino', roundMs)
    }
    ginoRounds.push(g)
    rawRounds.push(w)
  }
  const ratios = ginoRounds.map((g, r) => g.rate / rawRounds[r]!.rate)
  return {
    title: workload.title,
    gino: median(ginoRounds.map((g) => g.rate)),
    raw: median(rawRounds.map((w) => w.rate)),
    ginoCpu: median(ginoRounds.map((g) => g.cpu)),
    rawCpu: median(rawRounds.map((w) => w.cpu)),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    note: workload.note,
  }
}
