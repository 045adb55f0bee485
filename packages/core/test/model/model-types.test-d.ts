import type { RawBuilder } from 'kysely'
import { describe, expectTypeOf, test } from 'vitest'
import {
  column,
  Gino,
  index,
  type ModelInstance,
  type NoSuchRowError,
  prop,
  sql,
  type StatusResult,
  type UpdateRequest,
  unique,
} from '../../src/index.js'

const db = new Gino()

class User extends db.model(
  'users',
  {
    id: column.serial().primaryKey(),
    email: column.text().notNull(),
    firstName: column.text().named('first_name'),
    nickname: column.text().notNull().default('noname'),
    visits: column.bigint().notNull().serverDefault('0'),
    createdAt: column.timestamptz().notNull().serverDefault(sql`now()`).named('created_at'),
    tags: column.array(column.text()),
    mood: column.enum('mood', ['sad', 'happy']),
    profile: column.jsonb().notNull().serverDefault(sql`'{}'::jsonb`),
  },
  {
    indexes: [index('users_name').on('first_name', 'nickname')],
    properties: { age: prop.integer().default(18), bio: prop.string(), born: prop.datetime() },
  },
) {
  get greeting(): string {
    return `hi ${this.nickname}`
  }
}

describe('instances', () => {
  test('attributes are typed from the declaration, nullable unless notNull', () => {
    const user = new User()
    expectTypeOf(user.id).toEqualTypeOf<number>()
    expectTypeOf(user.email).toEqualTypeOf<string>()
    expectTypeOf(user.firstName).toEqualTypeOf<string | null>()
    expectTypeOf(user.visits).toEqualTypeOf<string>() // bigint reads as a string
    expectTypeOf(user.createdAt).toEqualTypeOf<Date>()
    expectTypeOf(user.tags).toEqualTypeOf<string[] | null>()
    expectTypeOf(user.mood).toEqualTypeOf<'sad' | 'happy' | null>()
    expectTypeOf(user.greeting).toEqualTypeOf<string>()
  })

  test('JSON properties are attributes: defaulted ones are never null', () => {
    const user = new User()
    expectTypeOf(user.age).toEqualTypeOf<number>()
    expectTypeOf(user.bio).toEqualTypeOf<string | null>()
    expectTypeOf(user.born).toEqualTypeOf<Date | null>()
    expectTypeOf(User.props.age).toEqualTypeOf<RawBuilder<number | null>>()
  })

  test('toDict() has every attribute by name', () => {
    const dict = new User().toDict()
    expectTypeOf(dict.firstName).toEqualTypeOf<string | null>()
    expectTypeOf(dict.age).toEqualTypeOf<number>()
    // @ts-expect-error: database names are not attributes
    void dict.first_name
  })
})

describe('create()', () => {
  test('requires columns without a default, returns the subclass', () => {
    expectTypeOf(User.create({ email: 'a@b' })).resolves.toEqualTypeOf<User>()
    void User.create({ email: 'a@b', nickname: 'x', age: 3, bio: null, firstName: sql<string>`upper('x')` })
    // @ts-expect-error: email is required
    void User.create({ nickname: 'x' })
  })

  test('rejects unknown keys and wrong types', () => {
    // @ts-expect-error: unknown attribute
    void User.create({ email: 'a@b', nope: 1 })
    // @ts-expect-error: the database name is not an attribute
    void User.create({ email: 'a@b', first_name: 'x' })
    // @ts-expect-error: visits is a string (bigint)
    void User.create({ email: 'a@b', visits: 1 })
    // @ts-expect-error: mood is an enum
    void User.create({ email: 'a@b', mood: 'angry' })
    // @ts-expect-error: age is an integer property
    void User.create({ email: 'a@b', age: 'old' })
  })

  test('insertMany() and upsert() take the same rows', () => {
    expectTypeOf(User.insertMany([{ email: 'a' }, { email: 'b', age: 1 }])).resolves.toEqualTypeOf<User[]>()
    // @ts-expect-error: a row misses email
    void User.insertMany([{ email: 'a' }, { nickname: 'b' }])
    expectTypeOf(User.upsert({ email: 'a' }, { conflict: ['email'], update: ['nickname', 'age'] })).resolves.toEqualTypeOf<User | null>()
    // @ts-expect-error: no such column to conflict on
    void User.upsert({ email: 'a' }, { conflict: ['emial'] })
    void User.insertMany([{ email: 'a' }], { onConflict: { conflict: ['email'], update: 'nothing' }, chunkSize: 10 })
  })
})

describe('get(), update(), delete()', () => {
  test('get() resolves to the subclass or null', () => {
    expectTypeOf(User.get(1)).resolves.toEqualTypeOf<User | null>()
    void User.get({ id: 1 })
    void User.get([1])
  })

  test('get() takes exactly the primary key: its types, its length, its attributes', () => {
    // @ts-expect-error: the key is a number
    void User.get('abc')
    // @ts-expect-error: one key column, two values
    void User.get([1, 2])
    // @ts-expect-error: email is not the key
    void User.get({ email: 'a@b.c' })
    // @ts-expect-error: the key by attribute has no extra attributes
    void User.get({ id: 1, email: 'a@b.c' })

    class Membership extends db.model('memberships', {
      teamId: column.integer().primaryKey().named('team_id'),
      userId: column.bigint().primaryKey().named('user_id'),
      role: column.text(),
    }) {}
    expectTypeOf(Membership.get([1, '2'])).resolves.toEqualTypeOf<Membership | null>()
    void Membership.get({ teamId: 1, userId: '2' })
    // @ts-expect-error: a composite key is not one value
    void Membership.get(1)
    // @ts-expect-error: two key columns
    void Membership.get([1])
    // @ts-expect-error: userId missing
    void Membership.get({ teamId: 1 })
    // @ts-expect-error: a key value of no key column's type
    void Membership.get([1, true])

    const Log = db.model('logs', { message: column.text() })
    // @ts-expect-error: a model without a primary key has no key to get by
    void Log.get('x')
  })

  test('update() takes known attributes and expressions; apply() resolves to the instance', () => {
    const user = new User()
    const request = user.update({ nickname: 'x', visits: sql<string>`visits + 1`, age: 3 })
    expectTypeOf(request).toEqualTypeOf<UpdateRequest<User>>()
    expectTypeOf(request.apply()).resolves.toEqualTypeOf<User>()
    // @ts-expect-error: unknown attribute
    void user.update({ nope: 1 })
    // @ts-expect-error: email is a string
    void user.update({ email: 5 })
    expectTypeOf(user.delete()).resolves.toEqualTypeOf<StatusResult<unknown>>()
    expectTypeOf<NoSuchRowError>().toHaveProperty('code')
  })
})

describe('query builders know the columns', () => {
  test('Model.query selects instances; a misspelt column is a compile error', async () => {
    void User.query.where('nickname', '=', 'x').orderBy('created_at')
    // @ts-expect-error: misspelt column
    void User.query.where('nicknmae', '=', 'x')
    // @ts-expect-error: attributes are not column names in SQL
    void User.query.where('createdAt', '>', new Date())
    // @ts-expect-error: wrong value type for the column
    void User.query.where('visits', '=', new Date())
    const [row] = await db.all(User.query)
    expectTypeOf(row!.email).toEqualTypeOf<string>()
    expectTypeOf(row!.age).toEqualTypeOf<number>()
    expectTypeOf(row!).toMatchTypeOf<ModelInstance<{ email: ReturnType<typeof column.text> }>>()
  })

  test('Model.all() / first() type rows as the subclass', () => {
    expectTypeOf(User.all((q) => q.where('email', '=', 'x'))).resolves.toEqualTypeOf<User[]>()
    expectTypeOf(User.first()).resolves.toEqualTypeOf<User | null>()
    expectTypeOf(User.exists((q) => q.where(User.props.age, '>', 3))).resolves.toEqualTypeOf<boolean>()
  })

  test('Model.select() gives plain rows of the chosen columns', () => {
    const query = User.select('id', 'first_name')
    expectTypeOf(db.all(query)).resolves.toEqualTypeOf<Array<{ id: number; first_name: string | null }>>()
    // @ts-expect-error: select() takes database names
    void User.select('firstName')
  })

  test('Model.insert requires what the server cannot fill in', () => {
    void User.insert.values({ email: 'a', nickname: 'n', profile: '{}' })
    // @ts-expect-error: nickname has only a JS default, which plain Kysely does not apply
    void User.insert.values({ email: 'a' })
    void User.update.set({ nickname: 'x' }).where('id', '=', 1)
    void User.delete.where('email', '=', 'x')
  })
})

describe('declarations', () => {
  test('index, unique and primary key options name existing columns', () => {
    const columns = { id: column.serial(), firstName: column.text().named('first_name') }
    db.model('t1', columns, { indexes: [index('i').on('firstName', 'first_name')], uniques: [unique('id')], primaryKey: ['id'] })
    // @ts-expect-error: unknown column in an index
    db.model('t2', columns, { indexes: [index('i').on('nope')] })
    // @ts-expect-error: unknown column in the primary key
    db.model('t3', columns, { primaryKey: ['nope'] })
  })

  test('abstract models have no table operations; concrete ones merge columns and methods', () => {
    class Base extends db.abstractModel({ id: column.serial().primaryKey(), createdAt: column.timestamptz().notNull() }) {
      hello(): string {
        return 'hi'
      }
    }
    // @ts-expect-error: no create() on an abstract model
    void Base.create({})
    // @ts-expect-error: no query on an abstract model
    void Base.query
    class Post extends Base.model('posts', { title: column.text().notNull() }) {}
    const post = new Post()
    expectTypeOf(post.id).toEqualTypeOf<number>()
    expectTypeOf(post.title).toEqualTypeOf<string>()
    expectTypeOf(post.hello()).toEqualTypeOf<string>()
    expectTypeOf(Post.create({ title: 't', createdAt: new Date() })).resolves.toEqualTypeOf<Post>()
    // @ts-expect-error: createdAt is required
    void Post.create({ title: 't' })
  })

  test('the registry is read-only', () => {
    // @ts-expect-error: readonly array
    db.models.push(User)
  })
})
