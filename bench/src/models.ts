import { column, sql, type Gino } from '@gino-ts/core'

/** The benchmark's models, declared on one `Gino` instance (one per backend). */
export function declareModels(db: Gino) {
  class User extends db.model('bench_users', {
    id: column.serial().primaryKey(),
    name: column.text().notNull(),
    email: column.text().notNull(),
    age: column.integer(),
    createdAt: column
      .timestamptz()
      .notNull()
      .named('created_at')
      .serverDefault(sql`now()`),
  }) {}

  class Post extends db.model('bench_posts', {
    id: column.serial().primaryKey(),
    userId: column.integer().notNull().named('user_id').references('bench_users.id').index(),
    title: column.text().notNull(),
    body: column.text().notNull(),
  }) {}

  class Item extends db.model('bench_items', {
    id: column.serial().primaryKey(),
    sku: column.text().notNull(),
    qty: column.integer().notNull(),
    price: column.numeric(10, 2).notNull(),
    note: column.text(),
  }) {}

  class Event extends db.model('bench_events', {
    id: column.serial().primaryKey(),
    userId: column.integer().notNull().named('user_id'),
    kind: column.text().notNull(),
    createdAt: column
      .timestamptz()
      .notNull()
      .named('created_at')
      .serverDefault(sql`now()`),
  }) {}

  return { User, Post, Item, Event }
}

export type Models = ReturnType<typeof declareModels>
