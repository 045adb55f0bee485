/**
 * `npm run bench`: every workload on a PostgreSQL server and on PGlite, gino-ts against
 * the raw driver; prints the tables and writes bench/results.md.
 *
 * For a quick look at part of it (results.md is then left alone):
 *   BENCH_ONLY=1,6b,7 BENCH_BACKENDS=server npm run bench -w @gino-ts/bench
 */
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { openPglite, openServer, type Backend } from './backends.js'
import { measure, warmUp, type Measurement } from './harness.js'
import { textTable, writeResults, type Section } from './report.js'
import { WARM_UP_MS } from './config.js'
import { measureGrowth } from './growth.js'
import { workloads } from './workloads.js'

const only = process.env.BENCH_ONLY?.split(',')
const backends = process.env.BENCH_BACKENDS?.split(',') ?? ['server', 'pglite']
const partial = only !== undefined || backends.length < 2

async function run(open: () => Promise<Backend>): Promise<Section> {
  const backend = await open()
  try {
    console.log(`\n${backend.label}: ${backend.version}`)
    const measurements: Measurement[] = []
    const all = workloads(backend).filter(
      (workload) => only === undefined || only.some((key) => workload.title.startsWith(`${key}.`)),
    )
    await warmUp(all, WARM_UP_MS)
    for (const workload of all) {
      const m = await measure(workload, () => backend.settle())
      console.log(
        `  ${m.title}: gino ${m.gino.toFixed(1)} ops/s, raw ${m.raw.toFixed(1)} ops/s, ratio ${m.ratio.toFixed(2)}` +
          (m.preparedRatio === undefined ? '' : `, prepared/raw ${m.preparedRatio.toFixed(2)}`) +
          ` (load ${os.loadavg()[0]!.toFixed(1)})` +
          ` (CPU/op ${m.ginoCpu.toFixed(0)} µs vs ${m.rawCpu.toFixed(0)} µs)`,
      )
      measurements.push(m)
    }
    // Skipped by a partial run that names workloads; BENCH_ONLY=growth runs it alone.
    const growth = only === undefined || only.includes('growth') ? await measureGrowth(backend) : []
    for (const g of growth) {
      console.log(
        `  growth, ${g.title}: gino ${g.gino.smallMs.toFixed(1)} → ${g.gino.largeMs.toFixed(1)} ms (${g.gino.ratio.toFixed(1)}×), ` +
          `raw ${g.raw.smallMs.toFixed(1)} → ${g.raw.largeMs.toFixed(1)} ms (${g.raw.ratio.toFixed(1)}×)`,
      )
    }
    return { label: backend.label, version: backend.version, measurements, growth }
  } finally {
    await backend.close()
  }
}

const started = performance.now()
const loadAtStart = os.loadavg()
if (!('gc' in globalThis)) console.warn('Run with --expose-gc to collect garbage before each workload.')
const sections: Section[] = []
if (backends.includes('server')) sections.push(await run(openServer))
if (backends.includes('pglite')) sections.push(await run(openPglite))
const seconds = (performance.now() - started) / 1000
console.log('')
for (const section of sections) console.log(`${textTable(section)}\n`)
if (partial) {
  console.log(`Partial run (${seconds.toFixed(0)} s): results.md not written.`)
} else {
  const results = fileURLToPath(new URL('../results.md', import.meta.url))
  await writeResults(
    results,
    fileURLToPath(new URL('../analysis.md', import.meta.url)),
    sections,
    seconds,
    loadAtStart,
  )
  console.log(`Wrote ${results} (${seconds.toFixed(0)} s)`)
}
