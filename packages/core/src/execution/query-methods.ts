import type { QueryExecutorProvider } from 'kysely'
import type { RawResult, RowMode } from '../dialect/driver-adapter.js'
import { GinoError, MultipleResultsError, NoResultError, rejectWith } from '../errors.js'
import type { Cursor } from './cursor.js'
import type { LoadedOf, LoaderLike, RowLoader } from './loader-hook.js'
import type {
  ExecArgs,
  ExecManyArgs,
  ExecOptions,
  IterateOptions,
  LoadArgs,
  LoaderOptions,
  Query,
  RowOf,
  StatusResult,
} from './query-types.js'
import { type Statement, toStatement, toStatements } from './statement.js'
import { type SqlParams, TextClause } from './text.js'

/** @internal */
export const RUN: unique symbol = Symbol('gino.run')
/** @internal */
export const RUN_MANY: unique symbol = Symbol('gino.runMany')
/** @internal */
export const OPEN_CURSOR: unique symbol = Symbol('gino.openCursor')
/** @internal */
export const EXECUTOR_PROVIDER: unique symbol = Symbol('gino.executorProvider')
/** @internal */
export const EXEC_DEFAULTS: unique symbol = Symbol('gino.execDefaults')

type AnyArgs = [unknown?, unknown?]

/** A result's rows, or what `loader` makes of them. */
function loaded(loader: RowLoader<unknown> | undefined, result: RawResult): unknown[] {
  return loader === undefined ? result.rows : loader.load(result.rows, result.fields, new Map(), result.parsers)
}

const allRows = (rows: unknown[]): unknown[] => rows
const firstRow = (rows: unknown[]): unknown => (rows.length ? rows[0] : null)

function onlyRow(rows: unknown[]): unknown {
  if (rows.length === 0) throw new NoResultError()
  if (rows.length > 1) throw new MultipleResultsError()
  return rows[0]
}

function onlyRowOrNull(rows: unknown[]): unknown {
  if (rows.length > 1) throw new MultipleResultsError()
  return rows.length ? rows[0] : null
}

/** The status of statements run back to back: row counts summed, rows concatenated. */
function statusOf<R>(results: readonly RawResult[]): StatusResult<R> {
  const last = results.at(-1)
  const counted = results.some((result) => result.rowCount !== null)
  const rowCount = counted ? results.reduce((sum, result) => sum + (result.rowCount ?? 0), 0) : null
  const command = last?.command ?? ''
  return { tag: statusTag(command, rowCount), command, rowCount, rows: results.flatMap((result) => result.rows) as R[] }
}

function statusTag(command: string, rowCount: number | null): string {
  if (rowCount === null || command === '') return command
  return command === 'INSERT' ? `INSERT 0 ${rowCount}` : `${command} ${rowCount}`
}

/**
 * The executing methods shared by `Gino` (`db`), `Engine` and `Connection`. Each takes a
 * query (SQL text, `text()`, a Kysely builder, a compiled query or Kysely's `sql` tag),
 * then, for SQL text, named parameters, then options. The one rule: SQL text takes
 * parameters second and options third, every other query takes options second; the types
 * enforce it, and check a literal SQL string's `:names`.
 *
 * @example
 * ```ts
 * await db.all('SELECT * FROM users WHERE id = :id', { id: 1 }, { timeout: 1000 })
 * await db.all(User.selectAll().where('id', '=', 1), { timeout: 1000 })
 * await db.scalar('SELECT 1', { bind: engine }) // compile error: write ('SELECT 1', {}, { bind: engine })
 * ```
 */
export abstract class QueryMethods {
  /** @internal Runs one statement where this object sends its work (a context connection, a pool...). */
  abstract [RUN](statement: Statement, rowMode: RowMode, options: ExecOptions | undefined): Promise<RawResult>
  /** @internal Runs statements back to back on one connection, all or nothing (executemany). */
  abstract [RUN_MANY](statements: readonly Statement[], rowMode: RowMode): Promise<RawResult[]>
  /** @internal Opens a cursor; refuses outside a transaction. */
  abstract [OPEN_CURSOR](statement: Statement, options: IterateOptions | undefined): Cursor<unknown>
  /** @internal Compiles Kysely's `sql` tag. */
  abstract [EXECUTOR_PROVIDER](): QueryExecutorProvider

  /** @internal The engine-wide execution options (`EngineOptions.executionOptions`) of where this runs. */
  [EXEC_DEFAULTS](): ExecOptions | undefined {
    return undefined
  }

  /** The statement, its options (per-call over the engine's defaults when `run`), and where it runs. */
  #prepare(query: unknown, args: AnyArgs, run = true): [Statement, ExecOptions | undefined] {
    const isText = typeof query === 'string' || query instanceof TextClause
    const params = isText ? (args[0] as SqlParams | readonly unknown[] | undefined) : undefined
    let options = (isText ? args[1] : args[0]) as ExecOptions | undefined
    if (options?.timeout !== undefined && (!Number.isInteger(options.timeout) || options.timeout < 1)) {
      throw new GinoError('INVALID_ARGUMENT', `timeout must be a positive integer of milliseconds, got ${options.timeout}.`)
    }
    const defaults = run ? this.#target(options)[EXEC_DEFAULTS]() : undefined
    if (defaults !== undefined) options = options === undefined ? defaults : { ...defaults, ...options }
    return [toStatement(query, params, options, () => this[EXECUTOR_PROVIDER]()), options]
  }

  /** executemany: the statements of a list of parameter sets (see `toStatements`), else undefined. */
  #prepareMany(query: unknown, args: AnyArgs): [Statement[], ExecOptions | undefined] | undefined {
    const options = args[1] as ExecOptions | undefined
    const statements = toStatements(query, args[0], options, () => this[EXECUTOR_PROVIDER]())
    if (statements === undefined) return undefined
    if (options?.timeout !== undefined) {
      throw new GinoError('INVALID_ARGUMENT', 'timeout applies to one statement; it is not supported with a list of parameter sets.')
    }
    return [statements, options]
  }

  #target(options: ExecOptions | undefined): QueryMethods {
    const bind = options?.bind
    return typeof bind === 'object' ? bind : this
  }

  /**
   * The rows (or loaded objects) of a query, handed to `pick` for the caller's result:
   * one promise per call (a `then` on the driver's), not one per layer. What fails before
   * the statement is sent rejects the promise too.
   */
  #rows<R>(query: unknown, args: AnyArgs, pick: (rows: unknown[]) => R): Promise<R> {
    try {
      const many = this.#prepareMany(query, args)
      if (many !== undefined) return this.#manyRows(many).then(pick)
      const [statement, options] = this.#prepare(query, args)
      const loader = statement.loader
      const running = this.#target(options)[RUN](statement, loader?.rowMode ?? 'object', options)
      return running.then((result) => pick(loaded(loader, result)))
    } catch (error) {
      return rejectWith(error)
    }
  }

  async #manyRows([statements, options]: [Statement[], ExecOptions | undefined]): Promise<unknown[]> {
    const loader = statements[0]?.loader
    if (statements.length === 0) return []
    const results = await this.#target(options)[RUN_MANY](statements, loader?.rowMode ?? 'object')
    return results.flatMap((result) => loaded(loader, result))
  }

  /**
   * Every row (or loaded object).
   *
   * @example
   * ```ts
   * const users = await db.all(User.query.where('age', '>', 18))          // User[]
   * const rows = await db.all('SELECT * FROM users WHERE age > :age', { age: 18 })
   * ```
   */
  all<Q extends Query, L extends LoaderLike<unknown>>(query: Q, ...args: LoadArgs<Q, LoaderOptions<L>>): Promise<Array<LoadedOf<L>>>
  all<Q extends Query>(query: Q, ...args: ExecManyArgs<Q, ExecOptions>): Promise<Array<RowOf<Q>>>
  all(query: Query, ...args: AnyArgs): Promise<unknown[]> {
    return this.#rows(query, args, allRows)
  }

  /**
   * The first row, or null. (The statement is sent as is: add `limit(1)` yourself when
   * the result may be large.)
   *
   * @example
   * ```ts
   * const user = await db.first(text('SELECT * FROM users WHERE id = :id_val'), { id_val: 1 })
   * ```
   */
  first<Q extends Query, L extends LoaderLike<unknown>>(query: Q, ...args: LoadArgs<Q, LoaderOptions<L>>): Promise<LoadedOf<L> | null>
  first<Q extends Query>(query: Q, ...args: ExecArgs<Q, ExecOptions>): Promise<RowOf<Q> | null>
  first(query: Query, ...args: AnyArgs): Promise<unknown> {
    return this.#rows(query, args, firstRow)
  }

  /**
   * Exactly one row: `NoResultError` on none, `MultipleResultsError` on several.
   *
   * @example
   * ```ts
   * const user = await db.one(User.query.where('email', '=', email))
   * ```
   */
  one<Q extends Query, L extends LoaderLike<unknown>>(query: Q, ...args: LoadArgs<Q, LoaderOptions<L>>): Promise<LoadedOf<L>>
  one<Q extends Query>(query: Q, ...args: ExecArgs<Q, ExecOptions>): Promise<RowOf<Q>>
  one(query: Query, ...args: AnyArgs): Promise<unknown> {
    return this.#rows(query, args, onlyRow)
  }

  /**
   * One row or null; `MultipleResultsError` on several.
   *
   * @example
   * ```ts
   * const maybe = await db.oneOrNone(User.query.where('email', '=', email))
   * ```
   */
  oneOrNone<Q extends Query, L extends LoaderLike<unknown>>(query: Q, ...args: LoadArgs<Q, LoaderOptions<L>>): Promise<LoadedOf<L> | null>
  oneOrNone<Q extends Query>(query: Q, ...args: ExecArgs<Q, ExecOptions>): Promise<RowOf<Q> | null>
  oneOrNone(query: Query, ...args: AnyArgs): Promise<unknown> {
    return this.#rows(query, args, onlyRowOrNull)
  }

  /**
   * The first column of the first row, or null when there is no row.
   *
   * @example
   * ```ts
   * const name = await db.scalar('SELECT current_database()')
   * const exists = await db.scalar(sql<boolean>`SELECT EXISTS (SELECT 1 FROM users WHERE email = ${email})`)
   * ```
   */
  scalar<Q extends Query>(query: Q, ...args: ExecArgs<Q, ExecOptions>): Promise<RowOf<Q>[keyof RowOf<Q>] | null> {
    try {
      const [statement, options] = this.#prepare(query, args as AnyArgs)
      return this.#target(options)[RUN](statement, 'array', options).then((result) => {
        const row = result.rows[0] as unknown[] | undefined
        return (row === undefined ? null : row[0]) as RowOf<Q>[keyof RowOf<Q>] | null
      })
    } catch (error) {
      return rejectWith(error)
    }
  }

  /**
   * The command tag (`DELETE 3`) with the row count, for statements run for effect.
   *
   * With SQL text using `:names` and a list of parameter objects it is GINO's
   * executemany: the statement runs once per object, all sent back to back on one
   * connection (one round trip on pg, each statement prepared once), all or nothing (in
   * the caller's transaction, else in one of their own). The result sums the row counts
   * and concatenates returned rows; `all` with a list returns every statement's rows.
   *
   * @example
   * ```ts
   * const { tag, rowCount } = await db.status(User.delete.where('id', '<', 10)) // 'DELETE 9', 9
   * await db.status('INSERT INTO tags (name) VALUES (:name)', [{ name: 'a' }, { name: 'b' }]) // 'INSERT 0 2'
   * ```
   */
  status<Q extends Query>(query: Q, ...args: ExecManyArgs<Q, ExecOptions>): Promise<StatusResult<RowOf<Q>>> {
    try {
      const many = this.#prepareMany(query, args as AnyArgs)
      if (many !== undefined) {
        const [statements, options] = many
        if (statements.length === 0) return Promise.resolve(statusOf<RowOf<Q>>([]))
        return this.#target(options)[RUN_MANY](statements, 'object').then((results) => statusOf<RowOf<Q>>(results))
      }
      const [statement, options] = this.#prepare(query, args as AnyArgs)
      return this.#target(options)[RUN](statement, 'object', options).then((result) => ({
        tag: statusTag(result.command, result.rowCount),
        command: result.command,
        rowCount: result.rowCount,
        rows: result.rows as Array<RowOf<Q>>,
      }))
    } catch (error) {
      return rejectWith(error)
    }
  }

  /**
   * A server-side cursor over the query, in the current transaction (outside one it is a
   * `TransactionError`). Iterate it with `for await`, or use `next()`, `many(n)`, `forward(n)`.
   *
   * @example
   * ```ts
   * await db.transaction(async () => {
   *   for await (const user of db.iterate(User.query)) console.log(user.nickname)
   * })
   * ```
   */
  iterate<Q extends Query, L extends LoaderLike<unknown>>(
    query: Q,
    ...args: LoadArgs<Q, LoaderOptions<L> & IterateOptions>
  ): Cursor<LoadedOf<L>>
  iterate<Q extends Query>(query: Q, ...args: ExecArgs<Q, IterateOptions>): Cursor<RowOf<Q>>
  iterate(query: Query, ...args: AnyArgs): Cursor<unknown> {
    const [statement, options] = this.#prepare(query, args)
    return this.#target(options)[OPEN_CURSOR](statement, options)
  }

  /**
   * The SQL and parameters a query sends, without running it.
   *
   * @example
   * ```ts
   * db.compile(text('SELECT * FROM users WHERE id = :id'), { id: 1 })
   * // { sql: 'SELECT * FROM users WHERE id = $1', parameters: [1] }
   * ```
   */
  compile<Q extends Query>(query: Q, ...args: ExecArgs<Q, ExecOptions>): { sql: string; parameters: readonly unknown[] } {
    const [statement] = this.#prepare(query, args as AnyArgs, false)
    return { sql: statement.sql, parameters: statement.parameters }
  }
}
