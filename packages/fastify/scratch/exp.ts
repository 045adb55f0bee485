import Fastify from 'fastify'
import { Gino } from '@gino-ts/core'
import { fastifyGino } from '../src/index.js'
const db = new Gino()
const app = Fastify({ logger: false })
await app.register(fastifyGino, { db, dsn: 'postgres://postgres@127.0.0.1:5432/test', poolMinSize: 0 })
app.post('/pids', async (request) => {
  const a = await request.db.scalar('SELECT pg_backend_pid()')
  await new Promise((r) => setTimeout(r, 10))
  const b = await db.scalar('SELECT pg_backend_pid()')
  return { a, b, body: request.body }
})
app.get('/pids', async () => {
  const a = await db.scalar('SELECT pg_backend_pid()')
  const b = await db.scalar('SELECT pg_backend_pid()')
  return { a, b }
})
app.get('/tx', { config: { gino: { transaction: true } } }, async () => {
  return { tx: await db.scalar('SELECT now() = statement_timestamp()') , xid: await db.scalar('SELECT txid_current_if_assigned()'), inTx: await db.scalar("SELECT current_setting('transaction_isolation')")}
})
await app.listen({ port: 0, host: '127.0.0.1' })
const port = (app.server.address() as { port: number }).port
const r1 = await fetch(`http://127.0.0.1:${port}/pids`, { method: 'POST', body: JSON.stringify({ x: 1 }), headers: { 'content-type': 'application/json' } })
console.log(await r1.json())
const rs = await Promise.all([1,2,3,4,5].map(() => fetch(`http://127.0.0.1:${port}/pids`).then(r => r.json())))
console.log(rs)
console.log(await (await fetch(`http://127.0.0.1:${port}/tx`)).json())
console.log(db.bind.stats)
await app.close()
console.log('closed', db.isBound)
