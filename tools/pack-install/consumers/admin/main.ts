// A strict TypeScript application that installed @gino-ts/admin from its tarball with the
// install line of its README (the admin, core, and fastify): it mounts the admin on a
// Fastify server listening on a free port, against PostgreSQL, and fetches its pages and
// the stylesheet shipped in the package.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { createAdmin, type AdminOptions } from '@gino-ts/admin'
import { adminFastify } from '@gino-ts/admin/fastify'
import { column, Gino } from '@gino-ts/core'
import Fastify from 'fastify'

const dsn = process.env.DATABASE_URL
if (dsn === undefined) throw new Error('DATABASE_URL is not set')

const db = new Gino()
class Shelf extends db.model('shelves', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
  kind: column.enum('shelf_kind', ['wall', 'floor']).notNull().default('wall'),
}) {}
await db.setBind(dsn)
await db.createAll()
await Shelf.create({ name: 'Poetry <b>first</b>' })

const token = 'pack-install-admin-token-0123456789'
const options: AdminOptions = {
  db,
  authorize: { token },
  models: { shelves: { label: (row) => String(row.name) } },
}
const app = Fastify()
await app.register(adminFastify, { admin: createAdmin(options) })
await app.listen({ port: 0, host: '127.0.0.1' })
try {
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const bearer = { authorization: `Bearer ${token}` }
  assert.equal((await fetch(`${base}/admin`)).status, 401)

  const index = await fetch(`${base}/admin`, { headers: bearer })
  assert.equal(index.status, 200)
  assert.match(index.headers.get('content-security-policy') ?? '', /default-src 'none'/)
  const page = await index.text()
  assert.match(page, /href="\/admin\/shelves"/)

  const list = await fetch(`${base}/admin/shelves`, { headers: bearer })
  assert.equal(list.status, 200)
  const rows = await list.text()
  assert.match(rows, /Poetry &lt;b&gt;first&lt;\/b&gt;/)

  // The stylesheet comes from the installed package's assets/ folder.
  const href = /href="(\/admin\/_assets\/admin\.css\?v=[0-9a-f]+)"/.exec(page)?.[1]
  assert.ok(href, 'the page links its stylesheet')
  const css = await fetch(`${base}${href}`)
  assert.equal(css.status, 200)
  assert.match(css.headers.get('content-type') ?? '', /^text\/css/)
  assert.ok((await css.text()).length > 1000)
} finally {
  await app.close()
  await db.dropAll()
  await db.popBind()?.close()
}
console.log('admin consumer: ok')
