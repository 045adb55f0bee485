import { expect, it } from 'vitest'
import { column, Gino, MAX_PARAMETERS, sql } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

describeEachDriver('insertMany(): unnest, returning, and the VALUES fallback', (driver) => {
  const db = new Gino()
  const statements: string[] = []
  const insertsSince = (from: number): string[] =>
    statements.slice(from).filter((s) => s.startsWith('insert'))

  const Mood = column.enum('mdl_bun_mood', ['sad', 'ok', 'happy'])

  class Thing extends db.model('mdl_bun_things', {
    id: column.serial().primaryKey(),
    name: column.varchar(40).notNull(),
    qty: column
      .integer()
      .notNull()
      .default(() => 7),
    price: column.numeric(10, 2),
    data: column.jsonb<{ a: number } | string[]>(),
    doc: column.json<unknown>(),
    mood: Mood,
    at: column.timestamptz(),
    big: column.bigint(),
    flag: column.boolean(),
    createdAt: column
      .timestamptz()
      .notNull()
      .serverDefault(sql`now()`)
      .named('created_at'),
  }) {}

  const Listed = db.model('mdl_bun_listed', {
    id: column.serial().primaryKey(),
    label: column.text().notNull(),
    tags: column.array(column.text()),
    moods: column.array(Mood),
  })

  const Blob = db.model('mdl_bun_blobs', {
    id: column.serial().primaryKey(),
    bytes: column.bytea(),
  })

  useModels(db, driver, { echo: (entry) => statements.push(entry.sql) })

  const input = [
    {
      name: 'a "quoted", {braced} \\ name',
      price: '12.50',
      data: { a: 1 },
      doc: [1, 'two', null],
      mood: 'happy' as const,
      at: new Date('2024-05-01T10:00:00.123Z'),
      big: '9007199254740993',
      flag: true,
    },
    {
      name: 'b',
      qty: 3,
      price: null,
      data: ['x', 'y'],
      doc: 'text',
      mood: null,
      at: null,
      big: null,
      flag: false,
    },
  ]

  it('json, jsonb, enum, numeric, bigint, boolean and timestamptz columns go as arrays and read back equal', async () => {
    const from = statements.length
    const plain = await Thing.insertMany(input.map((row) => ({ ...row })))
    const inserts = insertsSince(from)
    expect(inserts).toHaveLength(1)
    expect(inserts[0]).toMatch(
      /select \* from unnest\(\$1::varchar\(40\)\[\], \$2::integer\[\], .*\$5::json\[\], \$6::"mdl_bun_mood"\[\]/,
    )
    expect(inserts[0]).toMatch(/returning "id", "created_at"$/)
    const ids = plain.map((thing) => thing.id)
    const stored = await Thing.all((q) => q.where('id', 'in', ids).orderBy('id'))
    const full = await Thing.insertMany(
      input.map((row) => ({ ...row })),
      { returning: '*' },
    )
    const view = (t: Thing) => [
      t.name,
      t.qty,
      t.price,
      t.data,
      t.doc,
      t.mood,
      t.at?.getTime() ?? null,
      t.big,
      t.flag,
    ]
    expect(plain.map(view)).toEqual(stored.map(view))
    expect(full.map(view)).toEqual(stored.map(view))
    expect(
      plain.every(
        (t, i) => t instanceof Thing && t.createdAt instanceof Date && t.id === stored[i]!.id,
      ),
    ).toBe(true)
    // Every attribute is set, in the same order as a loaded instance's.
    expect(Object.keys(plain[0]!)).toEqual(Object.keys(stored[0]!))
  })

  it('chunks send one SQL text, each with its own arrays, and return the rows in input order', async () => {
    const moods = ['sad', 'ok', 'happy', null, 'ok'] as const
    const rows = moods.map((mood, i) => ({ name: `chunk ${i}`, mood, qty: i }))
    const from = statements.length
    const made = await Thing.insertMany(rows, { chunkSize: 2 })
    const inserts = insertsSince(from)
    expect(inserts).toHaveLength(3)
    expect(new Set(inserts).size).toBe(1)
    expect(statements.slice(from).some((s) => /^(begin|savepoint)/i.test(s))).toBe(true)
    const stored = await Thing.all((q) => q.where('name', 'like', 'chunk %').orderBy('id'))
    const view = (t: Thing) => [t.id, t.name, t.mood, t.qty]
    expect(made.map(view)).toEqual(stored.map(view))
    expect(made.map((t) => t.name)).toEqual(rows.map((row) => row.name))
    expect(made.every((t) => t instanceof Thing && t.createdAt instanceof Date)).toBe(true)
    expect(Object.keys(made[4]!)).toEqual(Object.keys(stored[4]!))

    // The same chunks as an upsert: the statement's own parameters follow the arrays.
    const renamed = stored.map((t) => ({ id: t.id, name: `${t.name} again`, qty: t.qty + 10 }))
    const upserted = await Thing.insertMany(renamed, {
      chunkSize: 2,
      onConflict: { conflict: ['id'], update: ['name', 'qty'] },
    })
    expect(upserted.map((t) => [t.id, t.name, t.qty, t.mood])).toEqual(
      stored.map((t) => [t.id, `${t.name} again`, t.qty + 10, t.mood]),
    )
  })

  it("returning: false reads nothing back; '*' reads the stored values", async () => {
    const from = statements.length
    const none = await Thing.insertMany([{ name: 'n1' }, { name: 'n2' }], { returning: false })
    expect(insertsSince(from)[0]).not.toMatch(/returning/)
    expect(none.map((t) => [t.name, t.qty, t.id])).toEqual([
      ['n1', 7, undefined],
      ['n2', 7, undefined],
    ])
    const star = await Thing.insertMany([{ name: 'n3', price: 2 as unknown as string }], {
      returning: '*',
    })
    expect(star[0]?.price).toBe('2.00')
  })

  it('array columns cannot go through unnest: VALUES, still one statement', async () => {
    const from = statements.length
    const rows = await Listed.insertMany([
      { label: 'x', tags: ['a', 'b,c'], moods: ['sad', 'happy'] },
      { label: 'y', tags: [], moods: null },
    ])
    const inserts = insertsSince(from)
    expect(inserts).toHaveLength(1)
    expect(inserts[0]).toMatch(/values \(\$1, \$2, \$3\), \(\$4, \$5, \$6\) returning "id"$/)
    expect(rows.map((r) => [r.label, r.tags, r.moods])).toEqual([
      ['x', ['a', 'b,c'], ['sad', 'happy']],
      ['y', [], null],
    ])
    const stored = await Listed.all((q) => q.orderBy('id'))
    expect(stored.map((r) => [r.id, r.label, r.tags, r.moods])).toEqual(
      rows.map((r) => [r.id, r.label, r.tags, r.moods]),
    )
  })

  it('VALUES chunks stay within the parameter limit, in one transaction', async () => {
    const count = 35_000
    const from = statements.length
    const rows = await Listed.insertMany(
      Array.from({ length: count }, (_, i) => ({ label: `l${i}`, tags: [`t${i}`] })),
    )
    const inserts = insertsSince(from)
    expect(inserts).toHaveLength(Math.ceil(count / Math.floor(MAX_PARAMETERS / 2)))
    expect(rows).toHaveLength(count)
    expect(rows[count - 1]).toMatchObject({ label: `l${count - 1}`, tags: [`t${count - 1}`] })
    expect(statements.slice(from).some((s) => /^(begin|savepoint)/i.test(s))).toBe(true)
    await db.status(Listed.delete)
  })

  it('bytea columns, SQL expressions and rows of different shapes take the VALUES form', async () => {
    let from = statements.length
    const blobs = await Blob.insertMany([{ bytes: new Uint8Array([1, 2, 3]) }, { bytes: null }])
    expect(insertsSince(from)[0]).toMatch(/values/)
    expect([...(blobs[0]!.bytes as Uint8Array)]).toEqual([1, 2, 3])
    from = statements.length
    const things = await Thing.insertMany([
      { name: 'e1', qty: sql<number>`40 + 2` },
      { name: 'e2', qty: 1 },
    ])
    expect(insertsSince(from)[0]).toMatch(/values \(\$1, 40 \+ 2\), \(\$2, \$3\)/)
    expect(things.map((t) => t.qty)).toEqual([42, 1])
    from = statements.length
    const mixed = await Thing.insertMany([{ name: 'm1' }, { name: 'm2', price: '1.00' }])
    expect(insertsSince(from)[0]).toMatch(/values/)
    expect(mixed.map((t) => [t.name, t.price, typeof t.id])).toEqual([
      ['m1', null, 'number'],
      ['m2', '1.00', 'number'],
    ])
  })

  it('an undefined value is not given; an unknown attribute is an error', async () => {
    const [row] = await Thing.insertMany([{ name: 'u', qty: undefined, price: undefined }])
    expect([row?.qty, row?.price]).toEqual([7, null])
    await expect(Thing.insertMany([{ name: 'x', nope: 1 } as never])).rejects.toMatchObject({
      code: 'UNKNOWN_ATTRIBUTE',
    })
    await expect(Thing.insertMany([{ name: 'x', nope: undefined } as never])).rejects.toMatchObject(
      {
        code: 'UNKNOWN_ATTRIBUTE',
      },
    )
  })

  it("onConflict reads every column back; returning: 'server' is refused there", async () => {
    await expect(
      Thing.insertMany([{ name: 'c' }], { onConflict: { conflict: ['id'] }, returning: 'server' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })
})
