import { describe, expect, it } from 'vitest'
import { column, Gino, GinoError, NoSuchRowError, sql } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

describeEachDriver('model CRUD', (driver) => {
  const db = new Gino()
  const statements: string[] = []

  class User extends db.model('mdl_crud_users', {
    id: column.serial().primaryKey(),
    firstName: column.text().named('first_name'),
    lastName: column.text().named('last_name'),
    nickname: column.text().notNull().default('noname'),
    balance: column.integer().notNull().default(0),
    createdAt: column
      .timestamptz()
      .notNull()
      .serverDefault(sql`now()`)
      .named('created_at'),
    token: column.text().notNull().serverDefault('server-made'),
  }) {
    get fullName(): string {
      return `${this.firstName ?? ''} ${this.lastName ?? ''}`.trim()
    }
  }

  class Membership extends db.model('mdl_crud_memberships', {
    teamId: column.integer().primaryKey().named('team_id'),
    userId: column.integer().primaryKey().named('user_id'),
    role: column.text().notNull().default('member'),
  }) {}

  class Setting extends db.model('mdl_crud_settings', {
    key: column.text().notNull().unique(),
    value: column.text(),
  }) {
    override lookup(): Record<string, unknown> {
      return { key: this.key }
    }
  }

  const Log = db.model('mdl_crud_logs', { message: column.text().notNull() })

  useModels(db, driver, { echo: (entry) => statements.push(entry.sql) })

  it('create() inserts and refreshes the instance with server defaults and JS defaults', async () => {
    const user = await User.create({ firstName: 'Ann', lastName: 'Lee' })
    expect(user).toBeInstanceOf(User)
    expect(typeof user.id).toBe('number')
    expect(user.nickname).toBe('noname')
    expect(user.balance).toBe(0)
    expect(user.createdAt).toBeInstanceOf(Date)
    expect(user.token).toBe('server-made')
    expect(user.fullName).toBe('Ann Lee')
  })

  it('maps attributes to columns of another name', async () => {
    const user = await User.create({ firstName: 'Bob', lastName: 'Ray' })
    const row = await db.first(
      sql<{ first_name: string }>`SELECT first_name FROM mdl_crud_users WHERE id = ${user.id}`,
    )
    expect(row?.first_name).toBe('Bob')
    const rows = await db.all(User.select('id', 'first_name').where('id', '=', user.id))
    expect(rows).toEqual([{ id: user.id, first_name: 'Bob' }])
  })

  it('get() by scalar returns an instance of the subclass, or null', async () => {
    const user = await User.create({ nickname: 'getme' })
    const found = await User.get(user.id)
    expect(found).toBeInstanceOf(User)
    expect(found?.nickname).toBe('getme')
    expect(await User.get(-1)).toBeNull()
  })

  it('get() takes a composite key in key order or as an object by attribute', async () => {
    await Membership.create({ teamId: 1, userId: 2, role: 'owner' })
    await Membership.create({ teamId: 2, userId: 1 })
    expect((await Membership.get([1, 2]))?.role).toBe('owner')
    expect((await Membership.get({ userId: 1, teamId: 2 }))?.role).toBe('member')
    expect(await Membership.get([2, 2])).toBeNull()
  })

  it('get() refuses a wrong number of key parts and unknown key parts (at compile time too)', async () => {
    // @ts-expect-error -- a composite key is not a scalar
    await expect(Membership.get(1)).rejects.toMatchObject({ code: 'INVALID_IDENT' })
    // @ts-expect-error -- two key columns, three values
    await expect(Membership.get([1, 2, 3])).rejects.toMatchObject({ code: 'INVALID_IDENT' })
    // @ts-expect-error -- userId is missing
    await expect(Membership.get({ teamId: 1 })).rejects.toMatchObject({ code: 'INVALID_IDENT' })
    // @ts-expect-error -- role is not part of the key
    await expect(Membership.get({ teamId: 1, userId: 2, role: 'x' })).rejects.toMatchObject({
      code: 'INVALID_IDENT',
    })
    // @ts-expect-error -- a one-column key takes one value
    await expect(User.get([1, 2])).rejects.toBeInstanceOf(GinoError)
  })

  it('update().apply() changes memory at once, then writes back what RETURNING gives', async () => {
    const user = await User.create({ nickname: 'before', balance: 10 })
    const request = user.update({ nickname: 'after', balance: sql<number>`balance + 100` })
    expect(user.nickname).toBe('after') // in memory already
    expect(user.balance).toBe(10) // expressions are known only after apply
    await request.apply()
    expect(user.balance).toBe(110)
    const fresh = await User.get(user.id)
    expect(fresh?.nickname).toBe('after')
    expect(fresh?.balance).toBe(110)
  })

  it('update().apply() sends only the changed columns, and reads nothing back for plain values', async () => {
    const user = await User.create({ nickname: 'partial' })
    statements.length = 0
    await user.update({ balance: 5 }).apply()
    expect(statements).toEqual(['update "mdl_crud_users" set "balance" = $1 where "id" = $2'])
    expect((await User.get(user.id))?.balance).toBe(5)
  })

  it('create() sends one INSERT ... RETURNING of what the server fills in; get() one SELECT by key', async () => {
    statements.length = 0
    const user = await User.create({ nickname: 'sql' })
    const loaded = await User.get(user.id)
    expect(statements).toEqual([
      'insert into "mdl_crud_users" ("nickname", "balance") values ($1, $2) returning "id", "first_name", "last_name", "created_at", "token"',
      'select "mdl_crud_users"."id", "mdl_crud_users"."first_name", "mdl_crud_users"."last_name", "mdl_crud_users"."nickname", "mdl_crud_users"."balance", "mdl_crud_users"."created_at", "mdl_crud_users"."token" from "mdl_crud_users" where "mdl_crud_users"."id" = $1',
    ])
    // The instance still holds every value.
    expect({ ...user }).toEqual({ ...loaded })
  })

  it('update().apply() on a vanished row raises NoSuchRowError', async () => {
    const user = await User.create({ nickname: 'ghost' })
    await user.delete()
    await expect(user.update({ nickname: 'boo' }).apply()).rejects.toBeInstanceOf(NoSuchRowError)
  })

  it('delete() returns the status', async () => {
    const user = await User.create({ nickname: 'bye' })
    const status = await user.delete()
    expect(status.tag).toBe('DELETE 1')
    expect(status.rowCount).toBe(1)
    expect((await user.delete()).tag).toBe('DELETE 0')
  })

  it('a composite-key instance updates and deletes by its whole key', async () => {
    const m = await Membership.create({ teamId: 7, userId: 8 })
    await Membership.create({ teamId: 7, userId: 9 })
    await m.update({ role: 'admin' }).apply()
    expect((await Membership.get([7, 9]))?.role).toBe('member')
    expect((await m.delete()).rowCount).toBe(1)
    expect(await Membership.get([7, 9])).not.toBeNull()
  })

  it('a custom lookup() decides which row an instance stands for', async () => {
    const setting = await Setting.create({ key: 'theme', value: 'dark' })
    await Setting.create({ key: 'lang', value: 'en' })
    await setting.update({ value: 'light' }).apply()
    const rows = await db.all(
      sql<{ key: string; value: string }>`SELECT key, value FROM mdl_crud_settings ORDER BY key`,
    )
    expect(rows).toEqual([
      { key: 'lang', value: 'en' },
      { key: 'theme', value: 'light' },
    ])
    expect((await setting.delete()).rowCount).toBe(1)
  })

  it('update().apply() can change the primary key: the row is found by the key it had', async () => {
    const user = await User.create({ nickname: 'mover' })
    const oldId = user.id
    const newId = oldId + 100_000
    await user.update({ id: newId, nickname: 'moved' }).apply()
    expect(user.id).toBe(newId)
    expect(await User.get(oldId)).toBeNull()
    expect((await User.get(newId))?.nickname).toBe('moved')
    // The instance now carries the new key: later updates find the row by it.
    await user.update({ balance: 7 }).apply()
    expect((await User.get(newId))?.balance).toBe(7)
    // The same request used again after apply() looks up the key as it is now.
    const request = user.update({ id: newId + 1 })
    await request.apply()
    await request.update({ nickname: 'again' }).apply()
    expect((await User.get(newId + 1))?.nickname).toBe('again')

    const member = await Membership.create({ teamId: 1, userId: 900 })
    await member.update({ teamId: 2, userId: 901 }).apply()
    expect(await Membership.get([1, 900])).toBeNull()
    expect((await Membership.get([2, 901]))?.role).toBe('member')
  })

  it('a model with neither primary key nor lookup() refuses instance CRUD clearly', async () => {
    const log = await Log.create({ message: 'hello' })
    expect(log.message).toBe('hello')
    expect(() => log.update({ message: 'x' })).not.toThrow() // memory only
    await expect(log.update({ message: 'x' }).apply()).rejects.toMatchObject({ code: 'NO_LOOKUP' })
    await expect(log.delete()).rejects.toMatchObject({ code: 'NO_LOOKUP' })
    // @ts-expect-error -- a model without a primary key has no get()
    await expect(Log.get('hello')).rejects.toMatchObject({ code: 'NO_PRIMARY_KEY' })
  })

  it('refuses unknown attributes', async () => {
    await expect(User.create({ nope: 1 } as never)).rejects.toMatchObject({
      code: 'UNKNOWN_ATTRIBUTE',
    })
    const user = new User({ nickname: 'mem' })
    expect(() => user.update({ nope: 1 } as never)).toThrow(/no attribute "nope"/)
    expect(() => new User({ nope: 1 } as never)).toThrow(GinoError)
  })

  it('instances are plain containers: changing an attribute sends nothing', async () => {
    const user = await User.create({ nickname: 'plain' })
    user.nickname = 'changed in memory'
    expect((await User.get(user.id))?.nickname).toBe('plain')
  })

  it('new Model(values).create() inserts an instance built in memory', async () => {
    const user = new User({ nickname: 'built' })
    const same = await user.create()
    expect(same).toBe(user)
    expect(typeof user.id).toBe('number')
  })

  it('Model.query loads instances; Model.all / Model.first type them as the subclass', async () => {
    await User.create({ nickname: 'q1', firstName: 'Q' })
    const viaDb = await db.all(User.query.where('nickname', '=', 'q1'))
    expect(viaDb).toHaveLength(1)
    expect(viaDb[0]).toBeInstanceOf(User)
    const all = await User.all((q) => q.where('nickname', '=', 'q1'))
    expect(all[0]?.fullName).toBe('Q')
    const first = await User.first((q) => q.where('nickname', '=', 'q1'))
    expect(first).toBeInstanceOf(User)
    expect(await User.first((q) => q.where('nickname', '=', 'nobody'))).toBeNull()
    expect(
      (await db.all(User.query.where('nickname', '=', 'q1'), { returnModel: false }))[0],
    ).not.toBeInstanceOf(User)
  })

  it('Model.selectAll() is Model.query typed as the subclass; text().withLoader(Model) loads it', async () => {
    await User.create({ nickname: 'sa1', firstName: 'S', lastName: 'A' })
    expect(User.selectAll()).toBe(User.query)
    const rows = await db.all(User.selectAll().where('nickname', '=', 'sa1'))
    expect(rows[0]).toBeInstanceOf(User)
    expect(rows[0]?.fullName).toBe('S A')
    const first = await db.first(User.selectAll().where('nickname', '=', 'sa1'))
    expect(first?.fullName).toBe('S A')
    const viaText = await db.first(
      db.text('SELECT * FROM mdl_crud_users WHERE nickname = :nick').withLoader(User),
      { nick: 'sa1' },
    )
    expect(viaText?.fullName).toBe('S A')
  })

  it('toDict() and JSON.stringify use attribute names', async () => {
    const user = await User.create({ firstName: 'Jay', nickname: 'j' })
    const dict = user.toDict()
    expect(dict).toMatchObject({ id: user.id, firstName: 'Jay', lastName: null, nickname: 'j' })
    expect(Object.keys(dict)).not.toContain('first_name')
    const json = JSON.parse(JSON.stringify(user)) as Record<string, unknown>
    expect(json).toMatchObject({
      id: user.id,
      firstName: 'Jay',
      nickname: 'j',
      createdAt: user.createdAt.toISOString(),
    })
  })

  it('raw SQL loads into the model with text().withLoader(Model)', async () => {
    const user = await User.create({ nickname: 'raw' })
    const query = db.text('SELECT * FROM mdl_crud_users WHERE id = :id_val').withLoader(User)
    const loaded = await db.first(query, { id_val: user.id })
    expect(loaded).toBeInstanceOf(User)
    expect(loaded?.nickname).toBe('raw')
  })

  it('every operation takes { bind } and runs there, even on a db without a bind', async () => {
    const unbound = new Gino()
    const Item = unbound.model('mdl_crud_items', {
      id: column.serial().primaryKey(),
      name: column.text().notNull(),
    })
    await expect(Item.get(1)).rejects.toThrow('Gino engine is not initialized.')
    const bind = db.bind
    await unbound.createAll({ bind })
    const item = await Item.create({ name: 'a' }, { bind })
    expect((await Item.get(item.id, { bind }))?.name).toBe('a')
    await item.update({ name: 'b' }).apply({ bind })
    expect(await Item.exists((q) => q.where('name', '=', 'b'), { bind })).toBe(true)
    expect(await Item.insertMany([{ name: 'c' }], { bind })).toHaveLength(1)
    expect(await Item.upsert({ id: item.id, name: 'd' }, { conflict: ['id'], bind })).toMatchObject(
      { name: 'd' },
    )
    expect((await Item.all(undefined, { bind })).map((i) => i.name).sort()).toEqual(['c', 'd'])
    expect((await Item.first((q) => q.where('name', '=', 'c'), { bind }))?.name).toBe('c')
    expect((await item.delete({ bind })).rowCount).toBe(1)
    await unbound.dropAll({ bind })
  })

  describe('context connection', () => {
    it('create() inside db.transaction() joins it: a rollback leaves no row', async () => {
      let id = 0
      await db.transaction(async (tx) => {
        const user = await User.create({ nickname: 'rolled back' })
        id = user.id
        expect(await User.get(id)).not.toBeNull() // visible inside
        await tx.rollback()
      })
      expect(await User.get(id)).toBeNull()
    })

    it('update and delete inside a failed transaction are undone', async () => {
      const user = await User.create({ nickname: 'keep' })
      await expect(
        db.transaction(async () => {
          await user.update({ nickname: 'lost' }).apply()
          await (await User.get(user.id))!.delete()
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect((await User.get(user.id))?.nickname).toBe('keep')
    })
  })
})
