import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Book, db, pgliteUrl, prepareDatabase, SEED, User, visitCounts } from '../src/index.js'

describe('prepareDatabase on a persisted PGlite database', () => {
  let folder: string

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'gino-demo-'))
  })

  afterAll(async () => {
    await db.popBind()?.close()
    await rm(folder, { recursive: true, force: true })
  })

  it('creates the tables and seeds users, books and visits on the first start', async () => {
    await db.setBind(pgliteUrl(join(folder, 'main')))
    await prepareDatabase()
    expect((await User.all((q) => q.orderBy('id'))).map((user) => user.name)).toEqual(
      SEED.map((user) => user.name),
    )
    expect(await db.scalar('SELECT count(*)::int AS n FROM books')).toBe(
      SEED.reduce((n, user) => n + user.books.length, 0),
    )
    expect((await visitCounts()).map(([user, visits]) => [user.name, visits])).toEqual(
      SEED.map((user) => [user.name, user.visits]),
    )
  })

  it('seeds nothing more when run again, nor after a restart', async () => {
    await prepareDatabase()
    await db.popBind()?.close()
    await db.setBind(pgliteUrl(join(folder, 'main')))
    await prepareDatabase()
    expect(await User.all()).toHaveLength(SEED.length)
    expect(await Book.all()).toHaveLength(SEED.reduce((n, user) => n + user.books.length, 0))
  })
})
