import { afterAll, beforeAll, expect, it } from 'vitest'
import { column, Gino, sql } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

describeEachDriver('Model.inQuery(subquery)', (driver) => {
  const db = new Gino()
  class Player extends db.model('mdl_inq_players', {
    id: column.serial().primaryKey(),
    displayName: column.text().notNull().named('display_name'),
    score: column.integer().notNull(),
  }) {
    get badge(): string {
      return `${this.displayName}:${this.score}`
    }
  }

  beforeAll(async () => {
    await db.setBind(await openEngine(driver))
    await db.dropAll()
    await db.createAll()
    await Player.insertMany([
      { displayName: 'a', score: 5 },
      { displayName: 'b', score: 9 },
      { displayName: 'c', score: 7 },
    ])
  })
  afterAll(async () => {
    await db.dropAll()
    await db.popBind()?.close()
  })

  it('loads instances from an aliased subquery of the model', async () => {
    const top = Player.selectAll().orderBy('score', 'desc').limit(2).as('top')
    const players = await db.all(Player.inQuery(top).orderBy('top.score'))
    expect(players.map((p) => p.badge)).toEqual(['c:7', 'b:9'])
    expect(players[0]).toBeInstanceOf(Player)
  })

  it('takes any subquery yielding the model’s columns, e.g. from a CTE-free window query', async () => {
    const ranked = db.kysely
      .withTables<{ mdl_inq_players: { id: number; display_name: string; score: number } }>()
      .selectFrom('mdl_inq_players')
      .select(['id', 'display_name', 'score', sql<number>`rank() OVER (ORDER BY score)`.as('r')])
      .as('ranked')
    const lowest = await db.all(Player.inQuery(ranked).where('ranked.r', '=', 1))
    expect(lowest.map((p) => p.displayName)).toEqual(['a'])
    expect(db.compile(Player.inQuery(ranked)).sql).toMatch(/from \(select .*\) as "ranked"/)
  })
})
