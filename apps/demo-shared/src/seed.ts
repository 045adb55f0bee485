import { fileURLToPath } from 'node:url'
import { migrate } from '@gino-ts/migrate'
import { Book, db, User, Visit } from './models.js'

/** The demo's migrations, generated from `models.ts` by `gino-ts migrate generate`. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url))

/**
 * How the tables come to be at startup: `migrations` applies the pending files of
 * `MIGRATIONS_DIR` (what `server.ts` does: under an advisory lock, so every instance may);
 * `createAll` creates what is missing straight from the models (throwaway test databases).
 */
export type SchemaSetup = 'migrations' | 'createAll'

/** What a new database is filled with: users in id order, with their books and visits. */
export const SEED = [
  { name: 'Fantix King', books: ['Async Python', 'GINO Is Not ORM'], visits: 3 },
  { name: 'Tony Wang', books: ['Data Mappers in Practice'], visits: 1 },
  { name: 'Ádám Bódi', books: [], visits: 0 },
] as const

/**
 * Brings the schema up to date (see `SchemaSetup`) and, only when there is no user yet,
 * inserts `SEED`: safe to run on every start. Runs on `db`'s bound engine.
 *
 * @example
 * ```ts
 * await gino.start()
 * await prepareDatabase('migrations')
 * ```
 */
export async function prepareDatabase(schema: SchemaSetup = 'createAll'): Promise<void> {
  if (schema === 'migrations') await migrate(db, { dir: MIGRATIONS_DIR })
  else await db.createAll({ checkFirst: true })
  await db.transaction(async () => {
    if (await User.exists()) return
    const users = await User.insertMany(SEED.map(({ name }) => ({ name })))
    const books = users.flatMap((user, i) =>
      SEED[i]!.books.map((title) => ({ title, authorId: user.id })),
    )
    const visits = users.flatMap((user, i) =>
      Array.from({ length: SEED[i]!.visits }, () => ({ userId: user.id })),
    )
    if (books.length) await Book.insertMany(books)
    if (visits.length) await Visit.insertMany(visits)
  })
}

/**
 * Starts an integration and prepares the database (`prepareDatabase`); a failed start
 * closes what it opened, so no pool keeps the process running, then rethrows. The
 * Express and Koa apps call it; Fastify's plugin starts in its own `onReady`.
 *
 * @example
 * ```ts
 * await startWithDatabase(gino, options.schema)
 * ```
 */
export async function startWithDatabase(
  gino: { start(): Promise<unknown>; close(): Promise<unknown> },
  schema?: SchemaSetup,
): Promise<void> {
  try {
    await gino.start()
    await prepareDatabase(schema)
  } catch (error) {
    await gino.close().catch(() => {})
    throw error
  }
}
