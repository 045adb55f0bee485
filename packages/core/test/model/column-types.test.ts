import { describe, expect, it } from 'vitest'
import { column, Gino, sql } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

interface ColumnRow {
  name: string
  type: string
  notnull: boolean
  default: string | null
  identity: string
}

describeEachDriver('column types', (driver) => {
  const db = new Gino()

  const Everything = db.model('mdl_types', {
    id: column.serial().primaryKey(),
    small: column.smallint(),
    int: column.integer(),
    big: column.bigint(),
    bigSerial: column.bigserial().named('big_serial'),
    ident: column.integer().identity(),
    identAlways: column.bigint().identity('always').named('ident_always'),
    num: column.numeric(12, 4),
    numFree: column.numeric().named('num_free'),
    real: column.real(),
    double: column.double(),
    flag: column.boolean(),
    body: column.text(),
    short: column.varchar(5),
    code: column.char(3),
    uid: column
      .uuid()
      .notNull()
      .serverDefault(sql`gen_random_uuid()`),
    day: column.date(),
    clock: column.time(),
    stamp: column.timestamp(),
    stampTz: column.timestamptz().named('stamp_tz'),
    span: column.interval(),
    doc: column.json<{ a: number[] }>(),
    docb: column.jsonb<string[]>(),
    bytes: column.bytea(),
    ints: column.array(column.integer()),
    texts: column.array(column.text()),
    grid: column.array(column.array(column.integer())),
    mood: column.enum('mdl_mood', ['sad', 'ok', 'happy']),
    moods: column.array(column.enum('mdl_mood', ['sad', 'ok', 'happy'])),
    required: column
      .text()
      .notNull()
      .default(() => 'js default'),
  })

  useModels(db, driver)

  it('creates each column with its PostgreSQL type, nullability, default and identity', async () => {
    const rows = await db.all(sql<ColumnRow>`
      SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
             pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity::text AS identity
      FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = 'mdl_types'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`)
    const types = Object.fromEntries(rows.map((row) => [row.name, row.type]))
    expect(types).toEqual({
      id: 'integer',
      small: 'smallint',
      int: 'integer',
      big: 'bigint',
      big_serial: 'bigint',
      ident: 'integer',
      ident_always: 'bigint',
      num: 'numeric(12,4)',
      num_free: 'numeric',
      real: 'real',
      double: 'double precision',
      flag: 'boolean',
      body: 'text',
      short: 'character varying(5)',
      code: 'character(3)',
      uid: 'uuid',
      day: 'date',
      clock: 'time without time zone',
      stamp: 'timestamp without time zone',
      stamp_tz: 'timestamp with time zone',
      span: 'interval',
      doc: 'json',
      docb: 'jsonb',
      bytes: 'bytea',
      ints: 'integer[]',
      texts: 'text[]',
      grid: 'integer[]',
      mood: 'mdl_mood',
      moods: 'mdl_mood[]',
      required: 'text',
    })
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]))
    expect(byName.id?.default).toMatch(/^nextval\('mdl_types_id_seq'::regclass\)$/)
    expect(byName.uid?.default).toBe('gen_random_uuid()')
    expect(byName.ident?.identity).toBe('d')
    expect(byName.ident_always?.identity).toBe('a')
    expect(byName.id?.notnull).toBe(true)
    expect(byName.required?.notnull).toBe(true)
    expect(byName.small?.notnull).toBe(false)
  })

  it('round-trips a value of every type', async () => {
    const values = {
      small: -32768,
      int: 2147483647,
      big: '9007199254740993', // 2^53 + 1: exact as a string
      num: '12345678.1234',
      numFree: '0.1000000000000000000000000001',
      real: 1.5,
      double: Math.PI,
      flag: true,
      body: "multi\nline 'quoted' \\ text",
      short: 'abcde',
      code: 'ab',
      day: '2024-02-29',
      clock: '13:45:10.5',
      stamp: new Date('2024-01-02T03:04:05.678Z'),
      stampTz: new Date('1999-12-31T23:59:59.999Z'),
      span: '1 day 2 hours',
      doc: { a: [1, 2] },
      docb: ['x', 'y'],
      bytes: new Uint8Array([0, 1, 127, 255]),
      ints: [1, 2, 3],
      texts: ['a', 'b,c', 'd"e', '', 'NULL'],
      grid: [
        [1, 2],
        [3, 4],
      ],
      mood: 'happy' as const,
      moods: ['sad' as const, 'ok' as const],
    }
    const created = await Everything.create(values)
    const loaded = await Everything.get(created.id)
    // create() reads back only what the server fills in: the values given stay as given.
    expect([created.code, created.span]).toEqual([values.code, values.span])
    for (const instance of [created, loaded!]) {
      const { bytes, code, span: _span, ...rest } = values
      expect(instance).toMatchObject(rest)
      expect(Array.from(instance.bytes!)).toEqual(Array.from(bytes))
      if (instance === loaded) expect(instance.code).toBe(`${code} `) // char(n) pads
      if (instance === loaded) expect(instance.span).toBe('1 day 02:00:00')
      expect(instance.uid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      )
      expect(instance.bigSerial).toMatch(/^\d+$/)
      expect(typeof instance.ident).toBe('number')
      expect(instance.identAlways).toMatch(/^\d+$/)
      expect(instance.required).toBe('js default')
    }
  })

  it('reads NULL as null for every nullable column', async () => {
    const created = await Everything.create({})
    const loaded = (await Everything.get(created.id))!
    for (const key of [
      'small',
      'big',
      'num',
      'flag',
      'day',
      'stamp',
      'span',
      'doc',
      'docb',
      'bytes',
      'ints',
      'mood',
      'moods',
    ] as const) {
      expect(loaded[key]).toBeNull()
    }
  })

  it('rejects values the type does not take', async () => {
    await expect(Everything.create({ short: 'too long' })).rejects.toMatchObject({
      sqlState: '22001',
    })
    await expect(Everything.create({ mood: 'angry' as 'ok' })).rejects.toMatchObject({
      sqlState: '22P02',
    })
    await expect(Everything.create({ identAlways: '5' })).rejects.toMatchObject({
      sqlState: '428C9',
    })
  })
})

describe('bigint and numeric are strings', () => {
  it('keeps values exact and JSON-safe', () => {
    const value = { big: '9007199254740993', num: '0.30000000000000000001' }
    expect(JSON.parse(JSON.stringify(value))).toEqual(value)
    expect(String(Number(value.big))).toBe('9007199254740992') // a JS number would round
  })
})
