import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { column, Gino, GinoError, many, sql } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

describeEachDriver('baked queries (db.bake)', (driver) => {
  const db = new Gino()
  const statements: Array<{ sql: string; parameters: readonly unknown[] }> = []

  class User extends db.model('mdl_bake_users', {
    id: column.serial().primaryKey(),
    email: column.text().notNull(),
    age: column.integer(),
    profile: column.jsonb<{ city: string }>(),
    createdAt: column
      .timestamptz()
      .notNull()
      .serverDefault(sql`now()`)
      .named('created_at'),
  }) {}

  class Post extends db.model('mdl_bake_posts', {
    id: column.serial().primaryKey(),
    userId: column
      .integer()
      .notNull()
      .references(() => User.columns.id)
      .named('user_id'),
    title: column.text().notNull(),
  }) {}

  beforeAll(async () => {
    await db.setBind(await openEngine(driver, { echo: (entry) => statements.push(entry) }))
    await db.dropAll()
    await db.createAll()
    const users = await User.insertMany(
      Array.from({ length: 20 }, (_, i) => ({ email: `u${i}@x`, age: 20 + (i % 7) })),
    )
    await Post.insertMany(
      users.flatMap((u) => [1, 2].map((n) => ({ userId: u.id, title: `${u.email}/${n}` }))),
    )
  })

  afterAll(async () => {
    await db.dropAll()
    await db.popBind()?.close()
  })

  const plain = (rows: readonly object[]) =>
    rows.map((row) => JSON.parse(JSON.stringify(row)) as unknown)

  it('a model query: the same rows as the unbaked query, as instances, one SQL text for every run', async () => {
    const build = vi.fn((p: { minAge: number; limit: number }) =>
      User.query.where('age', '>=', p.minAge).orderBy('id').limit(p.limit),
    )
    const baked = db.bake(build)
    statements.length = 0
    for (const [minAge, limit] of [
      [22, 5],
      [25, 3],
      [30, 10],
    ] as const) {
      const rows = await baked.all({ minAge, limit })
      const unbaked = await db.all(User.query.where('age', '>=', minAge).orderBy('id').limit(limit))
      expect(rows.every((row) => row instanceof User)).toBe(true)
      expect(plain(rows)).toEqual(plain(unbaked))
    }
    expect(build).toHaveBeenCalledTimes(1)
    const texts = statements.filter((_, i) => i % 2 === 0).map((s) => s.sql)
    expect(new Set(texts).size).toBe(1)
    expect(statements[0]!.parameters).toEqual([22, 5])
    expect(baked.parameterNames).toEqual(['minAge', 'limit'])
  })

  it('a loader query with many(), first/one/oneOrNone/scalar/status, and an sql tag', async () => {
    const withPosts = db.bake((p: { email: string }) =>
      User.distinct('id')
        .load({ posts: many(Post.distinct('id')) })
        .where('mdl_bake_users.email', '=', p.email)
        .orderBy('mdl_bake_posts.id'),
    )
    const [loaded] = await withPosts.all({ email: 'u3@x' })
    const [unbaked] = await db.all(
      User.distinct('id')
        .load({ posts: many(Post.distinct('id')) })
        .where('mdl_bake_users.email', '=', 'u3@x')
        .orderBy('mdl_bake_posts.id'),
    )
    expect(plain([loaded!])).toEqual(plain([unbaked!]))
    expect(loaded!.posts.map((post) => post.title)).toEqual(['u3@x/1', 'u3@x/2'])

    const byEmail = db.bake((p: { email: string }) => User.query.where('email', '=', p.email))
    expect((await byEmail.first({ email: 'u1@x' }))?.email).toBe('u1@x')
    expect((await byEmail.one({ email: 'u2@x' })).email).toBe('u2@x')
    expect(await byEmail.oneOrNone({ email: 'none' })).toBeNull()

    const count = db.bake(
      (p: { age: number }) =>
        sql<{ n: number }>`SELECT count(*)::int AS n FROM mdl_bake_users WHERE age > ${p.age}`,
    )
    expect(await count.scalar({ age: 24 })).toBe(
      await db.scalar(
        sql<{ n: number }>`SELECT count(*)::int AS n FROM mdl_bake_users WHERE age > ${24}`,
      ),
    )
    const touch = db.bake((p: { age: number; id: number }) =>
      User.update.set({ age: p.age }).where('id', '=', p.id),
    )
    expect((await touch.status({ age: 99, id: 1 })).rowCount).toBe(1)
    expect((await User.get(1))?.age).toBe(99)
  })

  it('constants stay in the statement; a missing parameter is an error without values', async () => {
    const baked = db.bake((p: { email: string }) =>
      User.query.where('email', '=', p.email).where('age', '>', 0),
    )
    expect(baked.compile({ email: 'e' }).parameters).toEqual(['e', 0])
    const error = await baked.all({} as { email: string }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GinoError)
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(String((error as Error).message)).toContain('"email"')
  })

  it('runs on another connection with { bind }, inside its transaction', async () => {
    const byId = db.bake((p: { id: number }) => User.query.where('id', '=', p.id))
    const conn = await db.acquire()
    try {
      const tx = await conn.begin()
      await conn.status(User.update.set({ age: 1 }).where('id', '=', 2))
      expect((await byId.one({ id: 2 }, { bind: conn })).age).toBe(1)
      await tx.rollback()
    } finally {
      await conn.release()
    }
    expect((await byId.one({ id: 2 })).age).not.toBe(1)
  })

  it('get, create, update().apply() and delete bake their statements once per model and shape', async () => {
    const kysely = vi.spyOn(User as unknown as { kysely(): unknown }, 'kysely')
    try {
      const made = []
      for (let i = 0; i < 3; i++)
        made.push(await User.create({ email: `c${i}@x`, profile: { city: 'x' } }))
      for (const user of made) await user.update({ age: 5 }).apply()
      for (const user of made) expect((await User.get(user.id))?.age).toBe(5)
      for (const user of made) expect((await user.delete()).rowCount).toBe(1)
      // One insert, one update, one delete baked (get bakes User.query, built once).
      expect(kysely).toHaveBeenCalledTimes(3)
      expect(made[0]!.profile).toEqual({ city: 'x' })
      expect(made[0]!.createdAt).toBeInstanceOf(Date)
    } finally {
      kysely.mockRestore()
    }
  })
})
