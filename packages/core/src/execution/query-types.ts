import type { Compilable, CompiledQuery, RawBuilder } from 'kysely'
import type { LoaderLike } from './loader-hook.js'
import type { SqlParams, TextClause } from './text.js'
import type { QueryMethods } from './query-methods.js'

/** Anything the executing methods run: SQL text, `text()`, a Kysely builder, compiled query or `sql` tag. */
export type Query = string | TextClause<unknown> | Compilable<unknown> | CompiledQuery<unknown> | RawBuilder<unknown>

/** Queries whose second argument is a parameter object. */
export type TextQuery = string | TextClause<unknown>

/** The row type a query produces (from Kysely's types, or `text<R>()`). */
export type RowOf<Q> =
  Q extends TextClause<infer R>
    ? R
    : Q extends RawBuilder<infer O>
      ? O
      : Q extends Compilable<infer O>
        ? O
        : Q extends CompiledQuery<infer O>
          ? O
          : Record<string, unknown>

/** Per-call options of `all`, `first`, `one`, `oneOrNone`, `scalar`, `status`, `iterate`. */
export interface ExecOptions {
  /** Cancel the statement on the server after this many milliseconds (`QueryTimeoutError`). */
  timeout?: number
  /** Run on this engine or connection instead of the context's / `db.bind`. */
  bind?: QueryMethods
  /** `false` returns plain rows even where the query would load model instances. */
  returnModel?: boolean
  /** Load rows with this loader (a model class, a loader). */
  loader?: LoaderLike<unknown>
}

/** Options with a loader: the result type follows the loader. */
export interface LoadOptions<T> extends ExecOptions {
  loader: LoaderLike<T>
}

/** Options of `iterate`. */
export interface IterateOptions extends ExecOptions {
  /** Rows fetched per round trip when iterating with `for await`. Default 100. */
  chunkSize?: number
}

type Params = SqlParams | readonly unknown[]

/** Arguments after the query: parameters first for SQL text. */
export type ExecArgs<Q, O> = Q extends TextQuery ? [params?: Params, options?: O] : [options?: O]
/** Arguments with a required loader. */
export type LoadArgs<Q, O> = Q extends TextQuery ? [params: Params | undefined, options: O] : [options: O]

/** What `status()` returns: the command tag (`DELETE 3`), its parts, and any returned rows. */
export interface StatusResult<R> {
  readonly tag: string
  readonly command: string
  readonly rowCount: number | null
  readonly rows: R[]
}
