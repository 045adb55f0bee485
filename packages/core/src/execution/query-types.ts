import type { Compilable, CompiledQuery, RawBuilder } from 'kysely'
import type { LoaderLike } from './loader-hook.js'
import type { ParamNames } from './param-names.js'
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
  /**
   * Run on this engine or connection instead of the context's / `db.bind`. On an engine
   * with replicas, `'primary'` runs a read on the primary, and `'replica'` runs the
   * statement on a replica, whatever it is (the caller vouches that it only reads; the
   * primary when no replica is up).
   */
  bind?: QueryMethods | 'primary' | 'replica'
  /** `false` returns plain rows even where the query would load model instances. */
  returnModel?: boolean
  /** Load rows with this loader (a model class, a loader). */
  loader?: LoaderLike<unknown>
}

/** Options with a loader: the result type follows the loader. */
export interface LoadOptions<T> extends ExecOptions {
  loader: LoaderLike<T>
}

/** Options with a loader `L`: the result type is what `L` loads (`LoadedOf<L>`). */
export interface LoaderOptions<L extends LoaderLike<unknown>> extends ExecOptions {
  loader: L
}

/** Options of `iterate`. */
export interface IterateOptions extends ExecOptions {
  /** Rows fetched per round trip when iterating with `for await`. Default 100. */
  chunkSize?: number
}

/** The option names: a parameter object of SQL text whose names are unknown may not use them. */
export type OptionName = 'bind' | 'timeout' | 'returnModel' | 'loader' | 'chunkSize'

/**
 * Parameters of SQL text whose names are not known at compile time (a `string`, not a
 * literal): any names but the options' (`{ bind: engine }` in the parameters' place is a
 * compile error: options come third for SQL text), or positional values.
 */
export type LooseParams = (SqlParams & { readonly [K in OptionName]?: never }) | readonly unknown[]

/** Parameters of literal SQL without `:names`: none, or positional values for `$1`... */
export type NoParams = { readonly [name: string]: never } | readonly unknown[]

/** Parameters of literal SQL with the `:names` `N`: exactly those. */
export type NamedParams<N extends string> = { readonly [K in N]: unknown }

/** The parameter names of a text query (`string` when not known at compile time). */
export type ParamNamesOf<Q> =
  Q extends TextClause<unknown, infer N> ? N : Q extends string ? ParamNames<Q> : string

/** The parameters a text query takes (see `ParamNamesOf`). */
export type ParamsOf<Q> = ParamsFor<ParamNamesOf<Q>>

type ParamsFor<N extends string> = string extends N
  ? LooseParams
  : [N] extends [never]
    ? NoParams
    : NamedParams<N>

type TextArgs<N extends string, O> = string extends N
  ? [params?: LooseParams, options?: O]
  : [N] extends [never]
    ? [params?: NoParams, options?: O]
    : [params: NamedParams<N>, options?: O]

/**
 * Arguments after the query. One rule: SQL text (a string or `text()`) takes its parameters
 * second and options third; every other query takes options second. For a literal SQL
 * string the parameters must be exactly its `:names`.
 */
export type ExecArgs<Q, O> = Q extends TextQuery ? TextArgs<ParamNamesOf<Q>, O> : [options?: O]
type TextManyArgs<N extends string, O> = string extends N
  ? [params?: LooseParams, options?: O]
  : [N] extends [never]
    ? [params?: NoParams, options?: O]
    : [params: NamedParams<N> | ReadonlyArray<NamedParams<N>>, options?: O]

/**
 * Arguments of `status` and `all`: as `ExecArgs`, and for SQL text with `:names` also a
 * list of parameter objects (executemany: the statement runs once per object).
 */
export type ExecManyArgs<Q, O> = Q extends TextQuery ? TextManyArgs<ParamNamesOf<Q>, O> : [options?: O]

/** Arguments with a required loader. */
export type LoadArgs<Q, O> = Q extends TextQuery
  ? [params: ParamsOf<Q> | undefined, options: O]
  : [options: O]

/** What `status()` returns: the command tag (`DELETE 3`), its parts, and any returned rows. */
export interface StatusResult<R> {
  readonly tag: string
  readonly command: string
  readonly rowCount: number | null
  readonly rows: R[]
}
