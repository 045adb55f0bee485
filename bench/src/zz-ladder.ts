import { sql as ksql } from '@gino-ts/core'
import { openServer } from './backends.js'
import { USER_COUNT } from './config.js'
const backend = await openServer()
const { db, raw, models: { User, Post } } = backend
const bu = db.bake((p: { name: string; email: string }) => User.insert.values({ name: p.name, email: p.email }).returning(['id', 'created_at']))
const bp = db.bake((p: { userId: number; title: string }) => Post.insert.values({ user_id: p.userId, title: p.title, body: 'hello' }).returning('id'))
const variants: Record<string, (i: number) => Promise<unknown>> = {
  prepared: (i) => raw.transaction(async (q) => {
    const { rows } = await q<{ id: number }>('INSERT INTO bench_users (name, email) VALUES ($1, $2) RETURNING id, created_at', [`n${i}`, `e${i}`])
    await q('INSERT INTO bench_posts (user_id, title, body) VALUES ($1, $2, $3) RETURNING id', [rows[0]!.id, `t${i}`, 'hello'])
  }, true),
  ginoBaked: (i) => db.transaction(async () => {
    const u = await bu.one({ name: `n${i}`, email: `e${i}` })
    return bp.one({ userId: (u as any).id, title: `t${i}` })
  }),
  ginoModel: (i) => db.transaction(async () => {
    const user = await User.create({ name: `n${i}`, email: `e${i}` })
    return Post.create({ userId: user.id, title: `t${i}`, body: 'hello' })
  }),
}
import { PerformanceObserver } from 'node:perf_hooks'
let gcs = 0, gcMs = 0
new PerformanceObserver((l) => { for (const e of l.getEntries()) { gcs++; gcMs += e.duration } }).observe({ entryTypes: ['gc'] })
const N = Number(process.env.N ?? 1500)
const R = Number(process.env.R ?? 4)
for (let r = 0; r < R; r++) {
  const out: string[] = []
  for (const [name, op] of Object.entries(variants)) {
    await backend.rawExec(`DELETE FROM bench_posts WHERE user_id > ${USER_COUNT}`)
    await backend.rawExec(`DELETE FROM bench_users WHERE id > ${USER_COUNT}`)
    for (let i = 0; i < Number(process.env.W ?? 200); i++) await op(i)
    gcs = 0; gcMs = 0; const c0 = process.cpuUsage(); const t0 = performance.now()
    for (let i = 0; i < N; i++) await op(i)
    const t = (performance.now() - t0) * 1000 / N; const c = process.cpuUsage(c0)
    await new Promise((r) => setTimeout(r, 10)); out.push(`${name} ${t.toFixed(0)}µs cpu ${((c.user + c.system) / N).toFixed(0)} gc ${gcs} ${(gcMs*1000/N).toFixed(1)}µs`)
  }
  console.log(out.join(' | '))
}
await backend.close()
