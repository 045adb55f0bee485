/**
 * Summarizes a V8 .cpuprofile: self time by function and by package.
 *   npx tsx src/cpuprofile-summary.ts prof/CPU.*.cpuprofile [top]
 * (With several files, e.g. a loader thread's too, the one that ran the most pg / gino-ts code is read.)
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const args = process.argv.slice(2)
const top = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 30)
const profiles = args
  .filter((arg) => arg.endsWith('.cpuprofile'))
  .map((file) => JSON.parse(readFileSync(file, 'utf8')) as Profile)
  .map((p) => ({
    p,
    work: p.nodes.filter((n) => /node_modules\/pg|packages\/core|pglite/.test(n.callFrame.url))
      .length,
  }))
  .sort((a, b) => b.work - a.work)
  .map(({ p }) => p)
const profile = profiles[0]
if (profile === undefined) throw new Error('usage: cpuprofile-summary <file.cpuprofile>... [top]')
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const selfMicros = new Map<number, number>()
profile.samples.forEach((id, i) =>
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
)

function area(url: string): string {
  if (url === '') return '(native/idle)'
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (match) return match[1]!
  if (url.includes('/packages/core/')) return '@gino-ts/core'
  if (url.includes('/bench/')) return 'bench'
  if (url.startsWith('node:')) return 'node internals'
  return url
}

const functions = new Map<string, number>()
const areas = new Map<string, number>()
let total = 0
for (const [id, micros] of selfMicros) {
  const frame = byId.get(id)!.callFrame
  const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules|packages|bench)\//, '$1/')}:${frame.lineNumber + 1}`
  functions.set(key, (functions.get(key) ?? 0) + micros)
  areas.set(area(frame.url), (areas.get(area(frame.url)) ?? 0) + micros)
  total += micros
}
// Inclusive time: each sample counts once for every distinct function on its stack.
const parent = new Map<number, number>()
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id)
const keyOf = (node: ProfileNode): string =>
  `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(node_modules|packages|bench)\//, '$1/')}:${node.callFrame.lineNumber + 1}`
const inclusive = new Map<string, number>()
for (const [id, micros] of selfMicros) {
  const seen = new Set<string>()
  for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
    const key = keyOf(byId.get(node)!)
    if (seen.has(key)) continue
    seen.add(key)
    inclusive.set(key, (inclusive.get(key) ?? 0) + micros)
  }
}
const pct = (micros: number): string => `${((micros / total) * 100).toFixed(1).padStart(5)}%`
console.log(`total ${(total / 1e6).toFixed(2)} s sampled`)
console.log('\nby area:')
for (const [name, micros] of [...areas].sort((a, b) => b[1] - a[1]))
  console.log(`${pct(micros)}  ${name}`)
console.log('\nby function (self):')
for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${pct(micros)}  ${name}`)
}
console.log('\nby function (inclusive), gino-ts core and kysely only:')
for (const [name, micros] of [...inclusive]
  .filter(([name]) => /packages\/core|kysely/.test(name))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)) {
  console.log(`${pct(micros)}  ${name}`)
}
