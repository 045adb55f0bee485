import { readFileSync } from 'node:fs'
const p = JSON.parse(readFileSync(process.argv[2]!, 'utf8'))
const filter = process.argv[3] ?? 'gino-ts/core'
const self = new Map<number, number>()
const dt = p.timeDeltas as number[]
p.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)))
const byFn = new Map<string, number>()
let total = 0
for (const n of p.nodes) {
  const cf = n.callFrame
  if (!cf.url.includes(filter)) continue
  const key = `${cf.functionName} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber + 1}`
  const t = self.get(n.id) ?? 0
  total += t
  byFn.set(key, (byFn.get(key) ?? 0) + t)
}
console.log('total ms', (total / 1000).toFixed(0))
for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[4] ?? 40))) console.log((v / 1000).toFixed(1).padStart(8), k)
