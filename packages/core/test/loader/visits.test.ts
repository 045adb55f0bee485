import { afterAll, beforeAll, expect, it } from 'vitest'
import { field, sql, text, toLoader, tuple } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { db, User, Visit, setUp, tearDown } from './fixture.js'

describeEachDriver('loaders: the FAQ visit counts (model + column per row)', (driver) => {
  beforeAll(() => setUp(driver))
  afterAll(tearDown)

  // count() is bigint, which reads as a string: the cast makes it an int4, read as a number.
  const visits = sql<number>`count(${sql.ref('ldr_visits.id')})::int`.as('visits')
  const expected = [
    ['alice', 3],
    ['bob', 1],
    ['carol', 0],
    ['dave', 2],
  ]

  it('loads [User, number] tuples from one GROUP BY query', async () => {
    const query = User.outerJoin(Visit)
      .selectAll('ldr_users')
      .select(visits)
      .groupBy('ldr_users.id')
      .orderBy('ldr_users.id')
    const rows = await db.all(query, { loader: tuple(User, field(visits)) })
    expect(rows.map(([user, count]) => [user.name, count])).toEqual(expected)
    expect(rows[0]![0]).toBeInstanceOf(User)
    expect(rows[0]![0].shout).toBe('ALICE')
    expect(rows[0]![0].toDict()).toEqual({ id: 1, name: 'alice', parentId: null })
  })

  it('reads an uncast count(*) as the string PostgreSQL sends for bigint', async () => {
    const query = User.outerJoin(Visit)
      .selectAll('ldr_users')
      .select(sql<string>`count(${sql.ref('ldr_visits.id')})`.as('visits'))
      .groupBy('ldr_users.id')
      .orderBy('ldr_users.id')
    const rows = await db.all(query, { loader: toLoader([User, field<string>('visits')]) })
    expect(rows.map(([, count]) => count)).toEqual(['3', '1', '0', '2'])
  })

  it('streams the tuples with iterate() inside a transaction, as in the FAQ', async () => {
    const query = User.outerJoin(Visit)
      .selectAll('ldr_users')
      .select(visits)
      .groupBy('ldr_users.id')
      .orderBy('ldr_users.id')
    const seen: Array<[string, number]> = []
    await db.transaction(async () => {
      for await (const [user, count] of db.iterate(query, {
        loader: tuple(User, field(visits)),
        chunkSize: 3,
      })) {
        seen.push([user.name, count])
      }
    })
    expect(seen).toEqual(expected)
  })

  it('loads the same tuples from raw SQL with a loader attached', async () => {
    const query = text(
      'SELECT u.*, count(v.id)::int AS visits FROM ldr_users u LEFT JOIN ldr_visits v ON v.user_id = u.id ' +
        'WHERE u.id <= :last GROUP BY u.id ORDER BY u.id',
    ).withLoader(tuple(User, field<number>('visits')))
    const rows = await db.all(query, { last: 2 })
    expect(rows.map(([user, count]) => [user.name, count])).toEqual(expected.slice(0, 2))
    expect(rows[1]![0].parentId).toBe(1)
  })
})
