import type { Compilable, CompiledQuery, RawBuilder } from 'kysely'
import { GinoError, rejectWith } from '../errors.js'
import type { QueryMethods } from './query-methods.js'
import type { ExecOptions, RowOf, StatusResult } from './query-types.js'

/** What a baked query is built from: a Kysely builder (loaders attached stay) or `sql` tag. */
export type BakeableQuery = Compilable<unknown> | RawBuilder<unknown>

/** The placeholder a baked query's build function receives for each parameter name. */
class Placeholder {
  constructor(readonly name: string) {}
}

/** Options of a baked query's run: as `db.all`'s, without a loader of another type. */
export type BakedOptions = Pick<ExecOptions, 'bind' | 'timeout' | 'returnModel'>

/** The placeholders object: `params.email` stands for the `email` value of each run. */
function placeholders(): object {
  const made = new Map<string, Placeholder>()
  return new Proxy(
    {},
    {
      get(_target, name) {
        if (typeof name !== 'string') return undefined
        let placeholder = made.get(name)
        if (placeholder === undefined) made.set(name, (placeholder = new Placeholder(name)))
        return placeholder
      },
    },
  )
}

function isRawBuilder(query: unknown): query is RawBuilder<unknown> {
  return (query as { isRawBuilder?: unknown }).isRawBuilder === true
}

/**
 * A query compiled once with named placeholders and run many times with values: GINO's
 * bakery. Each run sends the same SQL text (so prepared statements key on it) with the
 * values put where the placeholders were; nothing is built or compiled again. Make one
 * with `db.bake()`.
 *
 * @example
 * ```ts
 * const byEmail = db.bake((p: { email: string }) => User.query.where('email', '=', p.email))
 * const users = await byEmail.all({ email: 'ann@example.com' }) // User[]
 * ```
 */
export class BakedQuery<P extends object, R> {
  /** The SQL text every run sends. */
  readonly sql: string
  readonly #runner: QueryMethods
  readonly #compiled: CompiledQuery<unknown> | undefined
  /** Per parameter position: the name of a placeholder, or undefined for a constant. */
  readonly #names: ReadonlyArray<string | undefined>
  readonly #constants: readonly unknown[]

  /** @internal Use `db.bake()`. */
  constructor(runner: QueryMethods, build: (params: P) => BakeableQuery) {
    const query = build(placeholders() as P)
    let sql: string
    let parameters: readonly unknown[]
    if (!isRawBuilder(query) && typeof query.compile === 'function') {
      // Compiled by the builder itself, so a loader attached to it comes along.
      const compiled = query.compile()
      this.#compiled = compiled
      sql = compiled.sql
      parameters = compiled.parameters
    } else {
      ;({ sql, parameters } = runner.compile(query))
      this.#compiled = undefined
    }
    this.sql = sql
    this.#runner = runner
    this.#names = parameters.map((value) => (value instanceof Placeholder ? value.name : undefined))
    this.#constants = parameters
  }

  /** The parameter names the SQL takes, in the order of their first use. */
  get parameterNames(): string[] {
    return [...new Set(this.#names.filter((name): name is string => name !== undefined))]
  }

  /** The values of one run, in parameter order. */
  #values(params: P): unknown[] {
    const names = this.#names
    const bag = params as Record<string, unknown>
    const values = new Array<unknown>(names.length)
    for (let i = 0; i < names.length; i++) {
      const name = names[i]
      if (name === undefined) {
        values[i] = this.#constants[i]
        continue
      }
      const value = bag[name]
      if (value === undefined && !(name in bag)) {
        throw new GinoError('INVALID_ARGUMENT', `The baked query needs the parameter "${name}".`)
      }
      values[i] = value
    }
    return values
  }

  /** A compiled query with this run's values, keeping the builder's query node (and its loader). */
  #statement(params: P): CompiledQuery<R> {
    const parameters = this.#values(params)
    const compiled = this.#compiled
    if (compiled === undefined) return { sql: this.sql, parameters, query: RAW_NODE } as never
    return { sql: this.sql, parameters, query: compiled.query, queryId: compiled.queryId }
  }

  /** Runs with this run's statement; a missing parameter rejects the promise, as a failed run would. */
  #run(params: P, send: (statement: CompiledQuery<R>) => Promise<unknown>): Promise<unknown> {
    let statement: CompiledQuery<R>
    try {
      statement = this.#statement(params)
    } catch (error) {
      return rejectWith(error)
    }
    return send(statement)
  }

  /** The SQL and this run's parameter values, without running it. */
  compile(params: P): { sql: string; parameters: readonly unknown[] } {
    return { sql: this.sql, parameters: this.#values(params) }
  }

  /** Every row (or loaded object), as `db.all`. */
  all(params: P, options?: BakedOptions): Promise<R[]> {
    return this.#run(params, (statement) => this.#runner.all(statement, options)) as Promise<R[]>
  }

  /** The first row, or null, as `db.first`. */
  first(params: P, options?: BakedOptions): Promise<R | null> {
    return this.#run(params, (statement) =>
      this.#runner.first(statement, options),
    ) as Promise<R | null>
  }

  /** Exactly one row, as `db.one`. */
  one(params: P, options?: BakedOptions): Promise<R> {
    return this.#run(params, (statement) => this.#runner.one(statement, options)) as Promise<R>
  }

  /** One row or null, as `db.oneOrNone`. */
  oneOrNone(params: P, options?: BakedOptions): Promise<R | null> {
    return this.#run(params, (statement) =>
      this.#runner.oneOrNone(statement, options),
    ) as Promise<R | null>
  }

  /** The first column of the first row, as `db.scalar`. */
  scalar(params: P, options?: BakedOptions): Promise<R[keyof R] | null> {
    return this.#run(params, (statement) => this.#runner.scalar(statement, options)) as Promise<
      R[keyof R] | null
    >
  }

  /** The command tag and row count, as `db.status`. */
  status(params: P, options?: BakedOptions): Promise<StatusResult<R>> {
    return this.#run(params, (statement) => this.#runner.status(statement, options)) as Promise<
      StatusResult<R>
    >
  }
}

/** The query node of a baked `sql` tag's runs (only the SQL text and parameters are sent). */
const RAW_NODE = Object.freeze({ kind: 'RawNode', sqlFragments: [], parameters: [] })

/** The row type a baked query returns: what `db.all` of the built query returns. */
export type BakedRow<Q> = RowOf<Q>

/**
 * Bakes `build` on `runner`; see `Gino.bake`.
 * @internal
 */
export function bake<P extends object, Q extends BakeableQuery>(
  runner: QueryMethods,
  build: (params: P) => Q,
): BakedQuery<P, BakedRow<Q>> {
  return new BakedQuery<P, BakedRow<Q>>(runner, build)
}
