import assert from 'node:assert/strict'
import { Gino, column, type DatabaseOf } from '@gino-ts/core'

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
interface Database extends DatabaseOf<typeof Member | typeof Note> {}
const db: Gino<Database> = new Gino()

class Member extends db.model('members', {
  id: column.serial().primaryKey(),
  displayName: column.text().notNull().named('display_name'),
}) {}
class Note extends db.model('notes', {
  id: column.serial().primaryKey(),
  memberId: column.integer().notNull().named('member_id').references(() => Member.columns.id),
  body: column.text().notNull(),
}) {}

await db.setBind(process.env.DATABASE_URL ?? 'pglite://')
await db.createAll()
const member = await Member.create({ displayName: 'ann' })
await Note.create({ memberId: member.id, body: 'hello' })

// Tables by name, columns by database name: a typo is a compile error.
const rows = await db.kysely
  .selectFrom('notes')
  .innerJoin('members', 'members.id', 'notes.member_id')
  .select(['members.display_name', 'notes.body'])
  .execute()
assert.deepEqual(rows, [{ display_name: 'ann', body: 'hello' }])

await db.dropAll()
await db.popBind()?.close()
