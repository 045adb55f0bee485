import { expect, it } from 'vitest'
import { column, Gino, GinoError } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

describeEachDriver('instance.query and instance.select(...)', (driver) => {
  const db = new Gino()
  class Account extends db.model('mdl_instq_accounts', {
    id: column.serial().primaryKey(),
    nickname: column.text().notNull(),
    balance: column.integer().notNull().default(0),
  }) {
    get label(): string {
      return `${this.nickname} (${this.balance})`
    }
  }
  class Member extends db.model('mdl_instq_members', {
    teamId: column.integer().primaryKey().named('team_id'),
    userId: column.integer().primaryKey().named('user_id'),
    role: column.text().notNull(),
  }) {}

  useModels(db, driver)

  it('instance.query selects this row by key and loads a fresh instance', async () => {
    const ann = await Account.create({ nickname: 'ann', balance: 10 })
    await Account.create({ nickname: 'bob' })
    await db.status('UPDATE mdl_instq_accounts SET balance = 99 WHERE id = :id', { id: ann.id })
    const fresh = await db.one(ann.query)
    expect(fresh).toBeInstanceOf(Account)
    expect(fresh.balance).toBe(99)
    expect(ann.balance).toBe(10) // the instance itself is untouched
    expect((fresh as Account).label).toBe('ann (99)')
  })

  it('instance.select(...) gives the named columns of this row, fresh from the database', async () => {
    const cy = await Account.create({ nickname: 'cy', balance: 5 })
    await db.status('UPDATE mdl_instq_accounts SET balance = balance + 1 WHERE id = :id', { id: cy.id })
    expect(await db.scalar(cy.select('balance'))).toBe(6)
    expect(await db.one(cy.select('nickname', 'balance'))).toEqual({ nickname: 'cy', balance: 6 })
    expect(() => cy.select()).toThrow(GinoError)
  })

  it('a composite key narrows by every key column', async () => {
    await Member.create({ teamId: 1, userId: 1, role: 'owner' })
    const m = await Member.create({ teamId: 1, userId: 2, role: 'member' })
    expect(await db.all(m.select('role'))).toEqual([{ role: 'member' }])
    expect((await db.all(m.query)).map((row) => row.userId)).toEqual([2])
  })
})
