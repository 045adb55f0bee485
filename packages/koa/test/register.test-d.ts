import { column, type DatabaseOf, Gino } from '@gino-ts/core'
import Koa from 'koa'
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
  const app = new Koa()

  it('types app.context.db and ctx.db as the registered Gino<Database>', () => {
    expectTypeOf(app.context.db).toEqualTypeOf<Gino<Database>>()
    app.use(async (ctx) => {
      expectTypeOf(ctx.db).toEqualTypeOf<Gino<Database>>()
      const rows = await ctx.db.kysely.selectFrom('users').select(['id', 'name']).execute()
      expectTypeOf(rows).toEqualTypeOf<Array<{ id: number; name: string }>>()
      // @ts-expect-error no such table
      void ctx.db.kysely.selectFrom('nope')
      ctx.body = await ctx.db.all(Book.selectAll())
    })
  })
})
