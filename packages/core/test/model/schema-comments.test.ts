import { afterAll, beforeAll, expect, it } from 'vitest'
import { column, Gino } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

describeEachDriver('table and column comments', (driver) => {
  const db = new Gino()
  const Note = db.model(
    'mdl_cmt_notes',
    {
      id: column.serial().primaryKey(),
      body: column.text().notNull().comment("The note's text, as typed"),
      authorId: column.integer().named('author_id').comment('Who wrote it'),
    },
    { comment: 'Notes users keep' },
  )

  beforeAll(async () => {
    await db.setBind(await openEngine(driver))
    await db.dropAll()
  })
  afterAll(async () => {
    await db.dropAll()
    await db.popBind()?.close()
  })

  const comments = () =>
    db.one(`SELECT obj_description('mdl_cmt_notes'::regclass, 'pg_class') AS "table",
      col_description('mdl_cmt_notes'::regclass, 2) AS body, col_description('mdl_cmt_notes'::regclass, 3) AS author,
      col_description('mdl_cmt_notes'::regclass, 1) AS id`)

  it('createAll() writes the table and column comments (quotes escaped)', async () => {
    await db.createAll()
    expect(await comments()).toEqual({
      table: 'Notes users keep',
      body: "The note's text, as typed",
      author: 'Who wrote it',
      id: null,
    })
  })

  it('createTable() writes them too', async () => {
    await db.dropAll()
    await Note.createTable()
    expect((await comments()).table).toBe('Notes users keep')
  })
})
