import type { CompiledQuery, Compilable, OperationNode, QueryExecutorProvider, RawBuilder } from 'kysely'
import type { RowLoader } from './loader-hook.js'
import { attachedLoader, toRowLoader } from './loader-hook.js'
import { type SqlParams, TextClause } from './text.js'
import type { ExecOptions } from './query-types.js'

/** A statement ready to send. */
export interface Statement {
  readonly sql: string
  readonly parameters: readonly unknown[]
  readonly loader: RowLoader<unknown> | undefined
  /** The Kysely operation node it was compiled from, when it was (tells reads from writes for replicas). */
  readonly query?: OperationNode
}

const textCache = new Map<string, TextClause>()
const TEXT_CACHE_LIMIT = 500

function cachedText(sql: string): TextClause {
  let clause = textCache.get(sql)
  if (clause === undefined) {
    if (textCache.size >= TEXT_CACHE_LIMIT) textCache.delete(textCache.keys().next().value!)
    clause = new TextClause(sql)
    textCache.set(sql, clause)
  }
  return clause
}

function isRawBuilder(query: unknown): query is RawBuilder<unknown> {
  return (query as { isRawBuilder?: unknown }).isRawBuilder === true
}

function isCompiled(query: unknown): query is CompiledQuery<unknown> {
  const q = query as Partial<CompiledQuery<unknown>>
  return typeof q.sql === 'string' && Array.isArray(q.parameters) && typeof q.query === 'object'
}

/**
 * Turns what the user passed (SQL string, `text()`, a Kysely builder, a compiled query,
 * Kysely's `sql` tag) into SQL + parameters + loader.
 */
export function toStatement(
  query: unknown,
  params: SqlParams | readonly unknown[] | undefined,
  options: ExecOptions | undefined,
  executorProvider: () => QueryExecutorProvider,
): Statement {
  let sql: string
  let parameters: readonly unknown[]
  let loader: RowLoader<unknown> | undefined
  let node: OperationNode | undefined
  if (typeof query === 'string' || query instanceof TextClause) {
    const clause = typeof query === 'string' ? cachedText(query) : query
    sql = clause.sql
    parameters = clause.parameters(params)
    loader = clause.loader === undefined ? undefined : toRowLoader(clause.loader)
  } else {
    let compiled: CompiledQuery<unknown>
    if (isRawBuilder(query)) compiled = query.compile(executorProvider())
    else if (isCompiled(query)) compiled = query
    else if (typeof (query as Compilable<unknown>).compile === 'function') compiled = (query as Compilable<unknown>).compile()
    else throw new TypeError('Expected SQL text, text(), a Kysely query or a compiled query.')
    sql = compiled.sql
    parameters = compiled.parameters
    loader = attachedLoader(compiled.queryId)
    node = compiled.query
  }
  if (options !== undefined) {
    if (options.loader !== undefined) loader = toRowLoader(options.loader)
    else if (options.returnModel === false) loader = undefined
  }
  return node === undefined ? { sql, parameters, loader } : { sql, parameters, loader, query: node }
}

/**
 * executemany: when `query` is SQL text with `:names` and `params` a list of parameter
 * objects, one statement per object (same SQL, loader taken once). Otherwise undefined.
 * (Positional `$n` SQL keeps taking one array of values: a list of sets would be ambiguous.)
 */
export function toStatements(
  query: unknown,
  params: unknown,
  options: ExecOptions | undefined,
  executorProvider: () => QueryExecutorProvider,
): Statement[] | undefined {
  if (!Array.isArray(params) || !(typeof query === 'string' || query instanceof TextClause)) return undefined
  const clause = typeof query === 'string' ? cachedText(query) : query
  if (clause.names.length === 0) return undefined
  const sets = params as unknown[]
  if (sets.length === 0) return []
  const first = toStatement(clause, sets[0] as SqlParams, options, executorProvider)
  return sets.map((set, index) =>
    index === 0 ? first : { sql: first.sql, parameters: clause.parameters(set as SqlParams), loader: first.loader },
  )
}
