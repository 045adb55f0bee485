// A strict TypeScript application that installed @gino-ts/core alone (no PGlite): it
// must type-check against the published .d.ts files and run against PostgreSQL.
import assert from 'node:assert/strict'
import {
  column,
  createEngine,
  Gino,
  MissingDependencyError,
  sql,
  text,
  type DatabaseOf,
} from '@gino-ts/core'

const url = process.env.DATABASE_URL
if (url === undefined) throw new Error('DATABASE_URL is not set')

interface Database extends DatabaseOf<typeof User | typeof Membership> {}
const db: Gino<Database> = new Gino()

class User extends db.model('users', {
  id: column.serial().primaryKey(),
  name: column.text().notNull(),
  balance: column.integer().notNull().serverDefault(0),
}) {
  get greeting(): string {
    return `hello ${this.name}`
  }
}

class Membership extends db.model('memberships', {
  teamId: column.integer().primaryKey().named('team_id'),
  userId: column.integer().primaryKey().named('user_id'),
  role: column.text().notNull().default('member'),
}) {}

await db.setBind(url)
await db.createAll()

const ann = await User.create({ name: 'ann' })
assert.equal(ann.greeting, 'hello ann')
await ann.update({ balance: sql<number>`balance + 5` }).apply()
assert.equal((await User.get(ann.id))?.balance, 5)
await User.insertMany([{ name: 'bob' }, { name: 'cy' }])

const rows = await db.all(User.selectAll().orderBy('id'))
assert.deepEqual(
  rows.map((user) => user.greeting),
  ['hello ann', 'hello bob', 'hello cy'],
)
const names = await db.kysely.selectFrom('users').select('name').orderBy('id').execute()
assert.deepEqual(names, [{ name: 'ann' }, { name: 'bob' }, { name: 'cy' }])
assert.equal(
  await db.scalar('SELECT count(*)::int FROM users WHERE name <> :name', { name: 'ann' }),
  2,
)
const answer = await db.first(text('SELECT :n::int + 1 AS answer').returns<{ answer: number }>(), {
  n: 41,
})
assert.equal(answer?.answer, 42)

await Membership.create({ teamId: 1, userId: ann.id, role: 'owner' })
assert.equal((await Membership.get([1, ann.id]))?.role, 'owner')
assert.equal((await Membership.get({ userId: ann.id, teamId: 1 }))?.role, 'owner')

await db.transaction(async () => {
  const cursor = db.iterate(User.selectAll().orderBy('id'))
  await cursor.forward(1)
  assert.equal((await cursor.next())?.name, 'bob')
  assert.deepEqual(
    (await cursor.many(5)).map((user) => user.name),
    ['cy'],
  )
})

await db.dropAll()
await db.popBind()?.close()

// Without @electric-sql/pglite installed, pglite:// says what to install.
await assert.rejects(createEngine('pglite://'), (error: unknown) => {
  assert.ok(error instanceof MissingDependencyError)
  assert.equal(error.code, 'MISSING_DEPENDENCY')
  assert.equal(error.packageName, '@electric-sql/pglite')
  assert.match(error.message, /npm install @electric-sql\/pglite/)
  return true
})
console.log('core consumer: ok')
