/**
 * Schema per tenant at the model level: `createAll({ schema, createSchema })` /
 * `dropAll({ schema })` work in one schema, and models without a schema of their own
 * follow `db.withSchema()`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { column, Gino, sql } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 7)}`

describeEachDriver('tenant schemas', (driver) => {
  const db = new Gino()
  const mood = db.enumType('mdl_ts_mood', ['calm', 'busy'])
  class Shop extends db.model('mdl_ts_shops', {
    id: column.serial().primaryKey(),
    name: column.text().notNull(),
    mood: mood.column().notNull().default('calm'),
  }) {}
  class Audit extends db.model(
    'mdl_ts_audit',
    { id: column.serial().primaryKey(), note: column.text().notNull() },
    { schema: 'public' },
  ) {}
  const tenants = [`mdl_ts_a_${suffix}`, `mdl_ts_b_${suffix}`] as const

  beforeAll(async () => {
    await db.setBind(await openEngine(driver, { max: 2 }))
  })
  afterAll(async () => {
    for (const schema of tenants)
      await db.status(sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`)
    await db.dropAll({ models: [Audit] })
    await db.popBind()?.close()
  })

  const tablesIn = async (schema: string): Promise<string[]> => {
    const rows = await db.all(
      sql<{
        name: string
      }>`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ${schema} AND c.relkind = 'r' ORDER BY 1`,
    )
    return rows.map((row) => row.name)
  }

  it('createAll({ schema, createSchema }) creates the schema and the models without a schema in it', async () => {
    for (const schema of tenants) await db.createAll({ schema, createSchema: true })
    for (const schema of tenants) expect(await tablesIn(schema)).toEqual(['mdl_ts_shops'])
    // Models with an explicit schema stay there; the caller's search_path is untouched.
    expect(await tablesIn('public')).toContain('mdl_ts_audit')
    expect(await tablesIn('public')).not.toContain('mdl_ts_shops')
    expect(await db.scalar('SELECT current_schema()')).toBe('public')
  })

  it('models follow db.withSchema: each tenant sees only its rows', async () => {
    await db.withSchema(tenants[0], () => Shop.create({ name: 'a-shop' }))
    await db.withSchema(tenants[1], async () => {
      await Shop.create({ name: 'b-shop', mood: 'busy' })
      await db.transaction(() => Shop.create({ name: 'b-shop-2' }))
      await Audit.create({ note: 'shared' })
    })
    const names = (schema: string) =>
      db.withSchema(schema, async () =>
        (await db.all(Shop.query.orderBy('id'))).map((shop) => shop.name),
      )
    expect(await names(tenants[0])).toEqual(['a-shop'])
    expect(await names(tenants[1])).toEqual(['b-shop', 'b-shop-2'])
    expect(await db.scalar(sql`SELECT count(*)::int AS n FROM public.mdl_ts_audit`)).toBe(1)
  })

  it("createAll({ schema }) inside a transaction puts the transaction's search_path back after", async () => {
    await db.transaction(async () => {
      await db.dropAll({ schema: tenants[0], models: [Shop] })
      expect(await db.scalar('SELECT current_schema()')).toBe('public')
      await db.createAll({ schema: tenants[0], models: [Shop] })
      expect(await db.scalar('SELECT current_schema()')).toBe('public')
    })
    expect(await tablesIn(tenants[0])).toEqual(['mdl_ts_shops'])
    expect(await db.withSchema(tenants[0], () => Shop.query.execute())).toEqual([])
  })

  it('dropAll({ schema }) drops the tables of that schema only', async () => {
    await db.dropAll({ schema: tenants[1], models: [Shop] })
    expect(await tablesIn(tenants[1])).toEqual([])
    expect(await tablesIn(tenants[0])).toEqual(['mdl_ts_shops'])
  })
})
