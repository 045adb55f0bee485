import { isReadOnlyFunction, READ_ONLY_FUNCTIONS } from './read-only-functions.js'

/**
 * Words that make a statement more than a read when they appear outside string literals and
 * quoted identifiers: data-modifying CTEs, `FOR UPDATE` / `FOR [KEY] SHARE`, `SELECT INTO`,
 * and statements that are no query at all.
 */
const WRITE_WORDS = new Set([
  'insert', 'update', 'delete', 'merge', 'into', 'share', 'truncate', 'copy', 'call', 'lock',
  'set', 'reset', 'do', 'create', 'drop', 'alter', 'grant', 'revoke', 'notify', 'listen', 'nextval',
])

/** Keywords and type names that may stand before `(` without calling a function. */
const NOT_CALLS = new Set([
  'select', 'from', 'where', 'and', 'or', 'not', 'in', 'exists', 'any', 'all', 'some', 'values',
  'as', 'on', 'using', 'join', 'lateral', 'over', 'filter', 'within', 'cast', 'row', 'array',
  'case', 'when', 'then', 'else', 'is', 'between', 'like', 'ilike', 'similar', 'distinct', 'by',
  'group', 'having', 'union', 'intersect', 'except', 'with', 'recursive', 'materialized', 'window',
  'partition', 'order', 'limit', 'offset', 'numeric', 'decimal', 'varchar', 'char', 'character',
  'varying', 'timestamp', 'timestamptz', 'time', 'timetz', 'interval', 'bit',
])

const WORD = /[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)*/y

/**
 * True when SQL text is plainly one read-only query, judged from its words alone (no
 * parser): it starts with `SELECT` or `WITH` (`fragment`: any start, for a `sql` fragment
 * inside a builder), is one statement, calls only functions of the read-only allow-list
 * (or `extra`), and has none of `WRITE_WORDS` outside literals. Anything it cannot read for
 * sure (dollar quoting, backslashes, block comments) counts as a write: the primary is
 * always a correct answer. Operators, casts and views run functions too; a writing one
 * there fails on the replica with SQLSTATE 25006, and `{ bind: 'primary' }` is the way out.
 */
export function isReadOnlyText(sql: string, extra: ReadonlySet<string>, fragment = false): boolean {
  // Backslashes: E'' strings escape quotes with them, which this scan does not follow.
  if (sql.includes('\\')) return false
  let first = !fragment
  let i = 0
  const n = sql.length
  while (i < n) {
    const c = sql[i]!
    if (c === "'") {
      // A string literal; '' is a quote inside it.
      i = sql.indexOf("'", i + 1)
      while (i !== -1 && sql[i + 1] === "'") i = sql.indexOf("'", i + 2)
      if (i === -1) return false
      i++
      continue
    }
    if (c === '"') {
      let end = sql.indexOf('"', i + 1)
      while (end !== -1 && sql[end + 1] === '"') end = sql.indexOf('"', end + 2)
      if (end === -1 || first) return false
      const name = sql.slice(i + 1, end).replaceAll('""', '"')
      const qualified = sql[i - 1] === '.'
      i = end + 1
      // A quoted name is case-sensitive: "Lower" is not lower(); `"app".lower` is not either.
      if (calls(sql, i) && (qualified || (!READ_ONLY_FUNCTIONS.has(name) && !extra.has(name)))) return false
      continue
    }
    if (c === '$' && !/[0-9]/.test(sql[i + 1] ?? '')) return false
    if (c === '/' && sql[i + 1] === '*') return false
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      i = end === -1 ? n : end + 1
      continue
    }
    if (c === ';') return sql.slice(i + 1).trim() === '' && !fragment
    if (/[A-Za-z_]/.test(c)) {
      const qualified = sql[i - 1] === '.'
      WORD.lastIndex = i
      const word = WORD.exec(sql)![0]
      i += word.length
      const lower = word.toLowerCase()
      if (first) {
        if (lower !== 'select' && lower !== 'with') return false
        first = false
      }
      if (WRITE_WORDS.has(lower)) return false
      // A name after a quoted schema (`"app".lower(`) is that schema's function, not the built-in one.
      if (calls(sql, i) && !NOT_CALLS.has(lower) && (qualified || !isReadOnlyFunction(word, extra))) return false
      continue
    }
    i++
  }
  return !first
}

/** True when the next non-blank character at `from` opens a parenthesis (a call, after a name). */
function calls(sql: string, from: number): boolean {
  let i = from
  while (i < sql.length && /\s/.test(sql[i]!)) i++
  return sql[i] === '('
}
