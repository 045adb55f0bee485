import { BULK_ROWS, POSTS_PER_USER, USER_COUNT, USERS_WITH_POSTS } from './config.js'

/** Tables of the benchmark, all prefixed `bench_`, children first (drop order). */
export const TABLES = ['bench_events', 'bench_items', 'bench_posts', 'bench_users'] as const

/** The same DDL the models declare, for the raw sides (and for gino-ts until it creates schemas). */
export const DDL = [
  `CREATE TABLE bench_users (
     id serial PRIMARY KEY, name text NOT NULL, email text NOT NULL, age integer,
     created_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE bench_posts (
     id serial PRIMARY KEY, user_id integer NOT NULL REFERENCES bench_users (id),
     title text NOT NULL, body text NOT NULL)`,
  `CREATE INDEX bench_posts_user_id_idx ON bench_posts (user_id)`,
  `CREATE TABLE bench_items (
     id serial PRIMARY KEY, sku text NOT NULL, qty integer NOT NULL, price numeric(10, 2) NOT NULL,
     note text)`,
  `CREATE TABLE bench_events (
     id serial PRIMARY KEY, user_id integer NOT NULL, kind text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now())`,
]

export const DROP = `DROP TABLE IF EXISTS ${TABLES.join(', ')} CASCADE`

export interface UserSeed {
  name: string
  email: string
  age: number
  created_at: Date
}

export interface PostSeed {
  user_id: number
  title: string
  body: string
}

/** One row of the bulk insert, by attribute (= column) name. */
export interface ItemRow {
  sku: string
  qty: number
  price: string
  note: string | null
}

const EPOCH = Date.UTC(2024, 0, 1)
const BODY =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.'

/** Users 1..USER_COUNT (ids follow insertion order on a fresh serial). */
export function userSeeds(): UserSeed[] {
  return Array.from({ length: USER_COUNT }, (_, i) => ({
    name: `user ${i + 1}`,
    email: `user${i + 1}@example.com`,
    age: 18 + (i % 60),
    created_at: new Date(EPOCH + i * 60_000),
  }))
}

/** POSTS_PER_USER posts for each of the first USERS_WITH_POSTS users. */
export function postSeeds(): PostSeed[] {
  const posts: PostSeed[] = []
  for (let user = 1; user <= USERS_WITH_POSTS; user++) {
    for (let k = 1; k <= POSTS_PER_USER; k++) {
      posts.push({ user_id: user, title: `post ${user}-${k}`, body: BODY })
    }
  }
  return posts
}

/** The rows every bulk insert writes (`count` of them; the growth check asks for more). */
export function itemRows(count = BULK_ROWS): ItemRow[] {
  return Array.from({ length: count }, (_, i) => ({
    sku: `SKU-${String(i).padStart(6, '0')}`,
    qty: i % 100,
    price: `${(i % 1000) + 0.99}`,
    note: i % 3 === 0 ? null : `note ${i}`,
  }))
}

/**
 * `INSERT INTO table (cols) VALUES ($1, $2), ($3, $4) ...` with the flat parameter list,
 * as a raw `pg` user writes it.
 */
export function multiRowInsert<R extends object>(
  table: string,
  columns: ReadonlyArray<keyof R & string>,
  rows: readonly R[],
  returning?: string,
): { sql: string; parameters: unknown[] } {
  const parameters: unknown[] = []
  const tuples: string[] = []
  for (const row of rows) {
    const slots: string[] = []
    for (const name of columns) {
      parameters.push(row[name])
      slots.push(`$${parameters.length}`)
    }
    tuples.push(`(${slots.join(', ')})`)
  }
  const tail = returning === undefined ? '' : ` RETURNING ${returning}`
  return {
    sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}${tail}`,
    parameters,
  }
}

/** Splits rows into chunks of `size`. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

/** Creates and fills the tables through `exec` (any driver). */
export async function createAndSeed(
  exec: (sql: string, parameters?: unknown[]) => Promise<unknown>,
): Promise<void> {
  await exec(DROP)
  for (const statement of DDL) await exec(statement)
  await seedRows(exec)
}

/** Fills freshly created tables through `exec`. */
export async function seedRows(
  exec: (sql: string, parameters?: unknown[]) => Promise<unknown>,
): Promise<void> {
  for (const chunk of chunks(userSeeds(), 1000)) {
    const { sql, parameters } = multiRowInsert(
      'bench_users',
      ['name', 'email', 'age', 'created_at'],
      chunk,
    )
    await exec(sql, parameters)
  }
  for (const chunk of chunks(postSeeds(), 1000)) {
    const { sql, parameters } = multiRowInsert('bench_posts', ['user_id', 'title', 'body'], chunk)
    await exec(sql, parameters)
  }
  await exec('ANALYZE bench_users')
  await exec('ANALYZE bench_posts')
}
