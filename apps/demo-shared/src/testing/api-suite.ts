/**
 * The HTTP API of the example apps, tested once and run by each app: on embedded PGlite
 * (in memory) and on the PostgreSQL server (a database of its own, created here).
 */
import type { Server } from 'node:http'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allowedMethods, ROUTES } from '../routes.js'
import { SEED } from '../seed.js'
import { MAX_BODY_BYTES, MAX_BULK, MAX_NAME_LENGTH } from '../validation.js'
import type { AppFactory, DemoHarness } from './harness.js'
import { createDatabase, dropDatabase, probeServer, serverUrl } from './server-databases.js'

interface UserBody {
  id: number
  name: string
}

interface BookBody {
  id: number
  title: string
  authorId: number
}

interface VisitBody {
  id: number
  userId: number
  time: string
}

interface ErrorBody {
  error: string
  code?: string
}

/** Where one run of the suite points the app. */
interface Target {
  readonly driver: 'pglite' | 'pg'
  readonly dsn: string
  readonly allowed: readonly string[]
  /** The allowed databases `/current-database` is asked for. */
  readonly opened: readonly string[]
  /** What `current_database()` reads on the default database and on an allowed one. */
  readonly dbname: (name: string | undefined) => string
}

const serverAvailable = await probeServer()

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

function apiTests(factory: AppFactory, target: Target): void {
  let harness: DemoHarness
  let listenedHere = false
  const api = () => request(harness.server)
  const byName = new Map<string, UserBody>()
  const visitsAdded = new Map<number, number>()

  async function start(): Promise<void> {
    harness = await factory({ dsn: target.dsn, allowedDatabases: target.allowed })
    listenedHere = !harness.server.listening
    if (listenedHere) await listen(harness.server)
  }

  async function stop(): Promise<void> {
    if (listenedHere && harness.server.listening) await closeServer(harness.server)
    await harness.close()
  }

  async function allUsers(): Promise<UserBody[]> {
    return (await api().get('/users?limit=100').expect(200)).body as UserBody[]
  }

  function expectError(res: request.Response, status: number): ErrorBody {
    expect(res.status, JSON.stringify(res.body)).toBe(status)
    expect(res.type).toBe('application/json')
    const body = res.body as ErrorBody
    expect(typeof body.error).toBe('string')
    return body
  }

  async function missingId(): Promise<number> {
    const users = await allUsers()
    return Math.max(...users.map((user) => user.id)) + 1000
  }

  beforeAll(start)
  afterAll(async () => {
    if (harness !== undefined) await stop()
  })

  it('GET /health answers {"ok":true}', async () => {
    const res = await api().get('/health').expect(200)
    expect(res.body).toEqual({ ok: true })
  })

  it('the first start created the tables and seeded them: GET /users lists the seed in id order', async () => {
    const users = await allUsers()
    expect(users.map((user) => user.name)).toEqual(SEED.map((user) => user.name))
    expect(Object.keys(users[0]!).sort()).toEqual(['id', 'name'])
    expect(users.map((user) => user.id)).toEqual(
      [...users.map((user) => user.id)].sort((a, b) => a - b),
    )
    for (const user of users) byName.set(user.name, user)
  })

  it('GET /users pages with limit and offset (default limit 20, offset 0)', async () => {
    const all = await allUsers()
    expect((await api().get('/users?limit=1&offset=1').expect(200)).body).toEqual([all[1]])
    expect((await api().get('/users?offset=2').expect(200)).body).toEqual(all.slice(2, 22))
    expect((await api().get('/users?limit=0').expect(200)).body).toEqual([])
    expect((await api().get('/users?limit=100&offset=1000').expect(200)).body).toEqual([])
  })

  it.each([
    'limit=-1',
    'limit=abc',
    'limit=101',
    'limit=1.5',
    'offset=-3',
    'offset=',
    'limit=1&limit=2',
  ])('GET /users?%s is a 400 with an error message', async (query) => {
    const body = expectError(await api().get(`/users?${query}`), 400)
    expect(body.error).toMatch(/limit|offset/)
  })

  it('POST /users creates a user: 201 with the row, readable at GET /users/:id', async () => {
    const res = await api().post('/users').send({ name: '  Ada Lovelace ' }).expect(201)
    const user = res.body as UserBody
    expect(user).toEqual({ id: expect.any(Number) as number, name: 'Ada Lovelace' })
    expect((await api().get(`/users/${user.id}`).expect(200)).body).toEqual(user)
  })

  it.each([
    ['no body', undefined],
    ['an empty object', {}],
    ['an empty name', { name: '  ' }],
    ['a name that is not a string', { name: 5 }],
    ['a name too long', { name: 'x'.repeat(101) }],
    ['an unknown field', { name: 'Eve', id: 1 }],
    ['an array', [{ name: 'Eve' }]],
  ])('POST /users with %s is a 400 {"error": ...}', async (_what, body) => {
    const req = api().post('/users')
    expectError(await (body === undefined ? req : req.send(body)), 400)
  })

  it('POST /users with malformed JSON is a 400 {"error": ...}', async () => {
    expectError(
      await api().post('/users').set('content-type', 'application/json').send('{"name": '),
      400,
    )
  })

  it('GET /users/:id is a 404 for a missing user, a 400 for an id that is not a positive integer', async () => {
    const notFound = expectError(await api().get(`/users/${await missingId()}`), 404)
    expect(notFound.code).toBe('NOT_FOUND')
    for (const id of ['abc', '0', '-1', '1.5']) expectError(await api().get(`/users/${id}`), 400)
  })

  it('PATCH /users/:id updates the row and answers the updated user', async () => {
    const created = (await api().post('/users').send({ name: 'Grace' }).expect(201))
      .body as UserBody
    const res = await api().patch(`/users/${created.id}`).send({ name: 'Grace Hopper' }).expect(200)
    expect(res.body).toEqual({ id: created.id, name: 'Grace Hopper' })
    expect((await api().get(`/users/${created.id}`).expect(200)).body).toEqual(res.body)
  })

  it('PATCH /users/:id is a 404 for a missing user and a 400 for a bad body', async () => {
    expectError(
      await api()
        .patch(`/users/${await missingId()}`)
        .send({ name: 'Nobody' }),
      404,
    )
    const seeded = byName.get(SEED[0].name)!
    expectError(await api().patch(`/users/${seeded.id}`).send({}), 400)
    expectError(await api().patch(`/users/${seeded.id}`).send({ name: '' }), 400)
    expectError(await api().patch(`/users/${seeded.id}`).send({ nickname: 'x' }), 400)
    expect((await api().get(`/users/${seeded.id}`).expect(200)).body).toEqual(seeded)
  })

  it('DELETE /users/:id answers 204 with no body; the user is gone, a second delete is a 404', async () => {
    const created = (await api().post('/users').send({ name: 'Temporary' }).expect(201))
      .body as UserBody
    await api().post(`/users/${created.id}/visits`).expect(201)
    const res = await api().delete(`/users/${created.id}`).expect(204)
    expect(res.text).toBe('')
    expectError(await api().get(`/users/${created.id}`), 404)
    expectError(await api().delete(`/users/${created.id}`), 404)
  })

  it('POST /users/bulk inserts every user in one go: 201 {"count", "ids"} in input order', async () => {
    const names = ['Bulk One', 'Bulk Two', 'Bulk Three']
    const res = await api()
      .post('/users/bulk')
      .send(names.map((name) => ({ name })))
      .expect(201)
    const body = res.body as { count: number; ids: number[] }
    expect(body.count).toBe(3)
    expect(body.ids).toHaveLength(3)
    expect([...body.ids].sort((a, b) => a - b)).toEqual(body.ids)
    const fetched = await Promise.all(
      body.ids.map(async (id) => (await api().get(`/users/${id}`).expect(200)).body as UserBody),
    )
    expect(fetched.map((user) => user.name)).toEqual(names)
  })

  it.each([
    ['an object', { name: 'x' }],
    ['an empty array', []],
    ['an invalid item', [{ name: 'ok' }, { name: '' }]],
    ['too many users', Array.from({ length: 1001 }, () => ({ name: 'x' }))],
  ])('POST /users/bulk with %s is a 400 and inserts nothing', async (_what, body) => {
    const before = (await allUsers()).length
    expectError(await api().post('/users/bulk').send(body), 400)
    expect((await allUsers()).length).toBe(before)
  })

  it('POST /users/:id/visits records a visit (time from the server default): 201; 404 for a missing user', async () => {
    const user = byName.get(SEED[1].name)!
    const res = await api().post(`/users/${user.id}/visits`).expect(201)
    const visit = res.body as VisitBody
    expect(visit).toEqual({
      id: expect.any(Number) as number,
      userId: user.id,
      time: expect.any(String) as string,
    })
    expect(Math.abs(Date.parse(visit.time) - Date.now())).toBeLessThan(60_000)
    visitsAdded.set(user.id, (visitsAdded.get(user.id) ?? 0) + 1)
    expectError(await api().post(`/users/${await missingId()}/visits`), 404)
  })

  it('GET /stats/visits answers every user with their visit count (a JSON number), by user id', async () => {
    const users = await allUsers()
    const seedVisits = new Map<string, number>(SEED.map((user) => [user.name, user.visits]))
    const res = await api().get('/stats/visits').expect(200)
    expect(res.body).toEqual(
      users.map((user) => ({
        user,
        visits:
          (byName.get(user.name)?.id === user.id ? (seedVisits.get(user.name) ?? 0) : 0) +
          (visitsAdded.get(user.id) ?? 0),
      })),
    )
  })

  it('GET /users/:id/books answers the user with a books array (empty when none); 404 for a missing user', async () => {
    const author = byName.get(SEED[0].name)!
    const res = await api().get(`/users/${author.id}/books`).expect(200)
    const body = res.body as UserBody & { books: BookBody[] }
    expect(body).toMatchObject(author)
    expect(body.books.map((book) => book.title)).toEqual([...SEED[0].books])
    for (const book of body.books)
      expect(book).toEqual({
        id: expect.any(Number) as number,
        title: book.title,
        authorId: author.id,
      })
    const reader = byName.get(SEED[2].name)!
    expect((await api().get(`/users/${reader.id}/books`).expect(200)).body).toEqual({
      ...reader,
      books: [],
    })
    expectError(await api().get(`/users/${await missingId()}/books`), 404)
  })

  it('GET /current-database answers the default database, or the allowed one named by ?db=', async () => {
    expect((await api().get('/current-database').expect(200)).body).toEqual({
      dbname: target.dbname(undefined),
    })
    for (const name of target.opened) {
      expect((await api().get(`/current-database?db=${name}`).expect(200)).body).toEqual({
        dbname: target.dbname(name),
      })
    }
    // Each name has an engine of its own, created on first use.
    expect(harness.integration.databases?.names().sort()).toEqual([...target.opened].sort())
  })

  it('GET /current-database?db= with a name not allowed is a 400, and opens nothing', async () => {
    const res = await api().get('/current-database?db=postgres')
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      code: 'DATABASE_NOT_ALLOWED',
      error: expect.any(String) as string,
    })
    expect(harness.integration.databases?.stats.created).toBe(target.opened.length)
  })

  it('an unknown route is a JSON 404, the same in every app (paths are case-sensitive, a trailing slash matters)', async () => {
    for (const [method, path] of [
      ['get', '/nowhere'],
      ['put', '/nowhere'],
      ['get', '/Users'],
      ['get', '/users/'],
      ['get', '/users/1/books/more'],
    ] as const) {
      const body = expectError(await api()[method](path), 404)
      expect(body.code).toBe('ROUTE_NOT_FOUND')
    }
  })

  it('a method a known route does not answer is a 405 with Allow; OPTIONS is a 204 with Allow', async () => {
    for (const [method, path, allow] of [
      ['put', '/users', 'GET, HEAD, POST'],
      ['delete', '/users', 'GET, HEAD, POST'],
      ['put', '/users/1', 'GET, HEAD, PATCH, DELETE'],
      ['post', '/users/1/books', 'GET, HEAD'],
      ['get', '/users/1/visits', 'POST'],
      ['delete', '/health', 'GET, HEAD'],
    ] as const) {
      const res = await api()[method](path)
      expect(expectError(res, 405).code).toBe('METHOD_NOT_ALLOWED')
      expect(res.headers.allow, `${method} ${path}`).toBe(allow)
    }
    // Every route of the shared list, so that an app and the list cannot drift apart.
    for (const route of ROUTES) {
      const path = route.path.replace(':id', '1')
      const allowed = allowedMethods(path)
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        if (allowed.includes(method.toUpperCase())) continue
        const res = await api()[method](path)
        expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(405)
        expect(res.headers.allow).toBe(allowed.join(', '))
      }
    }
    // HEAD is answered wherever GET is.
    expect((await api().head('/health')).status).toBe(200)
    expect((await api().head('/users/1/visits')).status).toBe(405)
    const options = await api().options('/users')
    expect(options.status).toBe(204)
    expect(options.headers.allow).toBe('GET, HEAD, POST')
  })

  it('a NUL character in a name is a 400 (PostgreSQL text cannot hold one) and writes nothing', async () => {
    const before = await allUsers()
    const seeded = byName.get(SEED[0].name)!
    for (const res of [
      await api().post('/users').send({ name: 'Nul\u0000Byte' }),
      await api().post('/users').send({ name: '\u0000' }),
      await api()
        .post('/users/bulk')
        .send([{ name: 'Fine' }, { name: 'Not\u0000fine' }]),
      await api().patch(`/users/${seeded.id}`).send({ name: 'x\u0000' }),
    ]) {
      const body = expectError(res, 400)
      expect(body.code).toBe('INVALID_REQUEST')
      expect(body.error).toMatch(/NUL/)
    }
    expect(await allUsers()).toEqual(before)
  })

  it('a body that is not JSON (an HTML form, multipart, text) is a 415 and writes nothing', async () => {
    const before = await allUsers()
    const seeded = byName.get(SEED[0].name)!
    for (const res of [
      await api().post('/users').type('form').send('name=Mallory'),
      await api().post('/users').field('name', 'Mallory'),
      await api().post('/users').set('content-type', 'text/plain').send('{"name":"Mallory"}'),
      await api().post('/users/bulk').type('form').send('name=Mallory'),
      await api().patch(`/users/${seeded.id}`).type('form').send('name=Mallory'),
    ]) {
      expect(expectError(res, 415).code).toBe('UNSUPPORTED_MEDIA_TYPE')
    }
    expect(await allUsers()).toEqual(before)
  })

  it('a body larger than MAX_BODY_BYTES is a JSON 413', async () => {
    const name = 'x'.repeat(MAX_NAME_LENGTH)
    const items = Math.ceil(MAX_BODY_BYTES / name.length) + 10
    const body = `[${Array.from({ length: items }, () => `{"name":"${name}"}`).join(',')}]`
    const res = await api().post('/users/bulk').set('content-type', 'application/json').send(body)
    expect(expectError(res, 413).code).toBe('PAYLOAD_TOO_LARGE')
  })

  // Late in the suite: it adds a thousand users.
  it('POST /users/bulk accepts the documented maximum: MAX_BULK users, names of MAX_NAME_LENGTH characters, each written as a \\uXXXX escape', async () => {
    const names = Array.from({ length: MAX_BULK }, (_, i) => `${i} `.padEnd(MAX_NAME_LENGTH, 'ü'))
    const escape = (text: string) =>
      [...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
    const body = `[${names.map((name) => `{"name":"${escape(name)}"}`).join(',')}]`
    expect(body.length).toBeGreaterThan(600_000)
    const res = await api().post('/users/bulk').set('content-type', 'application/json').send(body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const { count, ids } = res.body as { count: number; ids: number[] }
    expect(count).toBe(MAX_BULK)
    expect(
      (
        await api()
          .get(`/users/${ids[MAX_BULK - 1]}`)
          .expect(200)
      ).body,
    ).toEqual({
      id: ids[MAX_BULK - 1],
      name: names[MAX_BULK - 1],
    })
  })

  it.skipIf(target.driver === 'pglite')(
    'a restart on the same database keeps its rows and seeds nothing',
    async () => {
      const before = await allUsers()
      await stop()
      await start()
      expect(await allUsers()).toEqual(before)
    },
  )
}

// Per run, so that two runs on one server never share a database.
const runSuffix = `${process.pid}_${Date.now().toString(36)}`

/**
 * Registers the API suite of one app: once on in-memory PGlite, once on the PostgreSQL
 * server in databases `gino_demo_<key>_<run>` (plus `_a` and `_b` for `/current-database`;
 * `<run>` is unique per run, so two runs on one server never collide), created before and
 * dropped after. The server run is skipped with a warning when the
 * server is unreachable, unless CI=true (then it fails).
 *
 * @example
 * ```ts
 * apiSuite('fastify', async (options) => {
 *   const app = await buildApp(options)
 *   await app.listen({ port: 0, host: '127.0.0.1' })
 *   return { server: app.server, integration: app.gino, close: () => app.close() }
 * })
 * ```
 */
export function apiSuite(key: string, factory: AppFactory): void {
  describe(`${key} demo API [pglite]`, () => {
    apiTests(factory, {
      driver: 'pglite',
      dsn: 'pglite://',
      allowed: ['tenant_a', 'tenant_b'],
      // One is enough here: each new embedded database costs an initdb (seconds).
      opened: ['tenant_a'],
      // Each name is an embedded database of its own, and PGlite names every one "postgres".
      dbname: () => 'postgres',
    })
  })

  describe.skipIf(!serverAvailable)(`${key} demo API [pg]`, () => {
    const main = `gino_demo_${key}_${runSuffix}`
    const allowed = [`${main}_a`, `${main}_b`] as const
    beforeAll(async () => {
      for (const name of [main, ...allowed]) await createDatabase(name)
    })
    afterAll(async () => {
      for (const name of [main, ...allowed]) await dropDatabase(name)
    })
    apiTests(factory, {
      driver: 'pg',
      dsn: serverUrl(main),
      allowed,
      opened: allowed,
      dbname: (name) => name ?? main,
    })
  })
}
