import { describe, expect, it } from 'vitest'
import { chunkRows } from '../../src/crud/bulk-insert.js'
import { column, Gino, sql } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

describeEachDriver('bulk insert and upsert', (driver) => {
  const db = new Gino()
  const statements: string[] = []
  // 100,000 rows on the server (5 statements); PGlite runs in-process on the test's own
  // thread (about 6 s for 100,000), so it proves the same chunking with 30,000 rows
  // (2 statements) to keep the suite fast.
  const BULK = driver.name === 'pg' ? 100_000 : 30_000

  class User extends db.model('mdl_bulk_users', {
    id: column.serial().primaryKey(),
    name: column.text().notNull(),
    email: column.text().unique(),
    visits: column.integer().notNull().default(0),
    createdAt: column
      .timestamptz()
      .notNull()
      .serverDefault(sql`now()`)
      .named('created_at'),
  }) {}

  const Tag = db.model('mdl_bulk_tags', {
    id: column.serial().primaryKey(),
    label: column.text().notNull(),
    position: column.integer().notNull(),
    kind: column.text().notNull().default('tag'),
  })

  useModels(db, driver, { echo: (entry) => statements.push(entry.sql) })

  it('inserts many rows in one statement and returns instances with ids, in order', async () => {
    const names = ['Austin', 'Ali', 'Jeff', 'Marissa']
    statements.length = 0
    const users = await User.insertMany(names.map((name) => ({ name })))
    // One array per column, and only what the server fills in is read back.
    expect(statements.filter((s) => s.startsWith('insert'))).toEqual([
      'insert into "mdl_bulk_users" ("name", "visits") select * from unnest($1::text[], $2::integer[]) ' +
        'returning "id", "email", "created_at"',
    ])
    expect(users.map((u) => u.name)).toEqual(names)
    expect(users.every((u) => u instanceof User && u.id > 0 && u.createdAt instanceof Date)).toBe(
      true,
    )
    expect(new Set(users.map((u) => u.id)).size).toBe(4)
    expect(users.map((u) => [u.email, u.visits])).toEqual(names.map(() => [null, 0]))
  })

  it('the FAQ form is plain Kysely: db.all(User.insert.values(rows).returningAll())', async () => {
    // JS defaults (visits) belong to create()/insertMany(); plain Kysely must give them.
    const rows = await db.all(
      User.insert
        .values([
          { name: 'x', visits: 0 },
          { name: 'y', visits: 0 },
        ])
        .returningAll(),
    )
    expect(rows.map((row) => row.name)).toEqual(['x', 'y'])
    expect(typeof rows[0]?.id).toBe('number')
  })

  it('rows may give different columns: the missing ones take their defaults', async () => {
    const users = await User.insertMany([
      { name: 'a', visits: 3 },
      { name: 'b', email: 'b@x' },
    ])
    expect(users.map((u) => [u.visits, u.email])).toEqual([
      [3, null],
      [0, 'b@x'],
    ])
  })

  it(`inserts ${BULK} rows in one statement of three parameters (an array per column), returning every id`, async () => {
    const rows = Array.from({ length: BULK }, (_, i) => ({ label: `t${i}`, position: i }))
    statements.length = 0
    const tags = await Tag.insertMany(rows)
    // label, position, and kind from its JS default.
    expect(statements).toEqual([
      'insert into "mdl_bulk_tags" ("label", "position", "kind") select * from unnest($1::text[], $2::integer[], $3::text[]) returning "id"',
    ])
    expect(tags).toHaveLength(BULK)
    expect(tags[0]?.label).toBe('t0')
    expect(tags[BULK - 1]).toMatchObject({ label: `t${BULK - 1}`, position: BULK - 1, kind: 'tag' })
    expect(new Set(tags.map((t) => t.id)).size).toBe(BULK)
    expect(await db.scalar(sql<{ n: number }>`SELECT count(*)::int AS n FROM mdl_bulk_tags`)).toBe(
      BULK,
    )
    await db.status(Tag.delete)
  })

  it('chunks by the number of columns, or by a chunkSize asked for', async () => {
    expect(chunkRows(1, undefined)).toBe(65_535)
    expect(chunkRows(4, undefined)).toBe(16_383)
    expect(chunkRows(4, 100)).toBe(100)
    expect(chunkRows(4, 1_000_000)).toBe(16_383)
    expect(() => chunkRows(4, 0)).toThrow(/chunkSize/)
    statements.length = 0
    const users = await User.insertMany(
      Array.from({ length: 25 }, (_, i) => ({ name: `c${i}` })),
      { chunkSize: 10 },
    )
    expect(statements.filter((s) => s.startsWith('insert'))).toHaveLength(3)
    expect(users.map((u) => u.name)).toEqual(Array.from({ length: 25 }, (_, i) => `c${i}`))
  })

  it('several chunks are one transaction: a failing chunk leaves no row', async () => {
    const before = await db.scalar(
      sql<{ n: number }>`SELECT count(*)::int AS n FROM mdl_bulk_users`,
    )
    const rows = [{ name: 'ok1', email: 'dup@x' }, { name: 'ok2' }, { name: 'bad', email: 'dup@x' }]
    await expect(User.insertMany(rows, { chunkSize: 2 })).rejects.toMatchObject({
      sqlState: '23505',
    })
    expect(await db.scalar(sql<{ n: number }>`SELECT count(*)::int AS n FROM mdl_bulk_users`)).toBe(
      before,
    )
  })

  it('insertMany() of nothing sends nothing', async () => {
    statements.length = 0
    expect(await User.insertMany([])).toEqual([])
    expect(statements).toEqual([])
  })

  it('upsert() inserts, then updates the chosen columns on conflict', async () => {
    const first = await User.upsert(
      { name: 'Old', email: 'up@x', visits: 1 },
      { conflict: ['email'], update: ['name'] },
    )
    const second = await User.upsert(
      { name: 'New', email: 'up@x', visits: 99 },
      { conflict: ['email'], update: ['name'] },
    )
    expect(second?.id).toBe(first?.id)
    expect([second?.name, second?.visits]).toEqual(['New', 1])
  })

  it('upsert() by default updates every given column but the target', async () => {
    const first = await User.upsert({ name: 'A', email: 'all@x' }, { conflict: ['email'] })
    const second = await User.upsert(
      { name: 'B', email: 'all@x', visits: 7 },
      { conflict: ['email'] },
    )
    expect([second?.id, second?.name, second?.visits]).toEqual([first?.id, 'B', 7])
  })

  it("upsert() with update: 'nothing' skips the row and returns null", async () => {
    await User.create({ name: 'Kept', email: 'nothing@x' })
    statements.length = 0
    const skipped = await User.upsert(
      { name: 'Lost', email: 'nothing@x' },
      { conflict: ['email'], update: 'nothing' },
    )
    expect(skipped).toBeNull()
    expect(statements[0]).toMatch(/on conflict \("email"\) do nothing returning/)
    expect((await User.first((q) => q.where('email', '=', 'nothing@x')))?.name).toBe('Kept')
  })

  it('upsert() takes a constraint name as the target', async () => {
    await User.create({ name: 'C1', email: 'c@x' })
    const updated = await User.upsert(
      { name: 'C2', email: 'c@x' },
      { conflict: { constraint: 'mdl_bulk_users_email_key' }, update: ['name'] },
    )
    expect(updated?.name).toBe('C2')
  })

  it('insertMany() with onConflict is a bulk upsert', async () => {
    await User.insertMany([{ name: 'm1', email: 'm1@x' }])
    const rows = await User.insertMany(
      [
        { name: 'M1', email: 'm1@x' },
        { name: 'M2', email: 'm2@x' },
      ],
      { onConflict: { conflict: ['email'], update: ['name'] } },
    )
    expect(rows.map((u) => u.name)).toEqual(['M1', 'M2'])
  })
})

describe('bulk insert SQL', () => {
  it('compiles an upsert as INSERT ... ON CONFLICT DO UPDATE SET col = excluded.col', () => {
    const db = new Gino()
    const User = db.model('mdl_bulk_sql', {
      id: column.serial().primaryKey(),
      email: column.text(),
      name: column.text(),
    })
    const query = User.insert
      .values({ email: 'e', name: 'n' })
      .onConflict((oc) =>
        oc.column('email').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
      )
    expect(db.compile(query).sql).toBe(
      'insert into "mdl_bulk_sql" ("email", "name") values ($1, $2) on conflict ("email") do update set "name" = "excluded"."name"',
    )
  })
})
