import type { Kysely } from 'kysely'
import { describe, expectTypeOf, test } from 'vitest'
import { column, type DatabaseOf, Gino, type RegisteredGino } from '../../src/index.js'

// An interface, not a type alias: TypeScript resolves it lazily, so the models below can be
// declared on the db it types.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
interface Database extends DatabaseOf<typeof User | typeof Book> {}
const db: Gino<Database> = new Gino()

class User extends db.model('users', {
  id: column.serial().primaryKey(),
  firstName: column.text().notNull().named('first_name'),
}) {}
class Book extends db.model('books', {
  id: column.serial().primaryKey(),
  title: column.text().notNull(),
  authorId: column.integer().notNull().named('author_id'),
}) {}

describe('DatabaseOf: the Kysely database of the models', () => {
  test('one table per model, by table name, columns by database name', () => {
    expectTypeOf<keyof Database>().toEqualTypeOf<'users' | 'books'>()
    expectTypeOf(db.kysely).toEqualTypeOf<Kysely<Database>>()
  })

  test('db.kysely.selectFrom(table) compiles, with typed rows; unknown tables and columns do not', async () => {
    const rows = await db.kysely.selectFrom('users').select(['id', 'first_name']).execute()
    expectTypeOf(rows).toEqualTypeOf<Array<{ id: number; first_name: string }>>()
    const joined = await db.kysely
      .selectFrom('books')
      .innerJoin('users', 'users.id', 'books.author_id')
      .select(['books.title', 'users.first_name'])
      .execute()
    expectTypeOf(joined[0]?.title).toEqualTypeOf<string | undefined>()
    // @ts-expect-error no such table
    db.kysely.selectFrom('nope')
    // @ts-expect-error columns go by database name
    db.kysely.selectFrom('users').select('firstName')
  })

  test('server defaults are optional on insert', () => {
    db.kysely.insertInto('users').values({ first_name: 'ann' })
    // @ts-expect-error first_name is required
    db.kysely.insertInto('users').values({})
  })

  test('without a GinoRegister augmentation, the frameworks type db as Gino', () => {
    expectTypeOf<RegisteredGino>().toEqualTypeOf<Gino>()
  })

  test('models keep working on the typed db', async () => {
    expectTypeOf(User.create({ firstName: 'a' })).resolves.toEqualTypeOf<User>()
    expectTypeOf(await db.all(Book.selectAll())).toEqualTypeOf<Book[]>()
  })
})
