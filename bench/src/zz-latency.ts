import net from 'node:net'
import { Readable } from 'node:stream'
const events: Array<[number, number]> = [] // [time, 0 write / 1 read]
let on = false
const P = net.Socket.prototype as any
const origWritev = P._writev, origWrite = P._write, origPush = Readable.prototype.push
P._writev = function (...a: unknown[]) { if (on) events.push([performance.now(), 0]); return origWritev.apply(this, a) }
P._write = function (...a: unknown[]) { if (on) events.push([performance.now(), 0]); return origWrite.apply(this, a) }
P.push = function (this: unknown, ...a: unknown[]) { if (on && a[0] !== null) events.push([performance.now(), 1]); return (origPush as any).apply(this, a) }
const { openServer } = await import('./backends.js')
const { workloads } = await import('./workloads.js')
const backend = await openServer()
const w = workloads(backend).find((x) => x.title.startsWith(process.argv[2] + '.'))!
for (const side of ['gino', 'raw', 'prepared'] as const) {
  await w.beforeRound?.(side)
  for (let i = 0; i < 2000; i++) await w[side]!(i)
  events.length = 0; on = true
  const c0 = process.cpuUsage(); const r0 = process.resourceUsage()
  const t0 = performance.now(); const n = 3000
  for (let i = 0; i < n; i++) await w[side]!(i + 5000)
  const t1 = performance.now(); on = false; const c = process.cpuUsage(c0); const r1 = process.resourceUsage()
  let think = 0, wait = 0, writes = 0, reads = 0
  for (let k = 1; k < events.length; k++) {
    const [t, kind] = events[k]!, [tp, kp] = events[k - 1]!
    if (kind === 0) writes++; else reads++
    if (kind === 0) think += t - tp; else if (kp === 0) wait += t - tp; else think += t - tp
  }
  console.log(side, `${((t1 - t0) / n * 1000).toFixed(0)} µs/op`, `think ${(think / n * 1000).toFixed(0)} µs`, `wait ${(wait / n * 1000).toFixed(0)} µs`, `cpu ${(c.user/n).toFixed(0)}u+${(c.system/n).toFixed(0)}s`, `vcsw ${((r1.voluntaryContextSwitches-r0.voluntaryContextSwitches)/n).toFixed(2)} ivcsw ${((r1.involuntaryContextSwitches-r0.involuntaryContextSwitches)/n).toFixed(2)} pf ${((r1.minorPageFault-r0.minorPageFault)/n).toFixed(2)}`, `writes ${(writes / n).toFixed(2)} reads ${(reads / n).toFixed(2)}`)
}
await backend.close()
