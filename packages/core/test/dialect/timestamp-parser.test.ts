import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { parseTimestamptz, parseTimestampUtc } from '../../src/dialect/timestamp-parser.js'
import { TYPE_PARSERS } from '../../src/dialect/type-parsers.js'
import { Gino } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { openEngine } from '../support/engines.js'

/** `postgres-date`, the parser `pg` installs for timestamptz: the reference. */
const reference = pg.types.getTypeParser(1184, 'text') as (value: string) => unknown

/** What the parser for `timestamp` did before the fast one (the reference for it). */
function referenceUtc(value: string): unknown {
  if (!/^\d{4}-\d\d-\d\d/.test(value) || value.endsWith(' BC')) return value
  return new Date(value.replace(' ', 'T') + 'Z')
}

/** Comparable form: a Date by its time value (NaN for invalid dates), other values as they are. */
function comparable(value: unknown): unknown {
  return value instanceof Date ? ['date', String(value.getTime())] : value
}

/** A small seeded generator, so a failure reproduces. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0
  return (n) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state % n
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

function randomText(next: (n: number) => number, withZone: boolean): string {
  const yearKind = next(10)
  const year = yearKind === 0 ? next(100) : yearKind === 1 ? 10_000 + next(200_000) : 1 + next(9999)
  const month = 1 + next(12)
  const day = 1 + next(month === 2 ? 29 : 30)
  let text = `${pad(year, 4)}-${pad(month)}-${pad(day)} ${pad(next(24))}:${pad(next(60))}:${pad(next(60))}`
  if (next(3) > 0)
    text +=
      '.' +
      String(next(1_000_000))
        .padStart(6, '0')
        .slice(0, 1 + next(6))
  if (withZone) {
    const zone = next(5)
    const sign = next(2) === 0 ? '+' : '-'
    text += `${sign}${pad(next(16))}`
    if (zone >= 2) text += `:${pad(next(60))}`
    if (zone === 4) text += `:${pad(next(60))}`
  }
  if (next(8) === 0) text += ' BC'
  return text
}

const EDGES = [
  'infinity',
  '-infinity',
  '1970-01-01 00:00:00+00',
  '2024-02-29 23:59:59.999999+00',
  '2024-05-01 12:30:45.289+02',
  '2024-05-01 12:30:45.123456-09:30',
  '1883-11-18 12:03:58-07:52:58',
  '0001-01-01 00:00:00+00',
  '0001-02-29 00:00:00+00 BC',
  '0099-12-31 23:59:59.5+14',
  '0050-06-15 10:00:00-12',
  '4713-01-01 00:00:00+00 BC',
  '9999-12-31 23:59:59.999999+00',
  '10000-01-01 00:00:00+00',
  '275760-09-13 00:00:00+00',
  '275760-09-13 00:00:00-01',
  '294276-12-31 23:59:59.999999+00',
  '2024-05-01',
  'Wed May 01 12:30:45 2024 PST',
  '2024-05-01 12:30:45',
]

describe('timestamp parsers', () => {
  it('timestamptz reads as postgres-date on edge values', () => {
    for (const text of EDGES) {
      expect(comparable(parseTimestamptz(text)), text).toEqual(comparable(reference(text)))
    }
  })

  it('timestamptz reads as postgres-date on 200,000 random values', () => {
    const next = random(12)
    for (let i = 0; i < 200_000; i++) {
      const text = randomText(next, true)
      const ours = comparable(parseTimestamptz(text))
      const theirs = comparable(reference(text))
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) expect(ours, text).toEqual(theirs)
    }
  })

  it('timestamp reads as before (UTC, BC and 5-digit years as text) on edge and random values', () => {
    const texts = [...EDGES.map((t) => t.replace(/[+-]\d\d(:\d\d)*( BC)?$/, '$2'))]
    const next = random(34)
    for (let i = 0; i < 200_000; i++) texts.push(randomText(next, false))
    for (const text of texts) {
      const ours = comparable(parseTimestampUtc(text))
      const theirs = comparable(referenceUtc(text))
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) expect(ours, text).toEqual(theirs)
    }
  })

  it('is installed for timestamptz and its arrays', () => {
    expect(TYPE_PARSERS[1184]).toBe(parseTimestamptz)
    const [a, b] = TYPE_PARSERS[1185]!('{"2024-01-01 00:00:00+00",NULL}') as unknown[]
    expect([(a as Date).toISOString(), b]).toEqual(['2024-01-01T00:00:00.000Z', null])
  })
})

describeEachDriver('timestamptz values from the database', (driver) => {
  it('read as postgres-date reads their text, in several time zones', async () => {
    const db = new Gino()
    await db.setBind(await openEngine(driver))
    try {
      const next = random(56)
      for (const zone of [
        'UTC',
        'Asia/Kolkata',
        'America/St_Johns',
        'Pacific/Chatham',
        'Europe/Amsterdam',
      ]) {
        await db.transaction(async () => {
          await db.status(`SET LOCAL TimeZone = '${zone}'`)
          const epochs = Array.from(
            { length: 200 },
            () => (next(2) ? 1 : -1) * next(2 ** 31) * 37 + next(1_000_000) / 1e6,
          )
          const rows = await db.all(
            'SELECT t, t::text AS text FROM unnest(:epochs::float8[]) AS e, to_timestamp(e) AS t ' +
              "UNION ALL SELECT t, t::text FROM unnest('{infinity,-infinity,0001-01-01 00:00:00+00 BC,1883-11-18 12:00:00+00}'::timestamptz[]) AS t",
            { epochs },
          )
          for (const row of rows as Array<{ t: unknown; text: string }>) {
            expect(comparable(row.t), row.text).toEqual(comparable(reference(row.text)))
          }
        })
      }
    } finally {
      await db.popBind()?.close()
    }
  })
})
