/**
 * Tables and models shared by the loader suites: users (a self-referencing parent),
 * their visits, books, chapters, and tags through a join table. `users.name` and
 * `books.name` (and every `id`) share column names on purpose.
 */
import { column, Gino } from '../../src/index.js'
import type { DriverCase } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

const TABLES = ['ldr_book_tags', 'ldr_tags', 'ldr_chapters', 'ldr_books', 'ldr_visits', 'ldr_users']

const SCHEMA = [
  'CREATE TABLE ldr_users (id serial PRIMARY KEY, name text NOT NULL, parent_id integer REFERENCES ldr_users (id))',
  'CREATE TABLE ldr_visits (id serial PRIMARY KEY, user_id integer NOT NULL REFERENCES ldr_users (id), at timestamptz NOT NULL DEFAULT now())',
  'CREATE TABLE ldr_books (id serial PRIMARY KEY, name text NOT NULL, user_id integer REFERENCES ldr_users (id))',
  'CREATE TABLE ldr_chapters (id serial PRIMARY KEY, name text NOT NULL, book_id integer NOT NULL REFERENCES ldr_books (id))',
  'CREATE TABLE ldr_tags (id serial PRIMARY KEY, name text NOT NULL)',
  'CREATE TABLE ldr_book_tags (book_id integer NOT NULL REFERENCES ldr_books (id), tag_id integer NOT NULL REFERENCES ldr_tags (id), PRIMARY KEY (book_id, tag_id))',
]

const SEED = [
  "INSERT INTO ldr_users (id, name, parent_id) VALUES (1, 'alice', NULL), (2, 'bob', 1), (3, 'carol', 1), (4, 'dave', 2)",
  'INSERT INTO ldr_visits (user_id) SELECT 1 FROM generate_series(1, 3) UNION ALL SELECT 2 UNION ALL SELECT 4 FROM generate_series(1, 2)',
  "INSERT INTO ldr_books (id, name, user_id) VALUES (1, 'Alpha', 1), (2, 'Beta', 1), (3, 'Gamma', 2), (4, 'Orphan', NULL)",
  "INSERT INTO ldr_chapters (id, name, book_id) VALUES (1, 'a1', 1), (2, 'a2', 1), (3, 'b1', 2)",
  "INSERT INTO ldr_tags (id, name) VALUES (1, 'fiction'), (2, 'classic')",
  'INSERT INTO ldr_book_tags (book_id, tag_id) VALUES (1, 1), (1, 2), (2, 1), (3, 2)',
]

export const db = new Gino()

export class User extends db.model('ldr_users', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
  parentId: column.integer().references('ldr_users.id').named('parent_id'),
}) {
  children?: User[]

  addChild(child: User): void {
    ;(this.children ??= []).push(child)
  }

  get shout(): string {
    return this.name.toUpperCase()
  }
}

export class Visit extends db.model('ldr_visits', {
  id: column.serial().primaryKey(),
  userId: column
    .integer()
    .notNull()
    .references(() => User.columns.id)
    .named('user_id'),
  at: column.timestamptz().notNull(),
}) {}

export class Book extends db.model('ldr_books', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
  userId: column
    .integer()
    .references(() => User.columns.id)
    .named('user_id'),
}) {}

export class Chapter extends db.model('ldr_chapters', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
  bookId: column
    .integer()
    .notNull()
    .references(() => Book.columns.id)
    .named('book_id'),
}) {}

export class Tag extends db.model('ldr_tags', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
}) {}

export class BookTag extends db.model('ldr_book_tags', {
  bookId: column
    .integer()
    .primaryKey()
    .references(() => Book.columns.id)
    .named('book_id'),
  tagId: column
    .integer()
    .primaryKey()
    .references(() => Tag.columns.id)
    .named('tag_id'),
}) {}

/** Binds `db` to the driver's database and creates the seeded tables. */
export async function setUp(driver: DriverCase): Promise<void> {
  await db.setBind(await openEngine(driver))
  await dropTables()
  for (const statement of SCHEMA) await db.status(statement)
  for (const statement of SEED) await db.status(statement)
}

async function dropTables(): Promise<void> {
  await db.status(`DROP TABLE IF EXISTS ${TABLES.join(', ')}`)
}

/** Drops the tables and closes the engine. */
export async function tearDown(): Promise<void> {
  await dropTables()
  await db.popBind()?.close()
}
