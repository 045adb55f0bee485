import { Gino, TO_LOADER } from '@gino-ts/core'
import { declareModels } from './models.js'
const db = new Gino()
const { User } = declareModels(db)
const meta = User.meta
const proto = User.prototype as object
const cols = meta.columns
const rows = Array.from({ length: 10000 }, (_, i) => ({ id: i, name: 'n' + i, email: 'e', age: 3, created_at: new Date() }))
function time(label: string, n: number, fn: () => unknown) {
  for (let i = 0; i < 20; i++) fn()
  const t: number[] = []
  for (let r = 0; r < 7; r++) { const s = performance.now(); for (let i = 0; i < n; i++) fn(); t.push((performance.now() - s) * 1000 / n) }
  console.log(label.padEnd(30), Math.min(...t).toFixed(0), 'µs per 10k rows')
}
const loader = User[TO_LOADER]()
time('current', 50, () => loader.load(rows, [], new Map()))
time('present-precomputed', 50, () => {
  const out = new Array(rows.length)
  const first = rows[0]!
  const present = cols.filter((c) => c.name in first)
  const names = present.map((c) => c.name)
  const attrs = present.map((c) => c.attribute)
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown>
    const inst = Object.create(proto) as Record<string, unknown>
    for (let k = 0; k < names.length; k++) inst[attrs[k]!] = row[names[k]!]
    out[i] = inst
  }
  return out
})
time('plain map', 50, () => rows.map((r) => ({ id: r.id, name: r.name, email: r.email, age: r.age, createdAt: r.created_at })))
time('plain map + setPrototypeOf', 50, () => rows.map((r) => Object.setPrototypeOf({ id: r.id, name: r.name, email: r.email, age: r.age, createdAt: r.created_at }, proto)))
const ctor = User as unknown as new () => object
time('Reflect.construct + keyed', 50, () => {
  const out = new Array(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Record<string, unknown>
    const inst = Reflect.construct(Object, [], ctor) as Record<string, unknown>
    for (const c of cols) if (c.name in row) inst[c.attribute] = row[c.name]
    out[i] = inst
  }
  return out
})
const body = `const o = Object.create(proto);\n${cols.map((c) => `o[${JSON.stringify(c.attribute)}] = row[${JSON.stringify(c.name)}];`).join('\n')}\nreturn o`
const make = new Function('proto', `return function (row) { ${body} }`)(proto) as (row: unknown) => object
time('codegen', 50, () => { const out = new Array(rows.length); for (let i = 0; i < rows.length; i++) out[i] = make(rows[i]); return out })
time('current again', 50, () => loader.load(rows, [], new Map()))
// Object.create with property descriptor-less: assign from precomputed pairs via defineProperty? try spread then setPrototypeOf via __proto__ literal
time('literal with __proto__', 50, () => rows.map((r) => ({ __proto__: proto, id: r.id, name: r.name, email: r.email, age: r.age, createdAt: r.created_at })))
