/**
 * On pg, loaders read `texts` rows (the fields as the server sent them) and parse only
 * the values they use: a joined parent's columns once per parent, not on every row.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { callable, field, Loader, many, toLoader, tuple } from '../../src/index.js'
import type { FieldParser } from '../../src/dialect/driver-adapter.js'
import { DRIVERS, describeEachDriver, SERVER_DSN, serverAvailable } from '../support/drivers.js'
import { db, setUp, tearDown, User, Visit } from './fixture.js'

const usersWithVisits = () =>
  User.distinct('id')
    .load({ visits: many(Visit.distinct('id')) })
    .orderBy('ldr_users.id')
    .orderBy('ldr_visits.id')

describe.skipIf(!serverAvailable)('a loader reading texts rows [pg]', () => {
  let client: pg.Client
  beforeAll(async () => {
    await setUp(DRIVERS.find((driver) => driver.name === 'pg')!)
    client = new pg.Client({ connectionString: SERVER_DSN })
    await client.connect()
  })
  afterAll(async () => {
    await client.end()
    await tearDown()
  })

  it("parses a parent's columns once per parent and the distinct keys on every row", async () => {
    const query = usersWithVisits()
    const compiled = query.compile()
    // The rows as the server sent them: every field's text, unparsed.
    const { rows, fields } = await client.query<unknown[]>({
      text: compiled.sql,
      values: [...compiled.parameters],
      rowMode: 'array',
      types: { getTypeParser: () => (text: string) => text },
    })
    expect(rows).toHaveLength(7) // alice 3 visits, bob 1, carol none, dave 2
    const calls = fields.map(() => 0)
    const parsers: FieldParser[] = fields.map((described, i) => {
      const parse = pg.types.getTypeParser(described.dataTypeID, 'text') as FieldParser
      return (text) => {
        calls[i]!++
        return parse(text)
      }
    })
    const users = toLoader(query).load(rows, fields, new Map(), parsers) as User[]
    const callsOf = (name: string) => calls[fields.findIndex((described) => described.name === name)]
    // A key where it differs from the row before, and again for each new instance; the
    // other columns once per instance.
    expect(callsOf('ldr_users__id')).toBe(4 + 4)
    expect(callsOf('ldr_users__name')).toBe(4)
    expect(callsOf('ldr_visits__id')).toBe(6 + 6)
    expect(callsOf('ldr_visits__at')).toBe(6)

    const parsed = await db.all(usersWithVisits())
    expect(users.map((user) => [user.id, user.name, (user as User & { visits: Visit[] }).visits.map((visit) => visit.at.getTime())])).toEqual(
      parsed.map((user) => [user.id, user.name, user.visits.map((visit) => visit.at.getTime())]),
    )
  })
})

describeEachDriver('loaders give parsed values on every path', (driver) => {
  beforeAll(() => setUp(driver))
  afterAll(() => tearDown())

  it('model, field and callable loaders', async () => {
    const rows = await db.all(Visit.query.orderBy('id'), {
      loader: tuple(Visit, field<number>('user_id'), callable((row) => row.at)),
    })
    expect(rows).toHaveLength(6)
    for (const [visit, userId, at] of rows) {
      expect(visit).toBeInstanceOf(Visit)
      expect(visit.at).toBeInstanceOf(Date)
      expect(userId).toBe(visit.userId)
      expect(typeof userId).toBe('number')
      expect(at).toEqual(visit.at)
    }
  })

  it("a cursor's chunks and Kysely's own execute() load the same objects as db.all", async () => {
    const shape = (users: ReadonlyArray<User & { visits: Visit[] }>) =>
      users.map((user) => `${user.id}:${user.name}:${user.visits.map((visit) => `${visit.id}@${visit.at.toISOString()}`).join(',')}`)
    const load = vi.spyOn(Loader.prototype, 'load')
    const all = shape(await db.all(usersWithVisits()))
    expect(all).toHaveLength(4)
    // db.all hands the loader texts rows and their parsers (both drivers); Kysely's own
    // execute() parsed rows without them.
    expect(load.mock.calls[0]![3]).toHaveLength(6)
    expect(typeof (load.mock.calls[0]![0][0] as unknown[])[0]).toBe('string')
    const iterated = await db.transaction(async () => {
      const seen: Array<User & { visits: Visit[] }> = []
      for await (const user of db.iterate(usersWithVisits(), { chunkSize: 2 })) seen.push(user)
      return seen
    })
    expect(shape(iterated)).toEqual(all)
    load.mockClear()
    expect(shape((await usersWithVisits().execute()) as Array<User & { visits: Visit[] }>)).toEqual(all)
    expect(load.mock.calls[0]![3]).toBeUndefined()
    load.mockRestore()
  })
})
