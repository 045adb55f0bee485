import { Gino, column } from '@gino-ts/core'

const db = new Gino()
class User extends db.model('users', { id: column.serial().primaryKey(), name: column.text() }) {}

export async function up(): Promise<void> {
  await db.kysely.schema.alterTable(User.tableName).addColumn('email', 'text').execute()
}
export const tables = db.models.map((model) => model.meta.tableName)
