/**
 * PGlite's wire path (dialect/pglite-wire.ts) answers exactly as PGlite's own `query()`
 * and `exec()` would: same rows in both row modes, same fields, command tags, row counts
 * and errors, on the first run of a statement (prepared then) and on later ones.
 */
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PglitePoolAdapter } from '../../src/dialect/pglite-adapter.js'
import type { PoolAdapter } from '../../src/dialect/driver-adapter.js'
import { TYPE_PARSERS } from '../../src/dialect/type-parsers.js'
import { resolveEngineOptions } from '../../src/engine/options.js'
import { pgliteTemplate } from '../support/pglite-template.js'

const TYPES = `SELECT $1::int AS i, $2::bigint AS b, $3::numeric AS n, $4::text AS t, $5::timestamptz AS tz,
  $6::timestamp AS ts, $7::date AS d, $8::jsonb AS j, $9::int[] AS ia, $10::bool AS bo, $11::bytea AS by,
  NULL::text AS nul, $12::text[] AS ta, 1 AS dup, 2 AS dup, 'x' AS "__proto__"`
const VALUES = [
  1,
  '9007199254740993',
  '1.50',
  'hé "quoted"',
  new Date('2024-02-29T12:34:56.789Z'),
  new Date('1999-12-31T23:59:59Z'),
  '2024-02-29',
  { a: [1, 'x', null] },
  [1, 2, null],
  true,
  new Uint8Array([1, 2, 255]),
  ['a', 'b,c', null],
]

describe.each([
  { prepare: true, label: 'prepared' },
  { prepare: false, label: 'unprepared' },
])('PGlite wire path ($label) against PGlite query()', ({ prepare }) => {
  let adapter: PoolAdapter
  let raw: PGlite
  const fail = (error: Error): Error => error

  beforeAll(async () => {
    const options = resolveEngineOptions({ prepare })
    adapter = await PglitePoolAdapter.open({ driver: 'pglite', dataDir: undefined } as never, options)
    raw = await PGlite.create({ loadDataDir: await pgliteTemplate(), parsers: TYPE_PARSERS })
    for (const run of [(sql: string) => adapter.query(sql, [], 'object', fail), (sql: string) => raw.exec(sql)]) {
      await run('CREATE TABLE wire_t (id serial PRIMARY KEY, name text NOT NULL)')
    }
  })
  afterAll(async () => {
    await adapter.close()
    await raw.close()
  })

  /** Both sides' answer to one statement, twice (the second run uses the prepared statement). */
  async function both(sql: string, values: unknown[], rowMode: 'object' | 'array') {
    const ours = [await adapter.query(sql, values, rowMode, fail), await adapter.query(sql, values, rowMode, fail)]
    const result = values.length === 0 && !sql.includes(';') ? (await raw.exec(sql, { rowMode })).at(-1)! : await raw.query(sql, values, { rowMode })
    return { ours, theirs: result }
  }

  it.each(['object', 'array'] as const)('reads every type as query() does (%s rows)', async (rowMode) => {
    const { ours, theirs } = await both(TYPES, VALUES, rowMode)
    for (const result of ours) {
      expect(result.rows).toEqual(theirs.rows)
      expect(result.fields).toEqual(theirs.fields)
      expect(result.command).toBe('SELECT')
      expect(result.rowCount).toBe(1)
    }
    if (rowMode === 'object') {
      const row = ours[0]!.rows[0] as Record<string, unknown>
      // `__proto__` is a column like any other, not the row's prototype.
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype)
      expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('x')
      expect(row.dup).toBe(2)
    }
  })

  it('reports command tags and row counts as query() and exec() do', async () => {
    const statements: Array<[string, unknown[]]> = [
      ['INSERT INTO wire_t (name) VALUES ($1), ($2) RETURNING id, name', ['a', 'b']],
      ['UPDATE wire_t SET name = name || $1 WHERE id > $2', ['!', 0]],
      ['SELECT * FROM wire_t ORDER BY id', []],
      ['DELETE FROM wire_t WHERE id < 0', []],
      ['SET application_name = wire', []],
    ]
    for (const [sql, values] of statements) {
      const mine = await adapter.query(sql, values, 'object', fail)
      const result = values.length === 0 ? (await raw.exec(sql)).at(-1)! : await raw.query(sql, values)
      expect(mine.rows, sql).toEqual(result.rows)
      expect(mine.command, sql).toBe((result as { command?: string }).command ?? '')
      expect(mine.rowCount, sql).toBe((result as { rowCount?: number }).rowCount ?? (mine.command === 'SELECT' ? mine.rows.length : null))
    }
  })

  it('fails as query() does, and the session carries on', async () => {
    for (const [sql, values] of [
      ['SELECT 1 / $1::int AS x', [0]],
      ['INSERT INTO wire_t (id, name) VALUES ($1, $2)', [1, null]],
      ['SELECT * FROM wire_missing WHERE id = $1', [1]],
    ] as Array<[string, unknown[]]>) {
      const mine = await adapter.query(sql, values, 'object', fail).then(
        () => undefined,
        (error: unknown) => error,
      )
      const theirs = await raw.query(sql, values).then(
        () => undefined,
        (error: unknown) => error,
      )
      expect(mine, sql).toMatchObject({ code: (theirs as { code: string }).code, message: (theirs as Error).message })
    }
    expect((await adapter.query('SELECT $1::int AS n', [5], 'object', fail)).rows).toEqual([{ n: 5 }])
  })
})
