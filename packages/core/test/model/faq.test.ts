/**
 * The FAQ's answers about models (gino-faq.txt), as TypeScript that runs. Joins and
 * loaders have their own suites.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  column,
  createEngine,
  type Engine,
  Gino,
  index,
  sql,
  UninitializedError,
} from '../../src/index.js'
import { describeEachDriver, describeServer, SERVER_DSN } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

function declare(db: Gino) {
  class User extends db.model(
    'mdl_faq_users',
    {
      id: column.serial().primaryKey(),
      name: column.text(),
      email: column.text(),
      firstName: column.text().named('first_name'),
      lastName: column.text().named('last_name'),
    },
    // "How to define index with multiple columns?"
    { indexes: [index('mdl_faq_index_on_name').on('first_name', 'last_name')] },
  ) {}
  return User
}

describeEachDriver('FAQ', (driver) => {
  const db = new Gino()
  const User = declare(db)

  useModels(db, driver)

  it('ORM or not ORM? Instances are plain objects; changes reach the database only when executed', async () => {
    const user = await User.create({ name: 'fantix' })
    user.name = 'only in memory'
    expect((await User.get(user.id))?.name).toBe('fantix')
    await user.update({ name: 'saved' }).apply()
    expect((await User.get(user.id))?.name).toBe('saved')
  })

  it('How to define index with multiple columns? index(name).on(first, last), created by createAll', async () => {
    const def = await db.scalar(
      sql<{
        indexdef: string
      }>`SELECT indexdef FROM pg_indexes WHERE indexname = 'mdl_faq_index_on_name'`,
    )
    expect(def).toMatch(/\(first_name, last_name\)$/)
  })

  it('How to do bulk or batch insert? One statement for every name', async () => {
    const newNames = ['Austin', 'Ali', 'Jeff', 'Marissa']
    const newNamesDict = newNames.map((name) => ({ name }))
    // GINO: await User.insert().gino.all(new_names_dict)
    const users = await User.insertMany(newNamesDict)
    expect(users.map((u) => u.name)).toEqual(newNames)
    // or plain Kysely, returning rows
    const rows = await db.all(User.insert.values(newNamesDict).returning(['id', 'name']))
    expect(rows.map((row) => row.name)).toEqual(newNames)
  })

  it('How to run EXISTS SQL? db.scalar of an EXISTS, or User.exists()', async () => {
    await User.create({ name: 'e', email: 'exists@example.com' })
    // GINO: await db.scalar(db.exists().where(User.email == email).select())
    const exists = (email: string) =>
      db.scalar(
        db.kysely.selectNoFrom((eb) =>
          eb.exists(User.query.where('email', '=', email)).as('exists'),
        ),
      )
    expect(await exists('exists@example.com')).toBe(true)
    expect(await exists('nobody@example.com')).toBe(false)
    expect(await User.exists((q) => q.where('email', '=', 'exists@example.com'))).toBe(true)
    expect(await User.exists((q) => q.where('email', '=', 'nobody@example.com'))).toBe(false)
    expect(await User.exists()).toBe(true)
  })

  it('How to execute raw SQL with parameters? text() with :names, loaded into the model', async () => {
    const user = await User.create({ name: 'raw' })
    const query = db.text('SELECT * FROM mdl_faq_users WHERE id = :id_val')
    const row = await db.first(query, { id_val: user.id })
    expect(row).toMatchObject({ id: user.id, name: 'raw' })
    const loaded = await db.first(query.withLoader(User), { id_val: user.id })
    expect(loaded).toBeInstanceOf(User)
    expect(loaded?.name).toBe('raw')
  })

  it('How can I do SQL xxxx? Models are Kysely tables: any Kysely query works', async () => {
    await User.insertMany([
      { name: 'g', firstName: 'A', lastName: 'Z' },
      { name: 'g', firstName: 'B', lastName: 'Z' },
    ])
    const counts = await db.all(
      User.select('last_name')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('last_name', '=', 'Z')
        .groupBy('last_name'),
    )
    expect(counts).toEqual([{ last_name: 'Z', n: 2 }])
    expect(String(User.columns.firstName)).toBe('mdl_faq_users.first_name')
  })

  it('Gino engine is not initialized? UninitializedError without a bind; or pass bind per call', async () => {
    const unbound = new Gino()
    const Unbound = declare(unbound)
    await expect(Unbound.get(1)).rejects.toBeInstanceOf(UninitializedError)
    await expect(Unbound.get(1)).rejects.toThrow('Gino engine is not initialized.')
    const engine = db.bind
    const created = await Unbound.create({ name: 'bound' }, { bind: engine })
    // GINO: user = await User.get(request.user_id, bind=engine)
    const user = await Unbound.get(created.id, { bind: engine })
    expect(user?.name).toBe('bound')
  })

  it('How to work with Alembic? The db is the schema registry a migration tool reads', () => {
    const [model] = db.models
    expect(model?.meta.tableName).toBe('mdl_faq_users')
    expect(model?.meta.indexes.map((i) => [i.name, i.columns])).toEqual([
      ['mdl_faq_index_on_name', ['first_name', 'last_name']],
    ])
  })
})

describeServer('FAQ: multiple databases on the fly', () => {
  // Two engines on different data: the second reads another schema first (its search
  // path), standing in for a second database on the same server.
  let main: Engine
  let other: Engine
  const db = new Gino()
  const User = declare(db)

  beforeAll(async () => {
    main = await createEngine(SERVER_DSN)
    await main.status('CREATE SCHEMA IF NOT EXISTS mdl_faq_other')
    other = await createEngine(SERVER_DSN, {
      driverOptions: { options: '-c search_path=mdl_faq_other' },
    })
    for (const engine of [main, other]) {
      await db.dropAll({ bind: engine })
      await db.createAll({ bind: engine })
    }
    await User.create({ name: 'main' }, { bind: main })
    await User.create({ name: 'other' }, { bind: other })
  })

  afterAll(async () => {
    await db.dropAll({ bind: main })
    await main.status('DROP SCHEMA IF EXISTS mdl_faq_other CASCADE')
    await main.close()
    await other.close()
  })

  it('User.get() reads whichever database the context binds', async () => {
    const first = () => User.first((q) => q.orderBy('id'))
    expect((await db.runWithBind(main, first))?.name).toBe('main')
    expect((await db.runWithBind(other, first))?.name).toBe('other')
  })
})
