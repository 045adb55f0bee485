import { Gino } from '@gino-ts/core'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fastifyGino } from '../src/index.js'

/** Transactional routes that answer with `reply.send()` instead of a returned value. */
describe('@gino-ts/fastify transactional routes answering with reply.send()', () => {
  const db = new Gino()
  const app = Fastify()
  const errors: unknown[] = []

  beforeAll(async () => {
    app.setErrorHandler((error, _request, reply) => {
      errors.push(error)
      return reply.code(500).send({ error: 'Internal Server Error' })
    })
    await app.register(fastifyGino, { db, dsn: 'pglite://', env: {} })
    await db.status('CREATE TABLE notes (body text)')
    const tx = { config: { gino: { transaction: true } } }
    app.post('/returned-reply', tx, async (request, reply) => {
      await request.db.status("INSERT INTO notes VALUES ('returned-reply')")
      return reply.code(201).send({ ok: true })
    })
    app.post('/sync-send', tx, (request, reply) => {
      void request.db
        .status("INSERT INTO notes VALUES ('sync-send')")
        .then(() => reply.code(201).send({ ok: true }))
    })
    await app.ready()
  })

  afterAll(() => app.close())

  it('commits once, in onSend, and answers without going through the error handler', async () => {
    for (const path of ['/returned-reply', '/sync-send']) {
      const res = await app.inject({ method: 'POST', url: path })
      expect([path, res.statusCode, res.body]).toEqual([path, 201, '{"ok":true}'])
      expect(res.json()).toEqual({ ok: true })
    }
    expect(errors).toEqual([])
    const rows = await db.all('SELECT body FROM notes ORDER BY body')
    expect(rows.map((row) => (row as { body: string }).body)).toEqual([
      'returned-reply',
      'sync-send',
    ])
  })
})
