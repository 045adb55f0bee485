import { check, column, type EchoEntry, foreignKey, Gino, prop, sql, unique } from '@gino-ts/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AdminInputError, AdminNotFoundError, createAdminData, type AdminData } from '../../src/data/index.js'
import { DRIVERS, type TestDatabase } from './support/databases.js'

const db = new Gino()

class Author extends db.model('adm_authors', {
  id: column.serial().primaryKey(),
  name: column.varchar(40).notNull(),
  email: column.text().notNull().unique(),
  bio: column.text(),
  active: column.boolean().notNull().serverDefault(true),
  mood: column.enum('adm_mood', ['calm', 'busy']).notNull().default('calm'),
  createdAt: column.timestamptz().notNull().named('created_at').serverDefault(sql`now()`),
  secret: column.text(),
}) {}

class Book extends db.model(
  'adm_books',
  {
    id: column.serial().primaryKey(),
    authorId: column.integer().notNull().named('author_id').references(() => Author.columns.id),
    title: column.text().notNull(),
    price: column.numeric(8, 2).notNull().check(sql`price >= 0`),
    pages: column.integer(),
    big: column.bigint(),
    meta: column.jsonb(),
    published: column.date(),
  },
  {
    uniques: [unique('authorId', 'title')],
    checks: [check('adm_books_pages_positive', sql`pages > 0`)],
  },
) {}

class Shelf extends db.model('adm_shelves', {
  room: column.integer().primaryKey(),
  slot: column.smallint().primaryKey(),
  label: column.text().notNull(),
  bookId: column.integer().named('book_id').references(() => Book.columns.id),
}) {}

class Note extends db.model(
  'adm_notes',
  {
    id: column.serial().primaryKey(),
    room: column.integer().notNull(),
    slot: column.smallint().notNull(),
    body: column.text(),
  },
  { foreignKeys: [foreignKey('room', 'slot').references(() => Shelf, ['room', 'slot'])] },
) {}

class Tag extends db.model('adm_tags', {
  slug: column.text().primaryKey(),
  title: column.text(),
}) {}

class Gadget extends db.model(
  'adm_gadgets',
  {
    id: column.uuid().primaryKey().serverDefault(sql`gen_random_uuid()`),
    size: column.smallint(),
    ratio: column.double(),
    seenAt: column.timestamp().named('seen_at'),
    opensAt: column.time().named('opens_at'),
    tags: column.array(column.text()),
    profile: column.jsonb().notNull().serverDefault(sql`'{}'::jsonb`),
  },
  { properties: { age: prop.integer(), nick: prop.string(), born: prop.datetime() } },
) {}

class Category extends db.model('adm_categories', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
  parentId: column.integer().named('parent_id').references('adm_categories.id'),
}) {}

const HOSTILE = ['<script>alert(1)</script>', '"onmouseover=alert(1) x="', '100% _real_', 'back\\slash']

function fieldOf(data: AdminData, model: string, name: string) {
  return data.model(model)!.fields.find((field) => field.name === name)
}

describe('describing models', () => {
  const data = createAdminData(db, {
    models: {
      adm_authors: { hidden: ['secret'], readOnly: ['bio'], label: (row) => `${String(row.name)} <${String(row.email)}>` },
      adm_books: { title: 'Books' },
    },
  })

  it('describes every model, its kinds, labels and keys', () => {
    expect(data.models.map((model) => model.name)).toEqual(['adm_authors', 'adm_books', 'adm_shelves', 'adm_notes', 'adm_tags', 'adm_gadgets', 'adm_categories'])
    const authors = data.model('adm_authors')!
    expect(authors.label).toBe('Adm authors')
    expect(data.model('adm_books')!.label).toBe('Books')
    expect(authors.primaryKey).toEqual(['id'])
    expect(authors.fields.map((field) => [field.name, field.kind])).toEqual([
      ['id', 'integer'],
      ['name', 'text'],
      ['email', 'text'],
      ['bio', 'text'],
      ['active', 'boolean'],
      ['mood', 'enum'],
      ['createdAt', 'timestamptz'],
    ])
    expect(fieldOf(data, 'adm_authors', 'createdAt')).toMatchObject({ label: 'Created at', hasDefault: true, readOnly: true, editable: { create: true, update: false } })
    expect(fieldOf(data, 'adm_authors', 'id')).toMatchObject({ readOnly: true, primaryKey: true, editable: { create: false, update: false } })
    expect(fieldOf(data, 'adm_authors', 'bio')).toMatchObject({ readOnly: true, nullable: true })
    expect(fieldOf(data, 'adm_authors', 'name')).toMatchObject({ maxLength: 40, nullable: false, readOnly: false })
    expect(fieldOf(data, 'adm_authors', 'mood')).toMatchObject({ enumValues: ['calm', 'busy'], hasDefault: true })
    expect(fieldOf(data, 'adm_books', 'price')).toMatchObject({ kind: 'numeric', indexed: false })
    expect(fieldOf(data, 'adm_books', 'authorId')?.indexed).toBe(true) // unique (authorId, title)
    expect(fieldOf(data, 'adm_authors', 'email')?.indexed).toBe(true)
    expect(fieldOf(data, 'adm_books', 'big')?.kind).toBe('bigint')
    expect(fieldOf(data, 'adm_books', 'meta')).toMatchObject({ kind: 'json', sortable: false })
    expect(fieldOf(data, 'adm_books', 'published')?.kind).toBe('date')
    expect(fieldOf(data, 'adm_shelves', 'slot')).toMatchObject({ primaryKey: true, editable: { create: true, update: false } })
    expect(data.model('adm_gadgets')!.fields.map((field) => [field.name, field.kind, field.source])).toEqual([
      ['id', 'uuid', 'column'],
      ['size', 'integer', 'column'],
      ['ratio', 'float', 'column'],
      ['seenAt', 'timestamp', 'column'],
      ['opensAt', 'time', 'column'],
      ['tags', 'array', 'column'],
      ['profile', 'json', 'column'],
      ['age', 'integer', 'property'],
      ['nick', 'text', 'property'],
      ['born', 'timestamptz', 'property'],
    ])
    // The JSON column of the properties is written through them.
    expect(fieldOf(data, 'adm_gadgets', 'profile')).toMatchObject({ readOnly: true, editable: { create: false, update: false } })
    expect(fieldOf(data, 'adm_gadgets', 'id')).toMatchObject({ hasDefault: true, editable: { create: true, update: false } })
    expect(authors.searchFields).toEqual(['name', 'email', 'bio'])
    expect(authors.listFields).not.toContain('secret')
  })

  it('gives relations in both directions, composite ones included', () => {
    expect(fieldOf(data, 'adm_books', 'authorId')?.references).toEqual({ model: 'adm_authors', field: 'id' })
    expect(data.model('adm_authors')!.incoming).toEqual([
      { fromModel: 'adm_books', fromFields: ['authorId'], toModel: 'adm_authors', toFields: ['id'] },
    ])
    expect(data.model('adm_shelves')!.incoming).toEqual([
      { fromModel: 'adm_notes', fromFields: ['room', 'slot'], toModel: 'adm_shelves', toFields: ['room', 'slot'] },
    ])
    expect(data.model('adm_shelves')!.outgoing.map((relation) => relation.toModel)).toEqual(['adm_books'])
  })

  it('refuses options naming unknown fields or models', () => {
    expect(() => createAdminData(db, { models: { adm_authors: { list: ['nope'] } } })).toThrow(/nope/)
    expect(() => createAdminData(db, { models: { nope: {} } })).toThrow(/nope/)
    expect(() => createAdminData(db, { models: { adm_authors: { search: ['id'] } } })).toThrow(/not a text column/)
  })
})

describe.each(DRIVERS)('the admin data layer on %s', (_name, open) => {
  let database: TestDatabase
  let data: AdminData
  let ann: Author
  let bob: Author
  const statements: EchoEntry[] = []

  beforeAll(async () => {
    database = await open()
    await db.setBind(database.dsn, { echo: (entry) => statements.push(entry) })
    await db.dropAll()
    await db.createAll()
    data = createAdminData(db, { models: { adm_authors: { hidden: ['secret'] } }, pageSize: 3 })
    ann = await Author.create({ name: 'Ann', email: 'ann@example.com', secret: 's1' })
    bob = await Author.create({ name: 'Bob', email: 'bob@example.com', bio: 'writes', mood: 'busy' })
    for (let i = 1; i <= 7; i++) {
      await Book.create({ authorId: i % 2 === 0 ? bob.id : ann.id, title: `Book ${i}`, price: `${i}.50`, pages: i * 10, published: `2024-05-0${i}` })
    }
    await Shelf.create({ room: 1, slot: 2, label: 'top', bookId: 1 })
    await Note.create({ room: 1, slot: 2, body: 'dusty' })
  })
  afterAll(async () => {
    await db.dropAll()
    await db.popBind()?.close()
    await database.drop()
  })

  it('lists a first page with an exact total and pages forward and back by keyset', async () => {
    const first = await data.list('adm_books', {})
    expect(first.rows.map((row) => row.row.title)).toEqual(['Book 1', 'Book 2', 'Book 3'])
    expect(first.total).toEqual({ count: 7, estimate: false })
    expect(first.previous).toBeUndefined()
    const second = await data.list('adm_books', { cursor: first.next! })
    expect(second.rows.map((row) => row.row.title)).toEqual(['Book 4', 'Book 5', 'Book 6'])
    const third = await data.list('adm_books', { cursor: second.next! })
    expect(third.rows.map((row) => row.row.title)).toEqual(['Book 7'])
    expect(third.next).toBeUndefined()
    const back = await data.list('adm_books', { cursor: third.previous! })
    expect(back.rows.map((row) => row.row.title)).toEqual(['Book 4', 'Book 5', 'Book 6'])
    const start = await data.list('adm_books', { cursor: back.previous! })
    expect(start.rows.map((row) => row.row.title)).toEqual(['Book 1', 'Book 2', 'Book 3'])
    expect(start.previous).toBeUndefined()
  })

  it('counts exactly up to exactCountUpTo rows, then gives an estimate flagged as such', async () => {
    const capped = createAdminData(db, { exactCountUpTo: 3, pageSize: 2 })
    const all = await capped.list('adm_books', {})
    expect(all.total?.estimate).toBe(true)
    expect(all.total!.count).toBeGreaterThan(0)
    expect((await capped.list('adm_books', { filters: { pages: '<=30' } })).total).toEqual({ count: 3, estimate: false })
    expect((await capped.list('adm_books', { filters: { pages: '<=40' } })).total?.estimate).toBe(true)
    // What fits on the first page is counted.
    expect((await capped.list('adm_books', { filters: { pages: '>=60' } })).total).toEqual({ count: 2, estimate: false })
  })

  it('sorts by a column with the key as tie breaker, descending too, across pages', async () => {
    const sort = { field: 'authorId', direction: 'desc' } as const
    const first = await data.list('adm_books', { sort })
    const second = await data.list('adm_books', { sort, cursor: first.next! })
    const third = await data.list('adm_books', { sort, cursor: second.next! })
    const ids = [...first.rows, ...second.rows, ...third.rows].map((row) => row.row.id)
    expect(ids).toEqual([6, 4, 2, 7, 5, 3, 1])
    // A nullable column pages by offset.
    const bios = await data.list('adm_authors', { sort: { field: 'bio', direction: 'asc' }, limit: 1 })
    const next = await data.list('adm_authors', { sort: { field: 'bio', direction: 'asc' }, limit: 1, cursor: bios.next! })
    expect([bios.rows[0]!.row.name, next.rows[0]!.row.name]).toEqual(['Bob', 'Ann'])
    expect(next.next).toBeUndefined()
    const again = await data.list('adm_authors', { sort: { field: 'bio', direction: 'asc' }, limit: 1, cursor: next.previous! })
    expect(again.rows[0]!.row.name).toBe('Bob')
    // Price descending, forward to the end and back to the start.
    const byPrice = { field: 'price', direction: 'desc' } as const
    const pages = [await data.list('adm_books', { sort: byPrice })]
    while (pages.at(-1)!.next !== undefined) pages.push(await data.list('adm_books', { sort: byPrice, cursor: pages.at(-1)!.next! }))
    expect(pages.map((page) => page.rows.map((row) => row.row.id))).toEqual([[7, 6, 5], [4, 3, 2], [1]])
    const back = await data.list('adm_books', { sort: byPrice, cursor: pages[2]!.previous! })
    expect(back.rows.map((row) => row.row.id)).toEqual([4, 3, 2])
  })

  it('refuses unknown sort and filter fields, hidden ones and foreign cursors', async () => {
    await expect(data.list('adm_authors', { sort: { field: 'secret', direction: 'asc' } })).rejects.toThrow(AdminInputError)
    await expect(data.list('adm_authors', { sort: { field: 'name; DROP TABLE x', direction: 'asc' } })).rejects.toThrow(AdminInputError)
    await expect(data.list('adm_authors', { filters: { secret: 's1' } })).rejects.toThrow(AdminInputError)
    await expect(data.list('adm_books', { sort: { field: 'meta', direction: 'asc' } })).rejects.toThrow(AdminInputError)
    const page = await data.list('adm_books', {})
    const [payload, tag] = page.next!.split('.')
    const forged = `${Buffer.from(JSON.stringify({ m: 'adm_books', s: 'id', d: 'asc', p: 'a', v: ['x'] })).toString('base64url')}.${tag}`
    await expect(data.list('adm_books', { cursor: forged })).rejects.toThrow(AdminInputError)
    await expect(data.list('adm_books', { cursor: `${payload}.` })).rejects.toThrow(AdminInputError)
    await expect(data.list('adm_books', { cursor: page.next!, sort: { field: 'title', direction: 'asc' } })).rejects.toThrow(AdminInputError)
    const other = createAdminData(db)
    await expect(other.list('adm_books', { cursor: page.next! })).rejects.toThrow(AdminInputError)
    await expect(data.list('nope', {})).rejects.toThrow(AdminNotFoundError)
  })

  it('filters by type: ranges, comparisons, dates, booleans, enums, null, foreign keys', async () => {
    const titles = async (filters: Record<string, string>, model = 'adm_books'): Promise<unknown[]> =>
      (await data.list(model, { filters, limit: 50 })).rows.map((row) => row.row.title ?? row.row.name)
    expect(await titles({ pages: '20..40' })).toEqual(['Book 2', 'Book 3', 'Book 4'])
    expect(await titles({ pages: '>=60' })).toEqual(['Book 6', 'Book 7'])
    expect(await titles({ pages: '<20' })).toEqual(['Book 1'])
    expect(await titles({ price: '2.5..3.5' })).toEqual(['Book 2', 'Book 3'])
    expect(await titles({ published: '2024-05-03..2024-05-04' })).toEqual(['Book 3', 'Book 4'])
    expect(await titles({ authorId: String(bob.id) })).toEqual(['Book 2', 'Book 4', 'Book 6'])
    expect(await titles({ title: 'ook 7' })).toEqual(['Book 7'])
    expect(await titles({ title: '=Book' })).toEqual([])
    expect(await titles({ meta: 'is:null', pages: '70' })).toEqual(['Book 7'])
    expect(await titles({ mood: 'busy' }, 'adm_authors')).toEqual(['Bob'])
    expect(await titles({ active: 'true' }, 'adm_authors')).toEqual(['Ann', 'Bob'])
    expect(await titles({ bio: 'not:null' }, 'adm_authors')).toEqual(['Bob'])
    const today = new Date().toISOString().slice(0, 10)
    expect(await titles({ createdAt: today }, 'adm_authors')).toEqual(['Ann', 'Bob'])
    const bad = await data.list('adm_books', { filters: { pages: 'ten', price: '1..x', mood: '' } }).catch((error: unknown) => error)
    expect(bad).toBeInstanceOf(AdminInputError) // mood is not a field of books
    const unread = await data.list('adm_books', { filters: { pages: 'ten', price: '1..x' } })
    expect(unread.rows).toEqual([])
    expect(Object.keys(unread.errors!)).toEqual(['pages', 'price'])
  })

  it('sends what a request holds as bound parameters, never as SQL', async () => {
    const hostile = "x' OR 1=1 --"
    statements.length = 0
    await data.list('adm_authors', { filters: { name: hostile, bio: `=${hostile}`, id: `>=1..${hostile}` }, search: hostile })
    await data.list('adm_authors', { filters: { name: hostile }, search: hostile, sort: { field: 'name', direction: 'desc' } })
    await data.choices('adm_authors', hostile)
    await data.create('adm_authors', { name: 'q', email: hostile })
    await data.update('adm_authors', String(ann.id), { bio: hostile })
    await data.update('adm_authors', String(ann.id), { bio: '' })
    expect(statements.length).toBeGreaterThan(4)
    for (const { sql: text } of statements) expect(text).not.toContain('1=1')
    expect(statements.some(({ parameters }) => parameters.includes(`%${hostile}%`))).toBe(true)
    expect(statements.some(({ parameters }) => parameters.includes(hostile))).toBe(true)
    await data.delete('adm_authors', [(await data.list('adm_authors', { filters: { email: `=${hostile}` } })).rows[0]!.key])
  })

  it('gets a row by key, refuses keys of the wrong shape as not found', async () => {
    const row = await data.get('adm_authors', String(ann.id))
    expect(row?.row).toMatchObject({ name: 'Ann', email: 'ann@example.com', active: true, mood: 'calm' })
    expect(row?.row).not.toHaveProperty('secret')
    expect(row?.label).toBe('Ann')
    expect(await data.get('adm_authors', '99999')).toBeUndefined()
    for (const key of ['abc', '1,2', '', '1.5', '99999999999', '%E0%A4%A', "1' OR '1'='1"])
      await expect(data.get('adm_authors', key)).rejects.toThrow(AdminNotFoundError)
    const shelf = await data.get('adm_shelves', '1,2')
    expect(shelf?.row).toMatchObject({ room: 1, slot: 2, label: 'top' })
    expect(shelf?.key).toBe('1,2')
    for (const key of ['1', '1,2,3', '1,40000', 'a,b'])
      await expect(data.get('adm_shelves', key)).rejects.toThrow(AdminNotFoundError)
  })

  it('gives related rows both ways, with the filters that list them all', async () => {
    const related = await data.related('adm_authors', String(bob.id))
    expect(related).toHaveLength(1)
    expect(related[0]).toMatchObject({ direction: 'incoming', filters: { authorId: String(bob.id) } })
    expect(related[0]!.rows.map((row) => row.label)).toEqual(['Book 2', 'Book 4', 'Book 6'])
    const shelf = await data.related('adm_shelves', '1,2')
    expect(shelf.map((item) => [item.direction, item.relation.toModel, item.rows.map((row) => row.key)])).toEqual([
      ['outgoing', 'adm_books', ['1']],
      ['incoming', 'adm_shelves', ['1']],
    ])
    expect(shelf[1]!.filters).toEqual({ room: '1', slot: '2' })
    const filtered = await data.list('adm_notes', { filters: shelf[1]!.filters })
    expect(filtered.rows.map((row) => row.row.body)).toEqual(['dusty'])
  })

  it('follows a model referring to itself both ways, saying when there are more rows', async () => {
    const root = await Category.create({ name: 'root' })
    for (let i = 0; i < 12; i++) await Category.create({ name: `child ${i}`, parentId: root.id })
    const related = await data.related('adm_categories', String(root.id))
    expect(related.map((item) => [item.direction, item.rows.length, item.more ?? false])).toEqual([
      ['outgoing', 0, false],
      ['incoming', 10, true],
    ])
    expect(related[1]!.filters).toEqual({ parentId: String(root.id) })
    const child = await data.related('adm_categories', related[1]!.rows[0]!.key)
    expect(child[0]!.rows).toEqual([{ key: String(root.id), label: 'root' }])
    expect((await data.list('adm_categories', { filters: related[1]!.filters, limit: 50 })).total).toEqual({ count: 12, estimate: false })
  })

  it('offers foreign-key choices by search text or key', async () => {
    expect((await data.choices('adm_authors', 'bo')).map((choice) => choice.label)).toEqual(['Bob'])
    expect((await data.choices('adm_authors', String(ann.id))).map((choice) => choice.key)).toEqual([String(ann.id)])
    expect(await data.choices('adm_authors', '%')).toEqual([])
    expect((await data.choices('adm_authors', '')).length).toBe(2)
    expect(await data.choices('adm_authors', 'bob', 5, 'email')).toEqual([{ key: String(bob.id), label: 'Bob', value: 'bob@example.com' }])
    await expect(data.choices('adm_authors', 'bob', 5, 'secret')).rejects.toThrow(AdminInputError)
  })

  it('creates rows from form strings through the model, refusing bad values per field', async () => {
    const refused = await data.create('adm_books', {
      authorId: 'x',
      title: '',
      price: '1e',
      pages: '3000000000',
      big: '99999999999999999999',
      meta: '{bad',
      published: '2024-02-30',
    })
    expect(refused).toEqual({
      ok: false,
      errors: {
        fields: {
          authorId: 'Enter a whole number.',
          title: 'This field is required.',
          price: 'Enter a number.',
          pages: 'Enter a whole number from -2147483648 to 2147483647.',
          big: expect.stringMatching(/^Enter a whole number from/),
          meta: 'Enter valid JSON.',
          published: 'Enter a date as YYYY-MM-DD.',
        },
      },
    })
    const made = await data.create('adm_books', {
      authorId: String(ann.id),
      title: 'Fresh',
      price: '12.30',
      pages: '',
      big: '9223372036854775807',
      meta: '{"a":[1,"<b>"]}',
      published: '2024-02-29',
      id: '999',
    })
    expect(made.ok).toBe(true)
    const key = (made as { key: string }).key
    expect(key).not.toBe('999')
    const row = (await data.get('adm_books', key))!.row
    expect(row).toMatchObject({ title: 'Fresh', price: '12.30', pages: null, big: '9223372036854775807', meta: { a: [1, '<b>'] }, published: '2024-02-29' })
    const author = await data.create('adm_authors', { name: 'Cy', email: 'cy@example.com', mood: 'busy' })
    expect(author.ok).toBe(true)
    const cy = (await data.get('adm_authors', (author as { key: string }).key))!.row
    expect(cy).toMatchObject({ active: false, mood: 'busy', bio: null })
    expect(cy.createdAt).toBeInstanceOf(Date)
  })

  it('maps unique, foreign key, check and length errors to their fields', async () => {
    expect(await data.create('adm_authors', { name: 'Ann 2', email: 'ann@example.com', active: 'on' })).toEqual({
      ok: false,
      errors: { fields: { email: 'This value is already used.' } },
    })
    expect(await data.create('adm_books', { authorId: String(ann.id), title: 'Book 1', price: '1' })).toEqual({
      ok: false,
      errors: { fields: { authorId: 'This combination of values is already used.', title: 'This combination of values is already used.' } },
    })
    expect(await data.create('adm_books', { authorId: '424242', title: 'Orphan', price: '1' })).toEqual({
      ok: false,
      errors: { fields: { authorId: 'No such row to refer to.' } },
    })
    expect(await data.create('adm_books', { authorId: String(ann.id), title: 'Cheap', price: '-1' })).toEqual({
      ok: false,
      errors: { fields: { price: 'This value is not allowed.' } },
    })
    const pages = await data.create('adm_books', { authorId: String(ann.id), title: 'Thin', price: '1', pages: '0' })
    expect(pages).toEqual({ ok: false, errors: { fields: {}, form: 'The values break the rule adm_books_pages_positive.' } })
    expect(await data.create('adm_books', { authorId: String(ann.id), title: 'Dear', price: '1000000' })).toEqual({
      ok: false,
      errors: { fields: { price: 'Enter a number with at most 6 digit(s) before the point.' } },
    })
    expect(await data.create('adm_authors', { name: 'x'.repeat(41), email: 'long@example.com' })).toEqual({
      ok: false,
      errors: { fields: { name: 'Enter at most 40 characters.' } },
    })
    // numeric(8, 2): 999999.999 rounds to 1000000.00, past the precision.
    expect(await data.create('adm_books', { authorId: String(ann.id), title: 'Round', price: '999999.999' })).toEqual({
      ok: false,
      errors: { fields: { price: 'This value is not valid for this field.' } },
    })
    const titleless = createAdminData(db, { models: { adm_books: { readOnly: ['title'] } } })
    expect(await titleless.create('adm_books', { authorId: String(ann.id), title: 'ignored', price: '1' })).toEqual({
      ok: false,
      errors: { fields: { title: 'This field is required.' } },
    })
    expect(await data.create('adm_shelves', { room: '1', slot: '2', label: 'again' })).toEqual({
      ok: false,
      errors: { fields: { room: 'This combination of values is already used.', slot: 'This combination of values is already used.' } },
    })
  })

  it('keeps hostile values as data, refuses NUL characters', async () => {
    for (const [index, text] of HOSTILE.entries()) {
      const made = await data.create('adm_authors', { name: `h${index}`, email: `h${index}@example.com`, bio: text })
      expect(made.ok).toBe(true)
      const row = await data.get('adm_authors', (made as { key: string }).key)
      expect(row?.row.bio).toBe(text)
      const found = await data.list('adm_authors', { search: text })
      expect(found.rows.map((item) => item.row.bio)).toEqual([text])
    }
    expect((await data.list('adm_authors', { filters: { bio: '%' } })).rows.map((row) => row.row.bio)).toEqual([HOSTILE[2]])
    expect((await data.list('adm_authors', { search: '_' })).rows.map((row) => row.row.bio)).toEqual([HOSTILE[2]])
    expect(await data.create('adm_authors', { name: 'nul', email: 'a\u0000b@example.com' })).toEqual({
      ok: false,
      errors: { fields: { email: 'NUL characters are not allowed.' } },
    })
    expect(await data.create('adm_books', { authorId: String(ann.id), title: 'j', price: '1', meta: '{"a":"\\u0000"}' })).toEqual({
      ok: false,
      errors: { fields: { meta: 'NUL characters are not allowed.' } },
    })
    const unread = await data.list('adm_authors', { search: 'a\u0000' })
    expect(unread.errors).toEqual({ search: 'NUL characters are not allowed.' })
  })

  it('updates through the instance, ignoring read-only fields; empty means null or required', async () => {
    const key = String(bob.id)
    const before = (await data.get('adm_authors', key))!.row
    const result = await data.update('adm_authors', key, { name: 'Bobby', bio: '', id: '77', createdAt: '2000-01-01T00:00', active: 'on' })
    expect(result).toEqual({ ok: true, key })
    const after = (await data.get('adm_authors', key))!.row
    expect(after).toMatchObject({ id: bob.id, name: 'Bobby', bio: null, active: true, email: 'bob@example.com' })
    expect(after.createdAt).toEqual(before.createdAt)
    expect(await data.update('adm_authors', key, { name: '', active: 'on' })).toEqual({ ok: false, errors: { fields: { name: 'This field is required.' } } })
    expect(await data.update('adm_authors', key, { email: 'ann@example.com', active: 'on' })).toEqual({
      ok: false,
      errors: { fields: { email: 'This value is already used.' } },
    })
    await expect(data.update('adm_authors', '424242', { name: 'ghost' })).rejects.toThrow(AdminNotFoundError)
    await expect(data.update('adm_authors', 'x', { name: 'ghost' })).rejects.toThrow(AdminNotFoundError)
  })

  it('addresses text keys holding URL characters and hostile text, in a URL-safe key', async () => {
    const slugs = ['a,b', 'x/y?z#w', '50%_off', '<script>alert(1)</script>', '"onmouseover=x', 'ü space']
    for (const slug of slugs) {
      const made = await data.create('adm_tags', { slug, title: slug })
      expect(made.ok).toBe(true)
      const key = (made as { key: string }).key
      expect(key).toMatch(/^[A-Za-z0-9%._~!*'()-]+$/)
      expect((await data.get('adm_tags', key))?.row).toEqual({ slug, title: slug })
    }
    expect((await Tag.get('a,b'))?.title).toBe('a,b')
    expect(await data.get('adm_tags', encodeURIComponent('a'))).toBeUndefined()
    await expect(data.get('adm_tags', 'a,b')).rejects.toThrow(AdminNotFoundError)
    const keys = (await data.list('adm_tags', { limit: 50 })).rows.map((row) => row.key)
    expect(await data.delete('adm_tags', keys)).toEqual({ ok: true, deleted: slugs.length })
  })

  it('reads and writes uuid, smallint, float, timestamp, time, arrays and JSON properties', async () => {
    const made = await data.create('adm_gadgets', {
      size: '-32768',
      ratio: '0.1',
      seenAt: '2024-05-01T10:30:15.25',
      opensAt: '09:15',
      tags: '["<b>", "a,b"]',
      age: '42',
      nick: '<i>n</i>',
      born: '2000-01-02T03:04Z',
      profile: '{"ignored": true}',
    })
    expect(made.ok).toBe(true)
    const key = (made as { key: string }).key
    expect(key).toMatch(/^[0-9a-f-]{36}$/)
    const row = (await data.get('adm_gadgets', key))!.row
    expect(row).toMatchObject({ size: -32768, ratio: 0.1, opensAt: '09:15:00', tags: ['<b>', 'a,b'], age: 42, nick: '<i>n</i>' })
    expect(row.seenAt).toEqual(new Date('2024-05-01T10:30:15.250Z'))
    expect(row.born).toEqual(new Date('2000-01-02T03:04:00Z'))
    expect(row.profile).not.toHaveProperty('ignored')
    expect(await data.create('adm_gadgets', { size: '40000', ratio: 'x', seenAt: '2024-13-01T00:00', opensAt: '25:00', tags: '{}', age: '1.5' })).toEqual({
      ok: false,
      errors: {
        fields: {
          size: 'Enter a whole number from -32768 to 32767.',
          ratio: 'Enter a number.',
          seenAt: 'Enter a date and time as YYYY-MM-DDTHH:MM[:SS].',
          opensAt: 'Enter a time as HH:MM[:SS].',
          tags: 'Enter a JSON array.',
          age: 'Enter a whole number.',
        },
      },
    })
    expect(await data.update('adm_gadgets', key, { age: '43', nick: '' })).toEqual({ ok: true, key })
    expect((await data.get('adm_gadgets', key))!.row).toMatchObject({ age: 43, nick: null, size: -32768 })
    expect((await Gadget.get(key))?.profile).toEqual({ age: 43, nick: null, born: '2000-01-02T03:04:00.000Z' })
    const filtered = async (filters: Record<string, string>): Promise<number> => (await data.list('adm_gadgets', { filters })).rows.length
    expect(await filtered({ id: key })).toBe(1)
    expect((await data.list('adm_gadgets', { filters: { seenAt: '0000-01-01T00:00' } })).errors).toHaveProperty('seenAt')
    expect(await filtered({ seenAt: '2024-05-01' })).toBe(1)
    expect(await filtered({ seenAt: '>2024-05-01' })).toBe(0)
    expect(await filtered({ opensAt: '09:00..09:30' })).toBe(1)
    expect(await filtered({ ratio: '<0.1' })).toBe(0)
    expect(await filtered({ tags: 'not:null' })).toBe(1)
    await expect(data.list('adm_gadgets', { filters: { age: '42' } })).rejects.toThrow(AdminInputError)
    await expect(data.list('adm_gadgets', { sort: { field: 'age', direction: 'asc' } })).rejects.toThrow(AdminInputError)
    const sorted = await data.list('adm_gadgets', { sort: { field: 'seenAt', direction: 'desc' } })
    expect(sorted.rows).toHaveLength(1)
    await expect(data.get('adm_gadgets', 'not-a-uuid')).rejects.toThrow(AdminNotFoundError)
  })

  it('deletes one or many rows in one transaction; a row still referred to refuses all', async () => {
    const first = await data.create('adm_authors', { name: 'D1', email: 'd1@example.com' })
    const second = await data.create('adm_authors', { name: 'D2', email: 'd2@example.com' })
    const keys = [first, second].map((made) => (made as { key: string }).key)
    const blocked = await data.delete('adm_authors', [keys[0]!, String(ann.id)])
    expect(blocked).toEqual({ ok: false, errors: { fields: {}, form: 'Other rows still refer to this row: change or delete them first.' } })
    expect(await data.get('adm_authors', keys[0]!)).toBeDefined()
    expect(await data.delete('adm_authors', keys)).toEqual({ ok: true, deleted: 2 })
    expect(await data.get('adm_authors', keys[0]!)).toBeUndefined()
    await expect(data.delete('adm_authors', ['1', 'nope'])).rejects.toThrow(AdminNotFoundError)
    expect(await data.delete('adm_notes', ['1'])).toEqual({ ok: true, deleted: 1 })
    expect(await data.delete('adm_shelves', ['1,2'])).toEqual({ ok: true, deleted: 1 })
  })
})
