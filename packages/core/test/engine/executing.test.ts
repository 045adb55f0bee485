import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import {
  type Engine,
  GinoError,
  MultipleResultsError,
  NoResultError,
  ParameterError,
  sql,
  text,
  UnsupportedError,
} from '../support/core.js'
import { describeEachDriver } from '../support/drivers.js'
import { EchoLog, openEngine } from '../support/engines.js'

type UserRow = { id: number; name: string }
type Tables = { eng_users: UserRow }

describeEachDriver('executing methods', (driver) => {
  let engine: Engine
  const log = new EchoLog()
  const kysely = () => engine.kysely.withTables<Tables>()

  beforeAll(async () => {
    engine = await openEngine(driver, { echo: log.echo, acquireTimeout: 2000 })
    await engine.status('DROP TABLE IF EXISTS eng_users')
    await engine.status('CREATE TABLE eng_users (id int PRIMARY KEY, name text NOT NULL)')
  })
  beforeEach(async () => {
    await engine.status('TRUNCATE eng_users')
    await engine.status("INSERT INTO eng_users VALUES (1, 'ann'), (2, 'bob'), (3, 'cid')")
    log.clear()
  })
  afterAll(async () => {
    await engine.status('DROP TABLE IF EXISTS eng_users')
    await engine.close()
  })

  it('all returns every row; first the first row or null', async () => {
    expect(await engine.all('SELECT * FROM eng_users ORDER BY id')).toEqual([
      { id: 1, name: 'ann' },
      { id: 2, name: 'bob' },
      { id: 3, name: 'cid' },
    ])
    expect(await engine.first('SELECT * FROM eng_users ORDER BY id DESC')).toEqual({
      id: 3,
      name: 'cid',
    })
    expect(await engine.first('SELECT * FROM eng_users WHERE id < 0')).toBeNull()
  })

  it('one returns exactly one row: NoResultError on none, MultipleResultsError on several', async () => {
    expect(await engine.one('SELECT name FROM eng_users WHERE id = :id', { id: 2 })).toEqual({
      name: 'bob',
    })
    const none = engine.one('SELECT * FROM eng_users WHERE id = 99')
    await expect(none).rejects.toBeInstanceOf(NoResultError)
    await expect(none).rejects.toMatchObject({ code: 'NO_RESULT' })
    const many = engine.one('SELECT * FROM eng_users')
    await expect(many).rejects.toBeInstanceOf(MultipleResultsError)
    await expect(many).rejects.toMatchObject({ code: 'MULTIPLE_RESULTS' })
  })

  it('oneOrNone returns null on none, the row on one, MultipleResultsError on several', async () => {
    expect(await engine.oneOrNone('SELECT * FROM eng_users WHERE id = 99')).toBeNull()
    expect(await engine.oneOrNone('SELECT id FROM eng_users WHERE id = 1')).toEqual({ id: 1 })
    await expect(engine.oneOrNone('SELECT * FROM eng_users')).rejects.toBeInstanceOf(
      MultipleResultsError,
    )
  })

  it('scalar returns the first column of the first row, or null', async () => {
    expect(await engine.scalar('SELECT name, id FROM eng_users ORDER BY id')).toBe('ann')
    expect(await engine.scalar('SELECT name FROM eng_users WHERE id = 99')).toBeNull()
    expect(await engine.scalar('SELECT NULL::int')).toBeNull()
    // Same-named columns do not hide the first one.
    expect(await engine.scalar('SELECT 1 AS x, 2 AS x')).toBe(1)
  })

  it('status returns the command tag and row count', async () => {
    expect(
      await engine.status("INSERT INTO eng_users VALUES (4, 'dee'), (5, 'eve')"),
    ).toMatchObject({
      tag: 'INSERT 0 2',
      command: 'INSERT',
      rowCount: 2,
      rows: [],
    })
    expect((await engine.status("UPDATE eng_users SET name = 'x' WHERE id = 1")).tag).toBe(
      'UPDATE 1',
    )
    expect((await engine.status('SELECT * FROM eng_users')).tag).toBe('SELECT 5')
    const deleted = await engine.status('DELETE FROM eng_users WHERE id > 2 RETURNING id')
    expect(deleted.tag).toBe('DELETE 3')
    expect(deleted.rows.map((r) => r.id).sort()).toEqual([3, 4, 5])
    const created = await engine.status('CREATE TEMP TABLE eng_status_tmp (x int)')
    expect(created).toMatchObject({ command: 'CREATE', rowCount: null, tag: 'CREATE' })
    await engine.status('DROP TABLE eng_status_tmp')
  })

  it('named parameters compile to $n and are sent as parameters, never spliced', async () => {
    const query = 'SELECT * FROM eng_users WHERE id = :id_val'
    expect(engine.compile(query, { id_val: 1 })).toEqual({
      sql: 'SELECT * FROM eng_users WHERE id = $1',
      parameters: [1],
    })
    expect(
      await engine.first(text('SELECT * FROM eng_users WHERE id = :id_val'), { id_val: 1 }),
    ).toEqual({
      id: 1,
      name: 'ann',
    })
    const hostile = '1; DROP TABLE eng_users; --'
    const compiled = engine.compile('SELECT * FROM eng_users WHERE name = :name', { name: hostile })
    expect(compiled.sql).not.toContain('DROP')
    expect(compiled.parameters).toEqual([hostile])
    expect(
      await engine.all('SELECT * FROM eng_users WHERE name = :name', { name: hostile }),
    ).toEqual([])
    expect(await engine.scalar('SELECT :v::text', { v: "it's 'quoted'" })).toBe("it's 'quoted'")
    expect(await engine.scalar('SELECT count(*)::int FROM eng_users')).toBe(3)
    expect(log.entries.find((e) => e.sql.includes('name = $1'))?.parameters).toEqual([hostile])
  })

  it('a repeated name is one parameter; :: casts stay casts', async () => {
    const compiled = engine.compile('SELECT :a::int + :a::int + :b::int AS s, :b::text AS t', {
      a: 2,
      b: 10,
    })
    expect(compiled).toEqual({
      sql: 'SELECT $1::int + $1::int + $2::int AS s, $2::text AS t',
      parameters: [2, 10],
    })
    expect(
      await engine.first('SELECT :a::int + :a::int + :b::int AS s, :b::text AS t', { a: 2, b: 10 }),
    ).toEqual({
      s: 14,
      t: '10',
    })
  })

  it('colons inside strings, quoted identifiers, dollar quotes and comments are left alone', async () => {
    const source = [
      "SELECT ':not_a' AS \"col:x\", E'\\':still_not' AS e, $$ :nor_this $$ AS d, $tag$ :no $tag$ AS t,",
      ' :real::int AS r -- :comment',
      '/* :block */',
    ].join('\n')
    const compiled = engine.compile(source, { real: 5 })
    expect(compiled.parameters).toEqual([5])
    expect(compiled.sql).toContain('$1::int AS r')
    expect(compiled.sql).toContain("':not_a'")
    expect(await engine.first(source, { real: 5 })).toEqual({
      'col:x': ':not_a',
      e: "':still_not",
      d: ' :nor_this ',
      t: ' :no ',
      r: 5,
    })
  })

  it('a missing or an extra named parameter is a ParameterError naming it', async () => {
    // Literal SQL: the compiler already refuses these calls; the run-time check stays.
    // @ts-expect-error :name is missing
    const missing = engine.all('SELECT * FROM eng_users WHERE id = :id AND name = :name', { id: 1 })
    await expect(missing).rejects.toBeInstanceOf(ParameterError)
    await expect(missing).rejects.toThrow(':name')
    // @ts-expect-error nmae is not a parameter of the SQL
    const extra = engine.all('SELECT * FROM eng_users WHERE id = :id', { id: 1, nmae: 'x' })
    await expect(extra).rejects.toBeInstanceOf(ParameterError)
    await expect(extra).rejects.toThrow('"nmae"')
    // Every executing method reports it through its promise, never by throwing at the call.
    const byId = 'SELECT * FROM eng_users WHERE id = :id'
    const calls = [
      () => engine.first(byId, {} as never),
      () => engine.one(byId, {} as never),
      () => engine.oneOrNone(byId, {} as never),
      () => engine.scalar(byId, {} as never),
      () => engine.status(byId, {} as never),
      () => engine.all(byId, { id: 1 }, { timeout: -1 }),
    ]
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(GinoError)
    // @ts-expect-error named parameters take an object
    expect(() => engine.compile('SELECT :a', [1])).toThrow(ParameterError)
    // Nothing was sent.
    expect(log.entries).toEqual([])
  })

  it('text().returns<Row>() is the same SQL and parameters, typed', async () => {
    const answer = text('SELECT :value::int + 1 AS answer').returns<{ answer: number }>()
    expect(answer.names).toEqual(['value'])
    expect((await engine.first(answer, { value: 41 }))?.answer).toBe(42)
  })

  it('positional parameters work for SQL written with $n', async () => {
    expect(await engine.scalar('SELECT $1::int * $2::int', [6, 7])).toBe(42)
  })

  it('runs Kysely builders, compiled queries and the sql tag', async () => {
    const byId = kysely().selectFrom('eng_users').selectAll().where('id', '=', 2)
    expect(await engine.one(byId)).toEqual({ id: 2, name: 'bob' })
    expect(await engine.all(kysely().selectFrom('eng_users').select('name').orderBy('id'))).toEqual(
      [{ name: 'ann' }, { name: 'bob' }, { name: 'cid' }],
    )
    expect(await engine.first(byId.compile())).toEqual({ id: 2, name: 'bob' })
    expect(
      await engine.scalar(
        kysely()
          .selectFrom('eng_users')
          .select((eb) => eb.fn.countAll<string>().as('n')),
      ),
    ).toBe('3')
    const deleted = await engine.status(kysely().deleteFrom('eng_users').where('id', '<', 3))
    expect(deleted.tag).toBe('DELETE 2')
    expect(await engine.scalar(sql<number>`SELECT ${20}::int + ${22}::int`)).toBe(42)
    expect(log.entries.at(-1)).toMatchObject({
      sql: 'SELECT $1::int + $2::int',
      parameters: [20, 22],
    })
    expect(await engine.all(sql<UserRow>`SELECT * FROM eng_users WHERE name = ${'cid'}`)).toEqual([
      { id: 3, name: 'cid' },
    ])
  })

  it('the explicit bind option wins over where the call was made', async () => {
    const conn = await engine.acquire()
    try {
      await conn.begin()
      await conn.status("INSERT INTO eng_users VALUES (10, 'uncommitted')")
      // engine.* would run elsewhere; bind: conn sends it to the open transaction.
      expect(
        await engine.scalar(
          'SELECT name FROM eng_users WHERE id = :id',
          { id: 10 },
          { bind: conn },
        ),
      ).toBe('uncommitted')
      expect(
        await engine.first(kysely().selectFrom('eng_users').select('id').where('id', '=', 10), {
          bind: conn,
        }),
      ).toEqual({ id: 10 })
      if (driver.name === 'pg')
        expect(await engine.scalar('SELECT name FROM eng_users WHERE id = 10')).toBeNull()
    } finally {
      await conn.release()
    }
  })

  it('connection handles and the engine share the executing methods', async () => {
    await engine.acquire(async (conn) => {
      expect(await conn.scalar('SELECT count(*)::int FROM eng_users')).toBe(3)
      expect(await conn.one('SELECT name FROM eng_users WHERE id = :id', { id: 3 })).toEqual({
        name: 'cid',
      })
      expect((await conn.status('DELETE FROM eng_users')).tag).toBe('DELETE 3')
    })
  })

  it('both drivers read int8 and numeric as strings, date as text and timestamptz as a Date', async () => {
    const row = await engine.one(
      "SELECT 9007199254740993::int8 AS big, 1.10::numeric AS num, DATE '2024-02-29' AS day, " +
        "TIMESTAMPTZ '2024-01-02T03:04:05Z' AS at, TIMESTAMP '2024-01-02 03:04:05' AS local, true AS yes, '{1,2}'::int8[] AS ids",
    )
    expect(row).toEqual({
      big: '9007199254740993',
      num: '1.10',
      day: '2024-02-29',
      at: new Date('2024-01-02T03:04:05Z'),
      local: new Date('2024-01-02T03:04:05Z'),
      yes: true,
      ids: ['1', '2'],
    })
  })

  it.runIf(driver.name === 'pglite')(
    'PGlite: a per-call timeout is an UnsupportedError',
    async () => {
      const timed = () => engine.scalar('SELECT 1', {}, { timeout: 100 })
      await expect(timed()).rejects.toBeInstanceOf(UnsupportedError)
      await engine.transaction(async () => {
        await expect(timed()).rejects.toBeInstanceOf(UnsupportedError)
      })
      expect(await engine.scalar('SELECT 1')).toBe(1)
    },
  )

  it('an invalid timeout is refused before anything is sent', () => {
    for (const timeout of [0, -1, 1.5]) {
      expect(() => engine.compile('SELECT 1', {}, { timeout })).toThrow(GinoError)
    }
  })
})
