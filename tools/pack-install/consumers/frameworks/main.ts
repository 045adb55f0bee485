// A strict TypeScript application that installed the framework packages from their
// tarballs, with the install lines of their READMEs: each serves requests against
// PostgreSQL.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { column, Gino, type DatabaseOf } from '@gino-ts/core'
import { ginoExpress } from '@gino-ts/express'
import { fastifyGino, getOr404 } from '@gino-ts/fastify'
import { ginoKoa } from '@gino-ts/koa'
import { migrationFileName } from '@gino-ts/migrate'
import { instrumentGino } from '@gino-ts/opentelemetry'
import { modelSchemas } from '@gino-ts/schema'
import express from 'express'
import Fastify from 'fastify'
import Koa from 'koa'

const dsn = process.env.DATABASE_URL
if (dsn === undefined) throw new Error('DATABASE_URL is not set')

interface Database extends DatabaseOf<typeof Item> {}
const db: Gino<Database> = new Gino()
class Item extends db.model('items', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
}) {
  get label(): string {
    return `#${this.id} ${this.name}`
  }
}

declare module '@gino-ts/core' {
  interface GinoRegister {
    db: typeof db
  }
}

// OpenTelemetry: with no SDK registered, the API's tracer records nothing; the statements
// below still run through the instrumentation.
const instrumentation = instrumentGino()
// JSON Schemas from the model: the create body requires the name.
const schemas = modelSchemas(Item)
assert.deepEqual(schemas.create.required, ['name'])

// Fastify: the plugin binds `db`, requests run through fastify.inject.
const fastify = Fastify()
await fastify.register(fastifyGino, { db, dsn, poolMinSize: 1 })
fastify.post('/items', { schema: { body: schemas.create }, config: { gino: { transaction: true } } }, async (request, reply) => {
  const item = await Item.create({ name: (request.body as { name: string }).name })
  reply.code(201)
  return { id: item.id, label: item.label }
})
fastify.get('/items/:id', async (request) => {
  const item = await getOr404(Item, Number((request.params as { id: string }).id))
  const names = await request.db.kysely.selectFrom('items').select('name').execute()
  return { label: item.label, count: names.length }
})
await db.createAll()
const created = await fastify.inject({ method: 'POST', url: '/items', payload: { name: 'pen' } })
assert.equal(created.statusCode, 201)
// The route schema from @gino-ts/schema refuses a body without its required name.
assert.equal((await fastify.inject({ method: 'POST', url: '/items', payload: {} })).statusCode, 400)
const { id } = created.json<{ id: number }>()
assert.deepEqual((await fastify.inject(`/items/${id}`)).json(), { label: `#${id} pen`, count: 1 })
assert.equal((await fastify.inject('/items/999999')).statusCode, 404)

// Express and Koa: the same db, their own engines, served on a free port and fetched.
async function serve(
  listen: (done: () => void) => import('node:http').Server,
  path: string,
): Promise<unknown> {
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const started: import('node:http').Server = listen(() => resolve(started))
  })
  try {
    const { port } = server.address() as AddressInfo
    const response = await fetch(`http://127.0.0.1:${port}${path}`)
    assert.equal(response.status, 200)
    return await response.json()
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

await fastify.close() // unbinds db: the next integration binds it again
const app = express()
const expressGino = ginoExpress(app, { db, dsn, poolMinSize: 1 })
app.use(expressGino.middleware)
app.get('/items/:id', async (req, res) => {
  const item = await req.db.kysely
    .selectFrom('items')
    .selectAll()
    .where('id', '=', Number(req.params.id))
    .executeTakeFirst()
  res.json(item)
})
await expressGino.start()
assert.deepEqual(await serve((done) => app.listen(0, done), `/items/${id}`), { id, name: 'pen' })
await expressGino.close()

const koa = new Koa()
const koaGino = ginoKoa(koa, { db, dsn, poolMinSize: 1 })
koa.use(koaGino.middleware)
koa.use(async (ctx) => {
  ctx.body = { count: await ctx.db.scalar('SELECT count(*)::int FROM items') }
})
await koaGino.start()
assert.deepEqual(await serve((done) => koa.listen(0, done), '/'), { count: 1 })
await db.dropAll()
await koaGino.close()

assert.match(migrationFileName('create items', [], new Date(0)), /create_items/)
instrumentation.disable()
console.log('frameworks consumer: ok')
