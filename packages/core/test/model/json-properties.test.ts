import { describe, expect, it } from 'vitest'
import {
  column,
  Gino,
  JsonPropertyError,
  ModelDefinitionError,
  prop,
  sql,
} from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

describeEachDriver('JSON properties', (driver) => {
  const db = new Gino()
  const statements: string[] = []

  class User extends db.model(
    'mdl_json_users',
    {
      id: column.serial().primaryKey(),
      name: column.text().notNull(),
      profile: column
        .jsonb()
        .notNull()
        .serverDefault(sql`'{}'::jsonb`),
    },
    {
      properties: {
        age: prop.integer().default(18),
        nickname: prop.string(),
        active: prop.boolean().default(true),
        birthday: prop.datetime(),
        height: prop.number(),
        settings: prop.object<{ theme: string }>().default(() => ({ theme: 'light' })),
        tags: prop.array<string>().default(() => []),
      },
    },
  ) {
    get isAdult(): boolean {
      return this.age >= 18
    }
  }

  // Properties in a plain json column, under another name.
  const Legacy = db.model(
    'mdl_json_legacy',
    { id: column.serial().primaryKey(), extra: column.json() },
    { propertiesColumn: 'extra', properties: { color: prop.string().default('red') } },
  )

  useModels(db, driver, { echo: (entry) => statements.push(entry.sql) })

  it('create() packs properties and their defaults into the JSONB column', async () => {
    const birthday = new Date('2000-05-06T07:08:09.000Z')
    const user = await User.create({ name: 'ann', age: 30, nickname: 'annie', birthday })
    expect(user.age).toBe(30)
    expect(user.nickname).toBe('annie')
    expect(user.birthday).toEqual(birthday)
    expect(user.active).toBe(true)
    expect(user.isAdult).toBe(true)
    const stored = await db.scalar(
      sql<{ profile: unknown }>`SELECT profile FROM mdl_json_users WHERE id = ${user.id}`,
    )
    expect(stored).toEqual({
      age: 30,
      nickname: 'annie',
      active: true,
      birthday: '2000-05-06T07:08:09.000Z',
      settings: { theme: 'light' },
      tags: [],
    })
  })

  it('absent keys read as the default, or null without one', async () => {
    await db.status(sql`INSERT INTO mdl_json_users (name, profile) VALUES ('bare', '{}')`)
    const user = (await User.first((q) => q.where('name', '=', 'bare')))!
    expect(user.age).toBe(18)
    expect(user.nickname).toBeNull()
    expect(user.height).toBeNull()
    expect(user.tags).toEqual([])
    user.tags.push('kept in memory')
    expect(user.tags).toEqual(['kept in memory'])
  })

  it('properties are expressions in queries, cast to their types', async () => {
    await User.create({ name: 'kid', age: 9, tags: ['a'] })
    await User.create({ name: 'old', age: 90, height: 1.6 })
    const older = await db.all(User.query.where(User.props.age, '>', 50).orderBy('id'))
    expect(older.map((u) => u.name)).toEqual(['old'])
    const tall = await User.all((q) => q.where(User.props.height, '>=', 1.5))
    expect(tall.map((u) => u.name)).toEqual(['old'])
    expect(await User.exists((q) => q.where(User.props.nickname, '=', 'annie'))).toBe(true)
    expect(db.compile(User.query.where(User.props.age, '>', 50)).sql).toBe(
      'select "mdl_json_users"."id", "mdl_json_users"."name", "mdl_json_users"."profile" from "mdl_json_users" ' +
        `where (("mdl_json_users"."profile" ->> 'age')::integer) > $1`,
    )
    const rows = await db.all(
      User.select('name').select(User.props.birthday.as('birthday')).where('name', '=', 'ann'),
    )
    expect(rows[0]?.birthday).toEqual(new Date('2000-05-06T07:08:09.000Z'))
  })

  it('update().apply() merges changed properties with jsonb || jsonb_build_object', async () => {
    const user = await User.create({ name: 'merge', nickname: 'm', tags: ['x'] })
    // Someone else changes another key meanwhile: a merge keeps it.
    await db.status(
      sql`UPDATE mdl_json_users SET profile = profile || '{"height": 2}' WHERE id = ${user.id}`,
    )
    statements.length = 0
    await user
      .update({ age: 41, settings: { theme: 'dark' }, birthday: new Date('1983-01-01T00:00:00Z') })
      .apply()
    expect(statements[0]).toBe(
      `update "mdl_json_users" set "profile" = coalesce("profile", '{}'::jsonb) || ` +
        `jsonb_build_object('age', $1::integer, 'settings', $2::jsonb, 'birthday', $3::text) where "id" = $4 returning "profile"`,
    )
    expect(user.height).toBe(2) // written back from RETURNING
    expect(user.age).toBe(41)
    const fresh = (await User.get(user.id))!
    expect(fresh.toDict()).toMatchObject({
      name: 'merge',
      age: 41,
      nickname: 'm',
      height: 2,
      settings: { theme: 'dark' },
      tags: ['x'],
      birthday: new Date('1983-01-01T00:00:00Z'),
    })
  })

  it('updates a property with an SQL expression', async () => {
    const user = await User.create({ name: 'expr', age: 20 })
    await user.update({ age: sql<number>`(${User.props.age}) + 1` }).apply()
    expect(user.age).toBe(21)
  })

  it('updates columns and properties together', async () => {
    const user = await User.create({ name: 'both' })
    await user.update({ name: 'both2', nickname: 'b' }).apply()
    const fresh = (await User.get(user.id))!
    expect([fresh.name, fresh.nickname]).toEqual(['both2', 'b'])
    expect(() => user.update({ profile: {}, age: 3 })).not.toThrow()
    await expect(user.update({ profile: {}, age: 3 }).apply()).rejects.toThrow(/choose one/)
  })

  it('loads a row whose column holds keys no property declares, keeping them (GINO)', async () => {
    const user = await User.create({ name: 'intruder', nickname: 'in' })
    await db.status(
      sql`UPDATE mdl_json_users SET profile = profile || '{"unknown": 1}' WHERE id = ${user.id}`,
    )
    const loaded = (await User.get(user.id))!
    expect(loaded.nickname).toBe('in')
    expect(loaded.age).toBe(18)
    expect((loaded.profile as Record<string, unknown>).unknown).toBe(1)
    const [listed] = await db.all(User.query.where('id', '=', user.id))
    expect(listed?.nickname).toBe('in')
    // A later property update merges into the column: the undeclared key stays.
    await loaded.update({ nickname: 'out' }).apply()
    const stored = await db.scalar(
      sql<{ profile: Record<string, unknown> }>`SELECT profile FROM mdl_json_users WHERE id = ${user.id}`,
    )
    expect(stored).toMatchObject({ unknown: 1, nickname: 'out' })
  })

  it('refuses undeclared keys in the JSON column before sending anything', async () => {
    const count = (): Promise<unknown> => db.scalar('SELECT count(*)::int FROM mdl_json_users')
    const before = await count()
    statements.length = 0
    const error = await User.create({ name: 'bad', profile: { other: true } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(JsonPropertyError)
    expect(error).toMatchObject({ code: 'UNKNOWN_PROPERTY' })
    expect(String(error)).toMatch(/key "other"/)
    await expect(User.insertMany([{ name: 'bad', profile: { other: 1 } }])).rejects.toMatchObject({
      code: 'UNKNOWN_PROPERTY',
    })
    expect(statements.filter((s) => /insert/i.test(s))).toEqual([])
    expect(await count()).toBe(before)

    const user = await User.create({ name: 'good' })
    statements.length = 0
    await expect(user.update({ profile: { other: true } }).apply()).rejects.toMatchObject({
      code: 'UNKNOWN_PROPERTY',
    })
    expect(statements.filter((s) => /update/i.test(s))).toEqual([])
  })

  it('refuses values of the wrong type', async () => {
    await expect(User.create({ name: 'bad', age: 1.5 })).rejects.toBeInstanceOf(JsonPropertyError)
    await expect(User.create({ name: 'bad', age: '3' as unknown as number })).rejects.toMatchObject(
      {
        code: 'INVALID_PROPERTY_VALUE',
      },
    )
    const user = await User.create({ name: 'ok' })
    expect(() => {
      user.active = 'yes' as unknown as boolean
    }).toThrow(/boolean/)
  })

  it('a plain json column stores properties but refuses partial updates clearly', async () => {
    const item = await Legacy.create({})
    expect(item.color).toBe('red')
    expect(item.extra).toEqual({ color: 'red' })
    await expect(item.update({ color: 'blue' }).apply()).rejects.toMatchObject({
      code: 'JSON_PARTIAL_UPDATE',
    })
    await item.update({ extra: { color: 'blue' } }).apply()
    expect((await Legacy.get(item.id))?.color).toBe('blue')
  })

  it('toDict() and JSON.stringify include properties by name', async () => {
    const user = await User.create({ name: 'dict', age: 5 })
    const json = JSON.parse(JSON.stringify(user)) as Record<string, unknown>
    expect(json).toMatchObject({ id: user.id, name: 'dict', age: 5, active: true, nickname: null })
  })

  it('upsert can merge chosen properties on conflict', async () => {
    await db.status(
      sql`CREATE UNIQUE INDEX IF NOT EXISTS mdl_json_users_name ON mdl_json_users (name)`,
    )
    await User.create({ name: 'up', age: 1, nickname: 'keep' })
    const merged = await User.upsert(
      { name: 'up', age: 2, nickname: 'ignored' },
      { conflict: ['name'], update: ['age'] },
    )
    expect([merged?.age, merged?.nickname]).toEqual([2, 'keep'])
  })
})

describe('JSON property declarations', () => {
  const db = new Gino()

  it('need a json/jsonb column', () => {
    expect(() =>
      db.model('mdl_json_e1', { id: column.serial() }, { properties: { a: prop.string() } }),
    ).toThrow(ModelDefinitionError)
    expect(() =>
      db.model('mdl_json_e2', { profile: column.text() }, { properties: { a: prop.string() } }),
    ).toThrow(/json or jsonb/)
    expect(() =>
      db.model(
        'mdl_json_e3',
        { profile: column.jsonb(), a: column.text() },
        { properties: { a: prop.string() } },
      ),
    ).toThrow(/clashes/)
  })
})
