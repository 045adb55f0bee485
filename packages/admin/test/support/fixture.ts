/**
 * The models the admin tests browse (authors and their books, with every kind of field a
 * form shows), bound to a database of their own, and a signed-in supertest agent.
 */
import { column, Gino, sql } from '@gino-ts/core'
import type supertest from 'supertest'
import { createAdmin, type Admin, type AdminOptions } from '../../src/index.js'
import type { TestDatabase } from './databases.js'

export const TOKEN = 'test-admin-token-0123456789'

/** The test models; suites bind them one after another (`bindModels`, then its `close`). */
export const db = new Gino()
export class Author extends db.model('authors', {
  id: column.serial().primaryKey(),
  name: column.varchar(100).notNull().unique(),
  bio: column.text().nullable(),
  active: column.boolean().notNull().default(true),
  mood: column.enum('author_mood', ['sad', 'ok', 'happy']).notNull().default('ok'),
}) {}
export class Book extends db.model('books', {
  id: column.serial().primaryKey(),
  title: column.text().notNull().index(),
  pages: column.integer().nullable(),
  published: column.date().nullable(),
  meta: column.jsonb().nullable(),
  authorId: column
    .integer()
    .notNull()
    .references(() => Author.columns.id)
    .named('author_id'),
  createdAt: column.timestamptz().notNull().serverDefault(sql`now()`).named('created_at'),
}) {}

const MODELS = { db, Author, Book }
export type TestModels = typeof MODELS

/** The test models (one set, bound by one suite at a time). */
export function testModels(): TestModels {
  return MODELS
}

/** Binds the models to `database`, creates the tables; `close` drops them and the database. */
export async function bindModels(models: TestModels, database: TestDatabase): Promise<() => Promise<void>> {
  await models.db.setBind(database.dsn)
  await models.db.dropAll()
  await models.db.createAll()
  return async () => {
    await models.db.popBind()?.close()
    await database.drop()
  }
}

/** The admin of the test models, authorized by `TOKEN`, failures collected in `logged`. */
export function testAdmin(models: TestModels, options: Partial<AdminOptions> = {}): { admin: Admin; logged: unknown[] } {
  const logged: unknown[] = []
  const admin = createAdmin({
    db: models.db,
    authorize: { token: TOKEN },
    title: 'Test admin',
    log: (_message, error) => logged.push(error),
    models: { authors: { label: (row) => String(row.name) } },
    ...options,
  })
  return { admin, logged }
}

/** The CSRF token of a page (its forms carry the same). */
export function csrfOf(page: string): string {
  const token = /name="csrf-token" content="([^"]+)"/.exec(page)?.[1]
  if (token === undefined) throw new Error('no CSRF field on this page')
  return token
}

/** A supertest agent sending the bearer token, with the CSRF token of its cookie. */
export async function signedIn(agent: supertest.Agent, prefix = '/admin'): Promise<{ agent: supertest.Agent; csrf: string }> {
  agent.set('authorization', `Bearer ${TOKEN}`)
  const index = await agent.get(`${prefix}/`).expect(200)
  return { agent, csrf: csrfOf(index.text) }
}
