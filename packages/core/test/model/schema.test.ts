import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  check,
  type Engine,
  column,
  foreignKey,
  Gino,
  index,
  ModelDefinitionError,
  QueryError,
  sql,
  unique,
} from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

interface IndexRow {
  indexname: string
  indexdef: string
}

describeEachDriver('schema', (driver) => {
  // One engine per driver for the whole file (PGlite takes seconds to start).
  let engine: Engine
  const statements: string[] = []

  beforeAll(async () => {
    engine = await openEngine(driver, { echo: (entry) => statements.push(entry.sql) })
  })

  afterAll(async () => {
    await engine.close()
  })

  describe('createAll / dropAll', () => {
    const db = new Gino()

    // Declared children first: createAll must still create parents first.
    class Book extends db.model(
      'mdl_sch_books',
      {
        id: column.serial().primaryKey(),
        authorId: column
          .integer()
          .notNull()
          .named('author_id')
          .references(() => Author.columns.id, { onDelete: 'cascade' }),
        title: column.varchar(200).notNull(),
        status: column
          .enum('mdl_sch_status', ['draft', 'published'])
          .notNull()
          .default('draft')
          .index(),
        price: column
          .numeric(10, 2)
          .notNull()
          .serverDefault('0')
          .check(sql`price >= 0`),
        tags: column
          .array(column.text())
          .notNull()
          .default(() => []),
      },
      {
        indexes: [
          index('mdl_sch_books_tags').on('tags').using('gin'),
          index('mdl_sch_books_title_lower')
            .expression(sql`lower(title)`)
            .unique(),
          index('mdl_sch_books_published')
            .on('authorId')
            .where(sql`status = ${'published'}`),
        ],
        checks: [check('mdl_sch_books_title_not_blank', sql`length(trim(title)) > ${0}`)],
      },
    ) {}

    class Author extends db.model(
      'mdl_sch_authors',
      {
        id: column.serial().primaryKey(),
        firstName: column.text().notNull().named('first_name'),
        lastName: column.text().notNull().named('last_name'),
        email: column.text().notNull().unique(),
        parentId: column
          .integer()
          .named('parent_id')
          .references('mdl_sch_authors.id', { onDelete: 'set null' }),
      },
      {
        indexes: [index('index_on_name').on('first_name', 'last_name')],
      },
    ) {}

    class Edition extends db.model(
      'mdl_sch_editions',
      {
        bookId: column.integer().notNull().named('book_id'),
        number: column.integer().notNull(),
        isbn: column.char(13),
      },
      {
        primaryKey: ['bookId', 'number'],
        uniques: [unique('isbn').named('mdl_sch_editions_isbn_uq')],
        foreignKeys: [
          foreignKey('bookId')
            .references(() => Book, ['id'])
            .onDelete('cascade'),
        ],
      },
    ) {}

    class Printing extends db.model(
      'mdl_sch_printings',
      {
        id: column.serial().primaryKey(),
        bookId: column.integer().notNull().named('book_id'),
        editionNumber: column.integer().notNull().named('edition_number'),
      },
      {
        foreignKeys: [
          foreignKey('bookId', 'editionNumber')
            .references('mdl_sch_editions', ['book_id', 'number'])
            .onDelete('cascade'),
        ],
        uniques: [unique('bookId', 'editionNumber', 'id')],
      },
    ) {}

    beforeAll(async () => {
      await db.setBind(engine)
      await db.dropAll()
    })

    afterAll(async () => {
      await db.dropAll()
      db.popBind()
    })

    it('registers every model on its db, read-only, in declaration order', () => {
      expect(db.models.map((model) => model.meta.tableName)).toEqual([
        'mdl_sch_books',
        'mdl_sch_authors',
        'mdl_sch_editions',
        'mdl_sch_printings',
      ])
      expect(() => (db.models as unknown[]).push(Book)).toThrow()
    })

    it('createAll() creates the enum first, then tables in foreign-key order, then indexes', async () => {
      statements.length = 0
      await db.createAll()
      const creates = statements.filter((s) => /^create (type|table|unique index|index)/.test(s))
      const order = creates.map((s) => /"(mdl_sch_[a-z_]+)"/.exec(s)?.[1])
      expect(order.indexOf('mdl_sch_status')).toBe(0)
      expect(order.indexOf('mdl_sch_authors')).toBeLessThan(order.indexOf('mdl_sch_books'))
      expect(order.indexOf('mdl_sch_books')).toBeLessThan(order.indexOf('mdl_sch_editions'))
      expect(order.indexOf('mdl_sch_editions')).toBeLessThan(order.indexOf('mdl_sch_printings'))
      const books = statements.find((s) =>
        s.startsWith('create table if not exists "mdl_sch_books"'),
      )
      expect(books).toBe(
        'create table if not exists "mdl_sch_books" (' +
          '"id" serial primary key, ' +
          '"author_id" integer not null references "mdl_sch_authors" ("id") on delete cascade, ' +
          '"title" varchar(200) not null, ' +
          '"status" "mdl_sch_status" not null, ' +
          `"price" numeric(10, 2) default '0' not null check (price >= 0), ` +
          '"tags" text[] not null, ' +
          `constraint "mdl_sch_books_title_not_blank" check (length(trim(title)) > 0))`,
      )
    })

    it('the multi-column index is in pg_indexes', async () => {
      const rows = await db.all(
        sql<IndexRow>`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'mdl_sch_authors' ORDER BY indexname`,
      )
      const byName = Object.fromEntries(rows.map((row) => [row.indexname, row.indexdef]))
      expect(byName.index_on_name).toMatch(/USING btree \(first_name, last_name\)/)
      expect(Object.keys(byName)).toContain('mdl_sch_authors_email_key')
    })

    it('creates single-column, gin, unique expression and partial indexes', async () => {
      const rows = await db.all(
        sql<IndexRow>`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'mdl_sch_books' ORDER BY indexname`,
      )
      const byName = Object.fromEntries(rows.map((row) => [row.indexname, row.indexdef]))
      expect(byName.mdl_sch_books_status_idx).toMatch(/USING btree \(status\)/) // column.index()
      expect(byName.mdl_sch_books_tags).toMatch(/USING gin \(tags\)/)
      expect(byName.mdl_sch_books_title_lower).toMatch(
        /CREATE UNIQUE INDEX .* \(lower\(\(title\)::text\)\)/,
      )
      expect(byName.mdl_sch_books_published).toMatch(
        /WHERE \(status = 'published'::mdl_sch_status\)/,
      )
    })

    it('enforces the constraints: foreign keys with actions, checks, uniques, composite keys', async () => {
      const author = await Author.create({
        firstName: 'Ann',
        lastName: 'Lee',
        email: 'ann@example.com',
      })
      const child = await Author.create({
        firstName: 'Kid',
        lastName: 'Lee',
        email: 'kid@example.com',
        parentId: author.id,
      })
      const book = await Book.create({ authorId: child.id, title: 'Tales' })
      expect(book.price).toBe('0.00')
      expect(book.status).toBe('draft')
      await Edition.create({ bookId: book.id, number: 1, isbn: '9780000000001' })
      await Printing.create({ bookId: book.id, editionNumber: 1 })

      await expect(Book.create({ authorId: -1, title: 'orphan' })).rejects.toMatchObject({
        sqlState: '23503',
      })
      await expect(
        Book.create({ authorId: author.id, title: 'cheap', price: '-1' }),
      ).rejects.toMatchObject({ sqlState: '23514' })
      await expect(Book.create({ authorId: author.id, title: '  ' })).rejects.toMatchObject({
        constraint: 'mdl_sch_books_title_not_blank',
      })
      await expect(Book.create({ authorId: author.id, title: 'TALES' })).rejects.toMatchObject({
        sqlState: '23505',
      })
      await expect(Edition.create({ bookId: book.id, number: 1 })).rejects.toMatchObject({
        constraint: 'mdl_sch_editions_pkey',
      })
      await expect(
        Edition.create({ bookId: book.id, number: 2, isbn: '9780000000001' }),
      ).rejects.toMatchObject({
        constraint: 'mdl_sch_editions_isbn_uq',
      })
      await expect(Printing.create({ bookId: book.id, editionNumber: 9 })).rejects.toMatchObject({
        constraint: 'mdl_sch_printings_book_id_edition_number_fkey',
      })

      // Self-reference with ON DELETE SET NULL, then cascades down books → editions → printings.
      await author.delete()
      expect((await Author.get(child.id))?.parentId).toBeNull()
      await child.delete()
      expect(
        await db.scalar(sql<{ n: number }>`SELECT count(*)::int AS n FROM mdl_sch_printings`),
      ).toBe(0)
      expect(
        await db.scalar(sql<{ n: number }>`SELECT count(*)::int AS n FROM mdl_sch_editions`),
      ).toBe(0)
    })

    it('createAll() twice is harmless', async () => {
      await Author.create({ firstName: 'Stay', lastName: 'Put', email: 'stay@example.com' })
      await db.createAll()
      expect(await Author.exists((q) => q.where('email', '=', 'stay@example.com'))).toBe(true)
    })

    it('checkFirst: false fails on what exists', async () => {
      await expect(db.createAll({ checkFirst: false })).rejects.toBeInstanceOf(QueryError)
      // The failed run was one transaction: nothing half-made, everything still works.
      expect(await Author.exists()).toBe(true)
    })

    it('dropAll() drops tables in reverse order and the enum type', async () => {
      statements.length = 0
      await db.dropAll()
      const drops = statements.filter((s) => s.startsWith('drop '))
      expect(drops).toEqual([
        'drop table if exists "mdl_sch_printings"',
        'drop table if exists "mdl_sch_editions"',
        'drop table if exists "mdl_sch_books"',
        'drop table if exists "mdl_sch_authors"',
        'drop type if exists "mdl_sch_status"',
      ])
      const left = await db.scalar(
        sql<{
          n: number
        }>`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'mdl\\_sch\\_%'`,
      )
      expect(left).toBe(0)
      expect(
        await db.scalar(
          sql<{
            n: number
          }>`SELECT count(*)::int AS n FROM pg_type WHERE typname = 'mdl_sch_status'`,
        ),
      ).toBe(0)
      await db.dropAll() // harmless when already gone
    })

    it('Model.createTable() / dropTable() work on one model (with its enum)', async () => {
      await Author.createTable()
      await Book.createTable()
      await Book.createTable() // again: harmless
      const book = await Book.create({
        authorId: (await Author.create({ firstName: 'a', lastName: 'b', email: 'x@y' })).id,
        title: 't',
      })
      expect(book.id).toBeGreaterThan(0)
      await Book.dropTable()
      await Author.dropTable()
      await db.dropAll()
    })
  })

  describe('cycles and schemas', () => {
    const db = new Gino()

    // Two tables referencing each other: one foreign key is added after both exist.
    const Team = db.model('mdl_sch_teams', {
      id: column.serial().primaryKey(),
      captainId: column.integer().named('captain_id').references('mdl_sch_players.id'),
    })
    const Player = db.model('mdl_sch_players', {
      id: column.serial().primaryKey(),
      teamId: column.integer().named('team_id').references('mdl_sch_teams.id'),
    })
    const Invoice = db.model(
      'mdl_invoices',
      {
        id: column.bigserial().primaryKey(),
        teamId: column
          .integer()
          .named('team_id')
          .references(() => Team.columns.id),
        state: column
          .enum('mdl_invoice_state', ['open', 'paid'], { schema: 'mdl_billing' })
          .notNull()
          .default('open'),
      },
      { schema: 'mdl_billing', indexes: [index('mdl_invoices_state').on('state')] },
    )

    beforeAll(async () => {
      await db.setBind(engine)
      await db.dropAll()
      await db.status(db.kysely.schema.createSchema('mdl_billing').ifNotExists())
    })

    afterAll(async () => {
      await db.dropAll()
      await db.status(db.kysely.schema.dropSchema('mdl_billing').ifExists().cascade())
      db.popBind()
    })

    it('creates a foreign-key cycle with ALTER TABLE, and drops it', async () => {
      await db.createAll()
      await db.createAll()
      const team = await Team.create({})
      const player = await Player.create({ teamId: team.id })
      await team.update({ captainId: player.id }).apply()
      await expect(team.update({ captainId: -5 }).apply()).rejects.toMatchObject({
        sqlState: '23503',
      })
      await db.dropAll()
      await db.dropAll()
    })

    it('creates schema-qualified tables and enums, and queries them', async () => {
      await db.createAll()
      const team = await Team.create({})
      const invoice = await Invoice.create({ teamId: team.id })
      expect(invoice.id).toMatch(/^\d+$/)
      expect(invoice.state).toBe('open')
      await invoice.update({ state: 'paid' }).apply()
      expect((await Invoice.get(invoice.id))?.state).toBe('paid')
      expect(await db.all(Invoice.query.where('state', '=', 'paid'))).toHaveLength(1)
      expect(db.compile(Invoice.query).sql).toBe(
        'select "mdl_billing"."mdl_invoices"."id", "mdl_billing"."mdl_invoices"."team_id", "mdl_billing"."mdl_invoices"."state" from "mdl_billing"."mdl_invoices"',
      )
      const type = await db.scalar(
        sql<{
          schema: string
        }>`SELECT n.nspname AS schema FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = 'mdl_invoice_state'`,
      )
      expect(type).toBe('mdl_billing')
      await db.dropAll()
    })
  })

  describe('server defaults', () => {
    const db = new Gino()
    const tricky = "it's'); drop table x; --\\"
    const Note = db.model('mdl_sch_notes', {
      id: column.serial().primaryKey(),
      text: column.text().notNull().serverDefault(tricky),
      count: column.integer().notNull().serverDefault(3),
      flag: column.boolean().notNull().serverDefault(false),
      label: column
        .text()
        .notNull()
        .serverDefault(sql`upper(${"o'k"})`),
      nothing: column.text().serverDefault(null),
    })

    beforeAll(async () => {
      await db.setBind(engine)
      await db.dropAll()
      await db.createAll()
    })

    afterAll(async () => {
      await db.dropAll()
      db.popBind()
    })

    it('writes literal and template values as quoted SQL literals, never as SQL', async () => {
      const note = await Note.create({})
      expect(note.toDict()).toEqual({
        id: note.id,
        text: tricky,
        count: 3,
        flag: false,
        label: "O'K",
        nothing: null,
      })
    })
  })
})

describe('model declaration errors', () => {
  const db = new Gino()

  it('refuses a table declared twice on one db', () => {
    db.model('mdl_twice', { id: column.serial().primaryKey() })
    expect(() => db.model('mdl_twice', { id: column.serial().primaryKey() })).toThrow(
      ModelDefinitionError,
    )
  })

  it('refuses unknown columns in indexes, keys and constraints', () => {
    const columns = { id: column.serial(), name: column.text() }
    expect(() =>
      db.model('mdl_e1', columns, { indexes: [index('x').on('nmae' as 'name')] }),
    ).toThrow(/names "nmae"/)
    expect(() => db.model('mdl_e2', columns, { primaryKey: ['idd' as 'id'] })).toThrow(
      ModelDefinitionError,
    )
    expect(() => db.model('mdl_e3', columns, { uniques: [unique('nope' as 'name')] })).toThrow(
      ModelDefinitionError,
    )
    expect(() =>
      db.model('mdl_e4', { id: column.serial().primaryKey() }, { primaryKey: ['id'] }),
    ).toThrow(/twice/)
    expect(() => db.model('mdl_e5', columns, { indexes: [index('empty')] })).toThrow(/no columns/)
  })

  it('refuses unsafe names and types', () => {
    expect(() => db.model('bad name', { id: column.serial() })).toThrow(ModelDefinitionError)
    expect(() => db.model('mdl_e6', { id: column.serial().named('x"; drop') })).toThrow(
      ModelDefinitionError,
    )
    expect(() => column.enum('bad-name', ['a'])).toThrow(TypeError)
    expect(() => column.varchar(0)).toThrow(TypeError)
  })
})
