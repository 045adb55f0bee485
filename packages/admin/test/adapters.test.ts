/**
 * The three adapters on PGlite: each mounts the admin at its prefix, leaves other paths to
 * the app, reads forms (up to the size limit), and carries a create through CSRF to a redirect.
 */
import express from 'express'
import Fastify from 'fastify'
import Koa from 'koa'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminRouter } from '../src/express.js'
import { adminFastify } from '../src/fastify.js'
import { adminKoa } from '../src/koa.js'
import type { Admin } from '../src/index.js'
import { pgliteDatabase } from './support/databases.js'
import { bindModels, signedIn, testAdmin, testModels } from './support/fixture.js'
import type { Server } from 'node:http'

const models = testModels()
let close: () => Promise<void>
let admin: Admin

beforeAll(async () => {
  close = await bindModels(models, await pgliteDatabase())
  admin = testAdmin(models, { prefix: '/back-office', maxBodyBytes: 4096 }).admin
})
afterAll(() => close())

async function fastifyServer(): Promise<Server> {
  const app = Fastify()
  app.get('/', () => ({ app: true }))
  await app.register(adminFastify, { admin })
  await app.ready()
  return app.server
}

function expressServer(): express.Express {
  const app = express()
  app.use(adminRouter(admin))
  app.get('/', (_req, res) => void res.json({ app: true }))
  return app
}

function koaServer(): ReturnType<Koa['callback']> {
  const app = new Koa()
  app.use(adminKoa(admin))
  app.use((ctx) => {
    ctx.body = { app: true }
  })
  return app.callback()
}

describe.each([
  ['Fastify', fastifyServer],
  ['Express', expressServer],
  ['Koa', koaServer],
] as const)('%s adapter', (_name, server) => {
  let agent: supertest.Agent
  let csrf: string

  beforeAll(async () => {
    ;({ agent, csrf } = await signedIn(supertest.agent(await server()), '/back-office'))
  })

  it('answers below its prefix only', async () => {
    expect((await agent.get('/').expect(200)).body).toEqual({ app: true })
    const index = await agent.get('/back-office').expect(200)
    expect(index.text).toContain('href="/back-office/authors"')
    expect(index.headers['content-security-policy']).toContain("default-src 'none'")
  })

  it('creates a row from a form, and refuses it without the CSRF token', async () => {
    const name = `${_name} author`
    await agent.post('/back-office/authors/_new').type('form').send({ name, mood: 'ok' }).expect(403)
    const created = await agent.post('/back-office/authors/_new').type('form').send({ _csrf: csrf, name, mood: 'happy' }).expect(303)
    const page = await agent.get(created.headers.location!).expect(200)
    expect(page.text).toContain(`<h1>${name}</h1>`)
  })

  it('refuses a body over the limit with 413', async () => {
    await agent.post('/back-office/authors/_new').type('form').send({ _csrf: csrf, name: 'x'.repeat(5000) }).expect(413)
  })

  it('serves the stylesheet', async () => {
    const css = await agent.get('/back-office/_assets/admin.css').expect(200)
    expect(css.headers['content-type']).toMatch(/^text\/css/)
  })

  it('answers HEAD like GET, with the same headers and no body', async () => {
    for (const path of ['/back-office/authors', '/back-office/_assets/admin.css']) {
      const get = await agent.get(path).expect(200)
      const head = await agent.head(path).expect(200)
      expect(head.headers['content-type'], path).toBe(get.headers['content-type'])
      expect(head.headers['content-length'], path).toBe(get.headers['content-length'])
      expect(Number(head.headers['content-length']), path).toBeGreaterThan(0)
      expect(head.headers['cache-control'], path).toBe(get.headers['cache-control'])
      expect(head.text ?? '', path).toBe('')
    }
    // Refused like GET: no token, no page.
    const visitor = await supertest(await server()).head('/back-office/authors').expect(401)
    expect(visitor.headers['www-authenticate']).toBe('Bearer realm="admin"')
  })
})
