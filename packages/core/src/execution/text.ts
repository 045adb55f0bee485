import { GinoError } from '../errors.js'
import type { LoaderLike, ModelClassLoader } from './loader-hook.js'
import type { ParamNames } from './param-names.js'

/** Named parameters for raw SQL: `{ id_val: 1 }` for `:id_val`. */
export type SqlParams = Readonly<Record<string, unknown>>

/** A named parameter was missing, or a given one is not in the SQL. */
export class ParameterError extends GinoError {
  constructor(message: string) {
    super('INVALID_PARAMETERS', message)
  }
}

/**
 * Raw SQL with named parameters (`:name`), compiled once to PostgreSQL's `$1, $2...`.
 * Values are always sent as bound parameters, never spliced into the text. `::` casts,
 * quoted strings and identifiers, dollar quotes and comments are left alone.
 *
 * `N` is the union of parameter names, read from a literal SQL string at compile time
 * (`never` without any), or `string` when unknown: then the parameters are checked at run
 * time only.
 *
 * @example
 * ```ts
 * const query = text('SELECT * FROM users WHERE id = :id_val')
 * const row = await db.first(query, { id_val: 1 })
 * const user = await db.first(query.withLoader(User), { id_val: 1 }) // a User instance
 * await db.first(query, { id: 1 }) // compile error: the SQL's parameter is id_val
 * ```
 */
export class TextClause<R = Record<string, unknown>, N extends string = string> {
  /** The SQL with `$n` placeholders. */
  readonly sql: string
  /** Parameter names in placeholder order. */
  readonly names: readonly string[]
  /** Loader attached with `withLoader`. */
  readonly loader: LoaderLike<R> | undefined
  declare readonly __row: R
  /** @internal Type-level carrier of the parameter names. */
  declare readonly __params: N

  constructor(source: string, loader?: LoaderLike<R>, compiled?: { sql: string; names: readonly string[] }) {
    const { sql, names } = compiled ?? compileNamed(source)
    this.sql = sql
    this.names = names
    this.loader = loader
  }

  /**
   * The same SQL whose rows are loaded by `loader` (a model class, a loader...). A model
   * class types the rows as that class (`withLoader(User)` gives `User`, your getters and
   * methods included).
   */
  withLoader<M extends ModelClassLoader>(model: M): TextClause<InstanceType<M>, N>
  withLoader<T>(loader: LoaderLike<T>): TextClause<T, N>
  withLoader<T>(loader: LoaderLike<T>): TextClause<T, N> {
    return new TextClause<T, N>('', loader, this)
  }

  /**
   * The same SQL with its rows typed as `T` (type only; nothing is checked at run time).
   * Unlike `text<T>(sql)`, it keeps the parameter names that `text(sql)` read from a
   * literal string.
   *
   * @example
   * ```ts
   * const answer = text('SELECT :value::int + 1 AS answer').returns<{ answer: number }>()
   * await db.first(answer, { value: 41 }) // { answer: number } | null
   * ```
   */
  returns<T>(): TextClause<T, N> {
    return new TextClause<T, N>('', this.loader as LoaderLike<T> | undefined, this)
  }

  /** Orders named values into the positional parameter list. */
  parameters(params: SqlParams | readonly unknown[] | undefined): unknown[] {
    if (Array.isArray(params)) {
      if (this.names.length) throw new ParameterError('This SQL uses named parameters; pass an object.')
      return params as unknown[]
    }
    const given = (params ?? {}) as SqlParams
    for (const key of Object.keys(given)) {
      if (!this.names.includes(key)) {
        throw new ParameterError(`Parameter "${key}" does not appear in the SQL (it uses: ${this.names.join(', ') || 'none'}).`)
      }
    }
    return this.names.map((name) => {
      if (!(name in given)) throw new ParameterError(`Missing value for SQL parameter ":${name}".`)
      return given[name]
    })
  }
}

/**
 * Shorthand for `new TextClause(sql)`. For a literal SQL string, the parameter names are
 * known at compile time: a missing or misspelt name is a type error. (Giving the row type
 * as `text<Row>(sql)` makes the parameters loose again, as TypeScript cannot infer the
 * other type argument then: prefer `text(sql).returns<Row>()`.)
 *
 * @example
 * ```ts
 * const byId = text('SELECT * FROM users WHERE id = :id')
 * await db.all(byId, { id: 1 })
 * ```
 */
export function text<R = Record<string, unknown>, const S extends string = string>(
  sql: S,
): TextClause<R, ParamNames<S>> {
  return new TextClause<R, ParamNames<S>>(sql)
}

const NAME_START = /[A-Za-z_]/
const NAME_PART = /[A-Za-z0-9_]/

function compileNamed(source: string): { sql: string; names: string[] } {
  const names: string[] = []
  let out = ''
  let i = 0
  const n = source.length
  while (i < n) {
    const ch = source[i]!
    const next = source[i + 1]
    if (ch === "'" || ch === '"') {
      const end = skipQuoted(source, i, ch)
      out += source.slice(i, end)
      i = end
    } else if (ch === '-' && next === '-') {
      const end = source.indexOf('\n', i)
      const stop = end < 0 ? n : end
      out += source.slice(i, stop)
      i = stop
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2)
      const stop = end < 0 ? n : end + 2
      out += source.slice(i, stop)
      i = stop
    } else if (ch === '$' && next !== undefined && /[A-Za-z_$]/.test(next)) {
      const tagMatch = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(source.slice(i))
      if (tagMatch) {
        const tag = tagMatch[0]
        const end = source.indexOf(tag, i + tag.length)
        const stop = end < 0 ? n : end + tag.length
        out += source.slice(i, stop)
        i = stop
      } else {
        out += ch
        i++
      }
    } else if (ch === ':' && next === ':') {
      out += '::'
      i += 2
    } else if (ch === ':' && next !== undefined && NAME_START.test(next)) {
      let end = i + 1
      while (end < n && NAME_PART.test(source[end]!)) end++
      const name = source.slice(i + 1, end)
      let index = names.indexOf(name)
      if (index < 0) index = names.push(name) - 1
      out += `$${index + 1}`
      i = end
    } else {
      out += ch
      i++
    }
  }
  return { sql: out, names }
}

function skipQuoted(source: string, start: number, quote: string): number {
  const escapes = quote === "'" && /[eE]/.test(source[start - 1] ?? '')
  let i = start + 1
  while (i < source.length) {
    const ch = source[i]
    if (escapes && ch === '\\') i += 2
    else if (ch === quote) {
      if (source[i + 1] === quote) i += 2
      else return i + 1
    } else i++
  }
  return source.length
}
