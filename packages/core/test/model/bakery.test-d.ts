import { describe, expectTypeOf, test } from 'vitest'
import { type BakedQuery, column, Gino, sql, type StatusResult } from '../../src/index.js'

const db = new Gino()

class User extends db.model('users', {
  id: column.serial().primaryKey(),
  email: column.text().notNull(),
  age: column.integer(),
}) {
  get label(): string {
    return `${this.id}:${this.email}`
  }
}

describe('db.bake() types', () => {
  test('parameters are what build declares; rows are what db.all would return', () => {
    const byEmail = db.bake((p: { email: string }) => User.selectAll().where('email', '=', p.email))
    expectTypeOf(byEmail).toEqualTypeOf<BakedQuery<{ email: string }, User>>()
    expectTypeOf(byEmail.all({ email: 'a' })).resolves.toEqualTypeOf<User[]>()
    expectTypeOf(byEmail.first({ email: 'a' })).resolves.toEqualTypeOf<User | null>()
    expectTypeOf(byEmail.one({ email: 'a' })).resolves.toHaveProperty('label')
    // @ts-expect-error the parameter is required
    void byEmail.all({})
    // @ts-expect-error and typed
    void byEmail.all({ email: 1 })
    // @ts-expect-error a placeholder must fit the column's type
    db.bake((p: { email: number }) => User.selectAll().where('email', '=', p.email))
  })

  test('sql tags and plain Kysely queries keep their row types', () => {
    const count = db.bake(
      (p: { age: number }) =>
        sql<{ n: number }>`SELECT count(*) AS n FROM users WHERE age > ${p.age}`,
    )
    expectTypeOf(count.scalar({ age: 1 })).resolves.toEqualTypeOf<number | null>()
    const emails = db.bake((p: { min: number }) => User.select('email').where('id', '>', p.min))
    expectTypeOf(emails.all({ min: 1 })).resolves.toEqualTypeOf<Array<{ email: string }>>()
    const touch = db.bake((p: { id: number }) => User.update.set({ age: 1 }).where('id', '=', p.id))
    expectTypeOf(touch.status({ id: 1 })).resolves.toMatchTypeOf<StatusResult<unknown>>()
  })
})
