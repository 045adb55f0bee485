import { many, sql } from '@gino-ts/core'
import type { Backend } from './backends.js'
import {
  BULK_CHUNK,
  CONCURRENT_CALLERS,
  HEAVY_MS,
  LIGHT_MS,
  NESTED_USERS,
  PAGE_SIZE,
  USER_COUNT,
  USERS_WITH_POSTS,
} from './config.js'
import { chunks, itemRows, multiRowInsert, type ItemRow } from './data.js'
import type { Operation, Workload } from './harness.js'
import type { RawQuery } from './raw-driver.js'

const USER_COLUMNS = 'id, name, email, age, created_at'

interface UserRow {
  id: number
  name: string
  email: string
  age: number | null
  created_at: Date
}

/** What the raw side maps a user row into: the model's attribute names. */
interface UserObject {
  id: number
  name: string
  email: string
  age: number | null
  createdAt: Date
}

interface PostObject {
  id: number
  userId: number
  title: string
  body: string
}

interface JoinedRow extends UserRow {
  post_id: number | null
  post_user_id: number | null
  title: string | null
  body: string | null
}

interface ItemObject extends ItemRow {
  id: number
}

function sameItems(title: string, gino: unknown, raw: unknown): void {
  const key = (items: unknown): string =>
    (items as ItemObject[])
      .map((item) => `${item.id}:${item.sku}:${item.qty}:${item.note}`)
      .join(',')
  const a = key(gino)
  if (a !== key(raw) || (gino as unknown[]).length !== itemRows().length) fail(title, 'rows')
}

function fail(title: string, detail: string): never {
  throw new Error(`${title}: gino-ts and raw results differ (${detail})`)
}

function userKey(
  user: { id: number; email: string; createdAt?: Date; created_at?: Date } | null,
): string {
  if (user === null) return 'null'
  const created = user.createdAt ?? user.created_at
  return `${user.id}|${user.email}|${created?.toISOString()}`
}

function sameUsers(title: string, gino: unknown, raw: unknown): void {
  const g = (gino as Array<Parameters<typeof userKey>[0]>).map(userKey).sort().join(',')
  const r = (raw as Array<Parameters<typeof userKey>[0]>).map(userKey).sort().join(',')
  if (g !== r || g.length === 0) fail(title, `${g.slice(0, 80)} vs ${r.slice(0, 80)}`)
}

function toUserObject(row: UserRow): UserObject {
  return { id: row.id, name: row.name, email: row.email, age: row.age, createdAt: row.created_at }
}

/** The seven workloads on one backend, in report order. */
export function workloads(backend: Backend): Workload[] {
  const { db, raw, models } = backend
  const { User, Post, Item } = models
  const userId = (i: number): number => 1 + (i % USER_COUNT)
  /** The raw side written once over a query function: plain `pool.query`, and prepared. */
  const rawSides = (make: (query: RawQuery, prepared: boolean) => Operation) => ({
    raw: make(raw.query, false),
    ...(raw.prepared === undefined ? {} : { prepared: make(raw.prepared, true) }),
  })

  const getGino = (i: number) => User.get(userId(i))
  const getRaw = (query: RawQuery) => async (i: number) => {
    const { rows } = await query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM bench_users WHERE id = $1`,
      [userId(i)],
    )
    return rows[0] ?? null
  }
  const checkGet = (title: string) => (g: unknown, r: unknown) => {
    if (userKey(g as UserObject) !== userKey(r as UserRow)) fail(title, 'get')
  }

  const pages = USER_COUNT / PAGE_SIZE
  const windows = USERS_WITH_POSTS / NESTED_USERS
  const items: ItemRow[] = itemRows()
  const itemColumns = ['sku', 'qty', 'price', 'note'] as const
  const emptyItems = (side: string) =>
    side === 'gino'
      ? backend.ginoExec('TRUNCATE bench_items RESTART IDENTITY')
      : backend.rawExec('TRUNCATE bench_items RESTART IDENTITY')
  // Workload 7 adds users and posts: drop them before each round (the seeded rows stay).
  const dropAdded = async (side: string) => {
    const exec = side === 'gino' ? backend.ginoExec : backend.rawExec
    await exec(`DELETE FROM bench_posts WHERE user_id > ${USER_COUNT}`)
    await exec(`DELETE FROM bench_users WHERE id > ${USER_COUNT}`)
  }

  // Built once, like any query definition; each call narrows it (builders are immutable).
  const usersWithPosts = User.distinct('id').load({ posts: many(Post.distinct('id')) })

  const list: Workload[] = [
    {
      title: '1. get by primary key (sequential)',
      gino: getGino,
      ...rawSides(getRaw),
      concurrency: 1,
      roundMs: LIGHT_MS,
      check: checkGet('get'),
    },
    {
      title: `2. get by primary key (${CONCURRENT_CALLERS} callers, pool of ${backend.poolSize})`,
      gino: getGino,
      ...rawSides(getRaw),
      concurrency: CONCURRENT_CALLERS,
      roundMs: LIGHT_MS,
      check: checkGet('get concurrent'),
    },
    {
      title: `3. page of ${PAGE_SIZE} rows (ORDER BY id LIMIT/OFFSET)`,
      gino: (i) =>
        db.all(
          User.query
            .orderBy('id')
            .limit(PAGE_SIZE)
            .offset((i % pages) * PAGE_SIZE),
        ),
      ...rawSides((query) => async (i) => {
        const { rows } = await query<UserRow>(
          `SELECT ${USER_COLUMNS} FROM bench_users ORDER BY id LIMIT $1 OFFSET $2`,
          [PAGE_SIZE, (i % pages) * PAGE_SIZE],
        )
        return rows
      }),
      concurrency: 1,
      roundMs: LIGHT_MS,
      check: (g, r) => sameUsers('page', g, r),
    },
    {
      title: `4. ${USER_COUNT.toLocaleString('en')} rows into objects`,
      gino: () => db.all(User.query),
      ...rawSides((query) => async () => {
        const { rows } = await query<UserRow>(`SELECT ${USER_COLUMNS} FROM bench_users`)
        return rows.map(toUserObject)
      }),
      concurrency: 1,
      roundMs: HEAVY_MS,
      check: (g, r) => sameUsers('10k rows', g, r),
    },
    {
      title: `5. ${NESTED_USERS} users with their posts (one joined query)`,
      gino: (i) => {
        const low = (i % windows) * NESTED_USERS
        return db.all(
          usersWithPosts
            .where('bench_users.id', '>', low)
            .where('bench_users.id', '<=', low + NESTED_USERS)
            .orderBy('bench_users.id')
            .orderBy('bench_posts.id'),
        )
      },
      ...rawSides((query) => async (i) => {
        const low = (i % windows) * NESTED_USERS
        const { rows } = await query<JoinedRow>(
          `SELECT u.id, u.name, u.email, u.age, u.created_at,
                  p.id AS post_id, p.user_id AS post_user_id, p.title, p.body
             FROM bench_users u LEFT OUTER JOIN bench_posts p ON p.user_id = u.id
            WHERE u.id > $1 AND u.id <= $2
            ORDER BY u.id, p.id`,
          [low, low + NESTED_USERS],
        )
        const users: Array<UserObject & { posts: PostObject[] }> = []
        let current: (UserObject & { posts: PostObject[] }) | undefined
        for (const row of rows) {
          if (current?.id !== row.id) {
            current = { ...toUserObject(row), posts: [] }
            users.push(current)
          }
          if (row.post_id !== null) {
            current.posts.push({
              id: row.post_id,
              userId: row.post_user_id!,
              title: row.title!,
              body: row.body!,
            })
          }
        }
        return users
      }),
      concurrency: 1,
      roundMs: LIGHT_MS,
      check: (g, r) => {
        const shape = (users: unknown): string =>
          (users as Array<{ id: number; posts: PostObject[] }>)
            .map((u) => `${u.id}:${u.posts.map((p) => `${p.id}/${p.userId}/${p.title}`).join(';')}`)
            .join(',')
        const a = shape(g)
        const b = shape(r)
        if (a !== b || (g as unknown[]).length !== NESTED_USERS)
          fail('nested', `${a.slice(0, 80)} vs ${b.slice(0, 80)}`)
      },
    },
    {
      title: `6. bulk insert of ${items.length.toLocaleString('en')} rows: insertMany (${BULK_CHUNK} per INSERT)`,
      note: 'both sides: one transaction, RETURNING the server-filled column (id) merged into the input rows',
      gino: () => Item.insertMany(items, { chunkSize: BULK_CHUNK }),
      ...rawSides((_, prepared) => async () => {
        const inserted: ItemObject[] = []
        await raw.transaction(async (query) => {
          for (const chunk of chunks(items, BULK_CHUNK)) {
            const { sql: text, parameters } = multiRowInsert(
              'bench_items',
              itemColumns,
              chunk,
              'id',
            )
            const { rows } = await query<{ id: number }>(text, parameters)
            rows.forEach((row, k) => inserted.push({ ...chunk[k]!, id: row.id }))
          }
        }, prepared)
        return inserted
      }),
      concurrency: 1,
      roundMs: HEAVY_MS,
      beforeRound: emptyItems,
      check: (g, r) => sameItems('insertMany', g, r),
    },
    {
      title: `6b. bulk insert of ${items.length.toLocaleString('en')} rows: Kysely via the model (${BULK_CHUNK} per INSERT)`,
      note: 'RETURNING id, no transaction',
      gino: async () => {
        const ids: number[] = []
        for (const chunk of chunks(items, BULK_CHUNK)) {
          const rows = await db.all(Item.insert.values(chunk).returning('id'))
          for (const row of rows) ids.push(row.id)
        }
        return ids
      },
      ...rawSides((query) => async () => {
        const ids: number[] = []
        for (const chunk of chunks(items, BULK_CHUNK)) {
          const { sql: text, parameters } = multiRowInsert('bench_items', itemColumns, chunk, 'id')
          const { rows } = await query<{ id: number }>(text, parameters)
          for (const row of rows) ids.push(row.id)
        }
        return ids
      }),
      concurrency: 1,
      roundMs: HEAVY_MS,
      beforeRound: emptyItems,
      check: (g, r) => {
        const a = (g as number[]).join(',')
        if (a !== (r as number[]).join(',') || (g as number[]).length !== items.length)
          fail('bulk insert', 'ids')
      },
    },
    {
      title: '7. transaction: insert a user and a post referencing it',
      gino: (i) =>
        db.transaction(async () => {
          const user = await User.create({ name: `new ${i}`, email: `new${i}@example.com` })
          return Post.create({ userId: user.id, title: `first ${i}`, body: 'hello' })
        }),
      ...rawSides((_, prepared) => async (i) => {
        let post: PostObject | undefined
        await raw.transaction(async (query) => {
          const { rows: users } = await query<{ id: number; created_at: Date }>(
            'INSERT INTO bench_users (name, email) VALUES ($1, $2) RETURNING id, created_at',
            [`new ${i}`, `new${i}@example.com`],
          )
          const { rows } = await query<{ id: number; user_id: number; title: string }>(
            'INSERT INTO bench_posts (user_id, title, body) VALUES ($1, $2, $3) RETURNING id',
            [users[0]!.id, `first ${i}`, 'hello'],
          )
          post = { id: rows[0]!.id, userId: users[0]!.id, title: `first ${i}`, body: 'hello' }
        }, prepared)
        return post
      }),
      concurrency: 1,
      roundMs: LIGHT_MS,
      beforeRound: dropAdded,
      check: (g, r) => {
        const a = g as PostObject
        const b = r as PostObject
        if (a.title !== b.title || a.userId <= USER_COUNT || b.userId <= USER_COUNT)
          fail('transaction', 'post')
      },
    },
  ]
  return list
}
