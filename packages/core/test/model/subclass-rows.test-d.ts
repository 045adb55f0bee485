import { describe, expectTypeOf, test } from 'vitest'
import { type Cursor, column, Gino, text } from '../../src/index.js'
import { firstOr404 } from '../../src/integration/index.js'

const db = new Gino()
class User extends db.model('users', {
  id: column.serial().primaryKey(),
  firstName: column.text().notNull().named('first_name'),
  lastName: column.text().named('last_name'),
}) {
  get fullName(): string {
    return `${this.firstName} ${this.lastName ?? ''}`.trim()
  }
}

describe('query results keep the user class', () => {
  test('selectAll() rows are the subclass in db.all / first / one / oneOrNone', async () => {
    expectTypeOf((await db.all(User.selectAll()))[0]?.fullName).toEqualTypeOf<string | undefined>()
    expectTypeOf(await db.all(User.selectAll().where('id', '>', 1).orderBy('id'))).toEqualTypeOf<User[]>()
    expectTypeOf(await db.first(User.selectAll().where('first_name', '=', 'ann'))).toEqualTypeOf<User | null>()
    expectTypeOf(await db.one(User.selectAll().limit(1))).toEqualTypeOf<User>()
    expectTypeOf(await db.oneOrNone(User.selectAll())).toEqualTypeOf<User | null>()
    // @ts-expect-error misspelt columns still do not compile
    User.selectAll().where('frist_name', '=', 'ann')
  })

  test('db.iterate(User.selectAll()) is a cursor of User', () => {
    expectTypeOf(db.iterate(User.selectAll())).toEqualTypeOf<Cursor<User>>()
  })

  test('text().withLoader(User) and db.text().withLoader(User) load User', async () => {
    const byId = text('SELECT * FROM users WHERE id = :id').withLoader(User)
    expectTypeOf((await db.first(byId, { id: 1 }))?.fullName).toEqualTypeOf<string | undefined>()
    expectTypeOf(await db.all(db.text('SELECT * FROM users').withLoader(User))).toEqualTypeOf<User[]>()
  })

  test('a { loader: User } option loads User, for builders and SQL text', () => {
    const plain = db.kysely.selectNoFrom((eb) => eb.val(1).as('id'))
    expectTypeOf(db.all(plain, { loader: User })).resolves.toEqualTypeOf<User[]>()
    expectTypeOf(db.first('SELECT * FROM users', {}, { loader: User })).resolves.toEqualTypeOf<User | null>()
    expectTypeOf(db.all(User.query, { loader: User })).resolves.toEqualTypeOf<User[]>()
  })

  test('firstOr404(User.selectAll()...) is a User', () => {
    expectTypeOf(firstOr404(User.selectAll().where('id', '=', 1))).resolves.toEqualTypeOf<User>()
  })

  test('User.all() / User.first() / User.get() still give User; their callback query too', () => {
    expectTypeOf(User.all((q) => q.where('id', '>', 1))).resolves.toEqualTypeOf<User[]>()
    expectTypeOf(User.first()).resolves.toEqualTypeOf<User | null>()
    expectTypeOf(User.get(1)).resolves.toEqualTypeOf<User | null>()
  })

  test('User.query keeps compiling; its rows are typed by the declaration', async () => {
    const rows = await db.all(User.query.where('id', '>', 1))
    expectTypeOf(rows[0]?.firstName).toEqualTypeOf<string | undefined>()
    // @ts-expect-error a static getter cannot see the subclass: use User.selectAll()
    void rows[0]?.fullName
  })
})

// The README's class, naming itself once with `.of<Author>()`: `Author.query` rows are Author.
class Author extends db.model('authors', {
  id: column.serial().primaryKey(),
  firstName: column.text().notNull().named('first_name'),
  lastName: column.text().named('last_name'),
}).of<Author>() {
  get fullName(): string {
    return `${this.firstName} ${this.lastName ?? ''}`.trim()
  }
}

describe('.of<Self>(): Model.query typed by the subclass', () => {
  test('db.all / first / one / iterate / firstOr404 of Author.query give Author', async () => {
    expectTypeOf((await db.all(Author.query))[0]?.fullName).toEqualTypeOf<string | undefined>()
    expectTypeOf(await db.all(Author.query.where('id', '>', 1).orderBy('id'))).toEqualTypeOf<Author[]>()
    expectTypeOf(await db.first(Author.query.where('first_name', '=', 'ann'))).toEqualTypeOf<Author | null>()
    expectTypeOf(await db.one(Author.query.limit(1))).toEqualTypeOf<Author>()
    expectTypeOf(db.iterate(Author.query)).toEqualTypeOf<Cursor<Author>>()
    expectTypeOf(firstOr404(Author.query.where('id', '=', 1))).resolves.toEqualTypeOf<Author>()
    // @ts-expect-error misspelt columns still do not compile
    Author.query.where('frist_name', '=', 'ann')
  })

  test('every other static keeps its type', () => {
    expectTypeOf(Author.get(1)).resolves.toEqualTypeOf<Author | null>()
    expectTypeOf(Author.create({ firstName: 'ann' })).resolves.toEqualTypeOf<Author>()
    expectTypeOf(db.all(Author.selectAll())).resolves.toEqualTypeOf<Author[]>()
    expectTypeOf(new Author({ firstName: 'ann' }).fullName).toEqualTypeOf<string>()
    // @ts-expect-error the key's own type only
    void Author.get('abc')
  })
})

class Stamped extends db.abstractModel({ createdAt: column.timestamptz() }) {
  get stamped(): boolean {
    return this.createdAt !== null
  }
}
class Note extends Stamped.model('notes', { id: column.serial().primaryKey(), body: column.text() }).of<Note>() {
  get short(): string {
    return (this.body ?? '').slice(0, 10)
  }
}

test('.of<Self>() on a model of an abstract base keeps both classes in the rows', async () => {
  const [note] = await db.all(Note.query)
  expectTypeOf(note?.short).toEqualTypeOf<string | undefined>()
  expectTypeOf(note?.stamped).toEqualTypeOf<boolean | undefined>()
  expectTypeOf(Note.get(1)).resolves.toEqualTypeOf<Note | null>()
})
