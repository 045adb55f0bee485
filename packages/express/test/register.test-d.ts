import { column, type DatabaseOf, Gino } from '@gino-ts/core'
import express from 'express'
import type { Kysely } from 'kysely'
import { describe, expectTypeOf, it } from 'vitest'

// The database type from the models: an interface (resolved lazily, so the models can be
// declared on the db it types), registered for the plugin's decorators.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
interface Database extends DatabaseOf<typeof User | typeof Book> {}
export const db: Gino<Database> = new Gino()
export class User extends db.model('users', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
}) {}
export class Book extends db.model('books', {
  id: column.serial().primaryKey(),
  authorId: column.integer().notNull().named('author_id'),
}) {}

declare module '@gino-ts/core' {
  interface GinoRegister {
    db: typeof db
  }
}

describe('GinoRegister with DatabaseOf', () => {
  const app = express()

  it('types app.locals.db, req.db and res.locals.db as the registered Gino<Database>', () => {
    expectTypeOf(app.locals.db).toEqualTypeOf<Gino<Database>>()
    expectTypeOf(app.locals.db.kysely).toEqualTypeOf<Kysely<Database>>()
    app.get('/users', async (req, res) => {
      expectTypeOf(req.db).toEqualTypeOf<Gino<Database>>()
      expectTypeOf(res.locals.db).toEqualTypeOf<Gino<Database>>()
      const rows = await req.db.kysely.selectFrom('users').select(['id', 'name']).execute()
      expectTypeOf(rows).toEqualTypeOf<Array<{ id: number; name: string }>>()
      // @ts-expect-error no such table
      void req.db.kysely.selectFrom('nope')
      res.json(await req.db.all(Book.selectAll()))
    })
  })
})
