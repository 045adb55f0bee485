import { openServer } from './backends.js'
import { workloads } from './workloads.js'
const backend = await openServer()
const w = workloads(backend).find((x) => x.title.startsWith(process.argv[2] + '.'))!
const SETTLE = Number(process.env.SETTLE ?? 0)
const gc = (globalThis as any).gc
async function round(side: 'gino'|'raw'|'prepared', ms: number, doGc: boolean) {
  if (doGc) gc?.()
  await w.beforeRound?.(side)
  { const s0 = performance.now(); let k = 0; while (performance.now() < s0 + SETTLE) await w[side]!(100000 + k++) }
  const t0 = performance.now(); let n = 0; const c0 = process.cpuUsage()
  while (performance.now() < t0 + ms) { await w[side]!(n++) }
  const c = process.cpuUsage(c0)
  return [n / ((performance.now() - t0) / 1000), (c.user + c.system) / n]
}
for (const ms of [200]) for (const doGc of [true, false]) {
  const out: string[] = []
  for (let r = 0; r < 4; r++) for (const side of ['gino', 'raw', 'prepared'] as const) {
    const [rate, cpu] = await round(side, ms, doGc); out.push(`${side[0]}:${rate.toFixed(0)}/${cpu.toFixed(0)}`)
  }
  console.log(ms, doGc, out.join(' '))
}
await backend.close()
