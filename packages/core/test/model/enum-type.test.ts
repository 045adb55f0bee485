import { afterAll, beforeAll, expect, it } from 'vitest'
import { column, Gino, QueryError } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

describeEachDriver('an enum type on its own', (driver) => {
  const db = new Gino()
  const Mood = db.enumType('mdl_enum_mood', ['sad', 'ok', 'happy'])
  const exists = () => db.scalar("SELECT count(*)::int FROM pg_type WHERE typname = 'mdl_enum_mood'")

  beforeAll(async () => {
    await db.setBind(await openEngine(driver))
    await db.status('DROP TABLE IF EXISTS mdl_enum_people')
    await Mood.drop({ cascade: true })
  })
  afterAll(async () => {
    await db.status('DROP TABLE IF EXISTS mdl_enum_people')
    await Mood.drop({ cascade: true })
    await db.popBind()?.close()
  })

  it('create() and drop() the type alone, checkFirst by default', async () => {
    await Mood.create()
    await Mood.create() // exists: skipped
    expect(await exists()).toBe(1)
    expect(await db.scalar("SELECT enum_range(NULL::mdl_enum_mood)::text")).toBe('{sad,ok,happy}')
    await expect(Mood.create({ checkFirst: false })).rejects.toBeInstanceOf(QueryError)
    await Mood.drop()
    await Mood.drop() // missing: skipped
    expect(await exists()).toBe(0)
  })

  it('columns of it; drop({ cascade: true }) takes those columns with it', async () => {
    const Person = db.model('mdl_enum_people', { id: column.serial().primaryKey(), mood: Mood.column().notNull() })
    await Person.createTable()
    const p = await Person.create({ mood: 'happy' })
    expect((await Person.get(p.id))?.mood).toBe('happy')
    await expect(Mood.drop()).rejects.toBeInstanceOf(QueryError) // in use
    await Mood.drop({ cascade: true })
    expect(await exists()).toBe(0)
    expect(await db.all("SELECT column_name FROM information_schema.columns WHERE table_name = 'mdl_enum_people'")).toEqual([
      { column_name: 'id' },
    ])
  })
})
