import { expect, it } from 'vitest'
import { column, Gino, JsonPropertyError, ModelDefinitionError, prop, sql } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

describeEachDriver('JSON properties in more than one column', (driver) => {
  const db = new Gino()

  class Player extends db.model(
    'mdl_jsoncols_players',
    {
      id: column.serial().primaryKey(),
      profile: column.jsonb().notNull().serverDefault(sql`'{}'::jsonb`),
      parameter: column.jsonb().notNull().serverDefault(sql`'{}'::jsonb`).named('params'),
    },
    {
      properties: {
        age: prop.integer().default(18),
        nickname: prop.string(),
        theme: prop.string().in('parameter').default('light'),
        volume: prop.integer().in('params'),
      },
    },
  ) {}

  useModels(db, driver)

  it('stores each property in its own column, defaults included', async () => {
    const p = await Player.create({ nickname: 'ann', volume: 7 })
    const row = await db.one('SELECT profile, params FROM mdl_jsoncols_players WHERE id = :id', { id: p.id })
    expect(row).toEqual({ profile: { age: 18, nickname: 'ann' }, params: { theme: 'light', volume: 7 } })
    const loaded = (await Player.get(p.id))!
    expect([loaded.age, loaded.nickname, loaded.theme, loaded.volume]).toEqual([18, 'ann', 'light', 7])
  })

  it('update().apply() merges each column with its own properties', async () => {
    const p = await Player.create({ nickname: 'bob' })
    await p.update({ age: 30, theme: 'dark' }).apply()
    const row = await db.one('SELECT profile, params FROM mdl_jsoncols_players WHERE id = :id', { id: p.id })
    expect(row).toEqual({ profile: { age: 30, nickname: 'bob' }, params: { theme: 'dark' } })
  })

  it('queries read each property from its column', async () => {
    await Player.create({ nickname: 'cy', volume: 11 })
    const loud = await db.all(Player.query.where(Player.props.volume, '>', 10))
    expect(loud.map((p) => p.nickname)).toEqual(['cy'])
  })

  it('a key of one column’s properties given to another column is refused before anything is sent', async () => {
    await expect(Player.create({ parameter: { age: 3 } })).rejects.toBeInstanceOf(JsonPropertyError)
    expect(() =>
      db.model('mdl_jsoncols_bad', { id: column.serial().primaryKey(), name: column.text() }, {
        properties: { x: prop.string().in('name') },
      }),
    ).toThrow(ModelDefinitionError)
  })

  it('resetProperty(name) puts a property back to its default; saving the column persists it', async () => {
    const p = await Player.create({ nickname: 'dee', age: 40, theme: 'dark' })
    p.resetProperty('age')
    p.resetProperty('theme')
    p.resetProperty('nickname')
    expect([p.age, p.theme, p.nickname]).toEqual([18, 'light', null])
    expect(p.profile).toEqual({ age: 18 }) // the default is written on read, as on create()
    await p.update({ profile: p.profile, parameter: p.parameter }).apply()
    const row = await db.one('SELECT profile, params FROM mdl_jsoncols_players WHERE id = :id', { id: p.id })
    expect(row).toEqual({ profile: { age: 18 }, params: { theme: 'light' } })
    expect(() => p.resetProperty('id' as never)).toThrow(/has no attribute "id"/)
  })

  it('update({ prop: undefined }).apply() removes the key in the database: the property reads as its default', async () => {
    const p = await Player.create({ nickname: 'eve', age: 50, theme: 'dark', volume: 3 })
    await p.update({ age: undefined, theme: undefined, nickname: 'eva' }).apply()
    const row = await db.one('SELECT profile, params FROM mdl_jsoncols_players WHERE id = :id', { id: p.id })
    expect(row).toEqual({ profile: { nickname: 'eva' }, params: { volume: 3 } })
    expect([p.age, p.theme, p.nickname, p.volume]).toEqual([18, 'light', 'eva', 3])
  })
})
