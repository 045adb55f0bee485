/**
 * One set of value conversions for both drivers, so a row reads the same on a server and
 * on PGlite:
 * - `int8` (bigint) and `numeric` stay strings: exact, JSON-safe, never rounded;
 * - `date` stays a `YYYY-MM-DD` string (a JS Date would shift it by the local time zone);
 * - `timestamp` (without time zone) is read as UTC, `timestamptz` as the instant it is
 *   (both by the fast parsers of `timestamp-parser.ts`; `timestamptz` reads as `postgres-date` does);
 * - `interval`, `time`, `timetz` stay strings;
 * - arrays of these follow their element type.
 */
import { parseTimestamptz, parseTimestampUtc } from './timestamp-parser.js'

export type TextParser = (value: string) => unknown

const identity: TextParser = (value) => value

export { parseTimestampUtc, parseTimestamptz }

/** Parses a PostgreSQL array literal (`{1,2,NULL}`, nested, quoted) with an element parser. */
export function parseArrayLiteral(text: string, parse: TextParser): unknown[] {
  let index = 0
  const readArray = (): unknown[] => {
    const out: unknown[] = []
    index++ // '{'
    while (index < text.length) {
      const ch = text[index]
      if (ch === '}') {
        index++
        return out
      }
      if (ch === ',') {
        index++
        continue
      }
      if (ch === '{') {
        out.push(readArray())
        continue
      }
      if (ch === '"') {
        let value = ''
        index++
        while (index < text.length && text[index] !== '"') {
          if (text[index] === '\\') index++
          value += text[index] ?? ''
          index++
        }
        index++
        out.push(parse(value))
        continue
      }
      let end = index
      while (end < text.length && text[end] !== ',' && text[end] !== '}') end++
      const raw = text.slice(index, end)
      index = end
      out.push(raw === 'NULL' ? null : parse(raw))
    }
    return out
  }
  // Arrays with explicit bounds look like `[0:1]={1,2}`.
  const start = text.indexOf('{')
  index = start < 0 ? 0 : start
  return readArray()
}

const arrayOf =
  (parse: TextParser): TextParser =>
  (value) =>
    parseArrayLiteral(value, parse)

/** Type OID to parser, applied by both drivers. */
export const TYPE_PARSERS: Readonly<Record<number, TextParser>> = {
  20: identity, // int8
  1016: arrayOf(identity),
  1700: identity, // numeric
  1231: arrayOf(identity),
  1082: identity, // date
  1182: arrayOf(identity),
  1184: parseTimestamptz, // timestamptz
  1185: arrayOf(parseTimestamptz),
  1114: parseTimestampUtc, // timestamp
  1115: arrayOf(parseTimestampUtc),
  1186: identity, // interval
  1187: arrayOf(identity),
  1083: identity, // time
  1183: arrayOf(identity),
  1266: identity, // timetz
  1270: arrayOf(identity),
}
