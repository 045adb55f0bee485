/**
 * The admin as each demo mounts it (ADMIN_TOKEN set): behind its token, beside the JSON API,
 * writing through the same models. On a database of the test server named per run when the
 * server answers, else on PGlite in memory.
 */
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppFactory, DemoHarness } from './harness.js'
import { createDatabase, dropDatabase, probeServer, serverUrl } from './server-databases.js'

const TOKEN = 'demo-admin-token-0123456789abcdef'

export function adminSuite(name: string, factory: AppFactory): void {
  const database = `gino_demo_admin_${name}_${process.pid}_${Date.now().toString(36)}`
  let onServer = false
  beforeAll(async () => {
    onServer = await probeServer()
    if (onServer) await createDatabase(database)
  })
  afterAll(async () => {
    if (onServer) await dropDatabase(database)
  })
  // PGlite in memory starts afresh for each app; the server's database is shared, one app at a time.
  const start = (adminToken: string | undefined): Promise<DemoHarness> =>
    factory({ dsn: onServer ? serverUrl(database) : 'pglite://', allowedDatabases: [], adminToken })

  describe(`${name}: the admin at /admin`, () => {
    let harness: DemoHarness

    beforeAll(async () => {
      harness = await start(TOKEN)
    })
    afterAll(async () => {
      await harness?.close()
    })

    it('asks for the token, then lists the users', async () => {
      const visitor = await supertest(harness.server).get('/admin/users').expect(401)
      expect(visitor.text).toContain('Admin token')
      const page = await supertest(harness.server).get('/admin/users').set('authorization', `Bearer ${TOKEN}`).expect(200)
      expect(page.text).toContain('Fantix King')
      expect(page.headers['content-security-policy']).toContain("default-src 'none'")
    })

    it('creates a user from its form (with the CSRF token) while the API still takes JSON only', async () => {
      const agent = supertest.agent(harness.server).set('authorization', `Bearer ${TOKEN}`)
      const form = await agent.get('/admin/users/_new').expect(200)
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!
      const created = await agent.post('/admin/users/_new').type('form').send({ _csrf: csrf, name: 'From the admin' }).expect(303)
      const id = /\/admin\/users\/(\d+)/.exec(created.headers.location!)![1]
      const user = await supertest(harness.server).get(`/users/${id}`).expect(200)
      expect(user.body).toMatchObject({ name: 'From the admin' })
      await supertest(harness.server).post('/users').type('form').send({ name: 'x' }).expect(415)
    })
  })

  describe(`${name}: without ADMIN_TOKEN`, () => {
    let harness: DemoHarness

    beforeAll(async () => {
      harness = await start(undefined)
    })
    afterAll(async () => {
      await harness?.close()
    })

    it('mounts no admin: /admin and its pages are not found, even with a token', async () => {
      for (const path of ['/admin', '/admin/', '/admin/users', '/admin/_assets/admin.css']) {
        const response = await supertest(harness.server).get(path).set('authorization', `Bearer ${TOKEN}`).expect(404)
        expect(response.text, path).not.toContain('Admin token')
      }
      await supertest(harness.server).get('/users/1').expect(200)
    })
  })
}
