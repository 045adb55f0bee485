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
import type { Workload } from './harness.js'

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
  const { User, Post, Item, Event } = models
  const userId = (i: number): number => 1 + (i % USER_COUNT)

  const getGino = (i: number) => User.get(userId(i))
  const getRaw = async (i: number) => {
    const { rows } = await raw.query<UserRow>(
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
  const emptyItems = {
    gino: () => backend.ginoExec('TRUNCATE bench_items RESTART IDENTITY'),
    raw: () => backend.rawExec('TRUNCATE bench_items RESTART IDENTITY'),
  }

  // Built once, like any query definition; each call narrows it (builders are immutable).
  const usersWithPosts = User.distinct('id').load({ posts: many(Post.distinct('id')) })

  const list: Workload[] = [
    {
      title: '1. get by primary key (sequential)',
      gino: getGino,
      raw: getRaw,
      concurrency: 1,
      roundMs: LIGHT_MS,
      check: checkGet('get'),
    },
    {
      title: `2. get by primary key (${CONCURRENT_CALLERS} callers, pool of ${backend.poolSize})`,
      gino: getGino,
      raw: getRaw,
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
      raw: async (i) => {
        const { rows } = await raw.query<UserRow>(
          `SELECT ${USER_COLUMNS} FROM bench_users ORDER BY id LIMIT $1 OFFSET $2`,
          [PAGE_SIZE, (i % pages) * PAGE_SIZE],
        )
        return rows
      },
      concurrency: 1,
      roundMs: LIGHT_MS,
      check: (g, r) => sameUsers('page', g, r),
    },
    {
      title: `4. ${USER_COUNT.toLocaleString('en')} rows into objects`,
      gino: () => db.all(User.query),
      raw: async () => {
        const { rows } = await raw.query<UserRow>(`SELECT ${USER_COLUMNS} FROM bench_users`)
        return rows.map(toUserObject)
      },
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
      raw: async (i) => {
        const low = (i % windows) * NESTED_USERS
        const { rows } = await raw.query<JoinedRow>(
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
      },
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
      raw: async () => {
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
        })
        return inserted
      },
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
      raw: async () => {
        const ids: number[] = []
        for (const chunk of chunks(items, BULK_CHUNK)) {
          const { sql: text, parameters } = multiRowInsert('bench_items', itemColumns, chunk, 'id')
          const { rows } = await raw.query<{ id: number }>(text, parameters)
          for (const row of rows) ids.push(row.id)
        }
        return ids
      },
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
      title: '7. transaction of two statements (UPDATE + INSERT RETURNING)',
      gino: (i) =>
        db.transaction(async () => {
          await db.status(
            User.update.set({ age: sql<number>`age + 1` }).where('id', '=', userId(i)),
          )
          return Event.create({ userId: userId(i), kind: 'visit' })
        }),
      raw: async (i) => {
        let event: unknown
        await raw.transaction(async (query) => {
          await query('UPDATE bench_users SET age = age + 1 WHERE id = $1', [userId(i)])
          const { rows } = await query(
            'INSERT INTO bench_events (user_id, kind) VALUES ($1, $2) RETURNING id, user_id, kind, created_at',
            [userId(i), 'visit'],
          )
          event = rows[0]
        })
        return event
      },
      concurrency: 1,
      roundMs: LIGHT_MS,
      check: (g, r) => {
        const a = g as { userId: number; kind: string }
        const b = r as { user_id: number; kind: string }
        if (a.userId !== b.user_id || a.kind !== b.kind) fail('transaction', 'event')
      },
    },
  ]
  return list
}
