import { GinoError } from '../errors.js'
import type { ExecArgs, ExecOptions, Query, RowOf } from '../execution/query-types.js'
import type { QueryMethods } from '../execution/query-methods.js'
import { TextClause } from '../execution/text.js'
import { NotFoundError } from './http-errors.js'
import { currentRequestScope } from './request-scope.js'

/** A model class: `get()` resolves to its instances (or null). */
export type ModelLike = (abstract new (...args: never[]) => object) & {
  get(ident: never, options?: never): Promise<unknown>
}

/** Anything with `get(ident, options?)` resolving to a `T` or null (a repository, a loader). */
export interface Gettable<T, I, O> {
  get(ident: I, options?: O): Promise<T | null>
}

function describeIdent(ident: unknown): string {
  try {
    return JSON.stringify(ident, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    )
  } catch {
    return String(ident)
  }
}

function modelName(model: object): string {
  const { tableName, name } = model as { tableName?: unknown; name?: unknown }
  if (typeof tableName === 'string') return tableName
  return typeof name === 'string' && name !== '' ? name : 'row'
}

/**
 * `Model.get(ident)`, or a `NotFoundError` that the framework answers as 404 Not Found.
 *
 * @example
 * ```ts
 * app.get('/users/:id', async (request) => getOr404(User, Number(request.params.id)))
 * ```
 */
export function getOr404<M extends ModelLike>(
  model: M,
  ident: Parameters<M['get']>[0],
  options?: Parameters<M['get']>[1],
): Promise<InstanceType<M>>
export function getOr404<T, I, O>(model: Gettable<T, I, O>, ident: I, options?: O): Promise<T>
export async function getOr404(
  model: Gettable<unknown, unknown, unknown>,
  ident: unknown,
  options?: unknown,
): Promise<unknown> {
  const found = await model.get(ident, options)
  if (found === null || found === undefined) {
    throw new NotFoundError(`${modelName(model)} ${describeIdent(ident)} was not found.`)
  }
  return found
}

/**
 * The first row (or loaded instance) of a query, or a `NotFoundError` answered as 404.
 * Runs on the current request's `db` (or the `bind` option's engine or connection).
 *
 * @example
 * ```ts
 * const user = await firstOr404(User.query.where('email', '=', email))
 * const row = await firstOr404('SELECT * FROM users WHERE id = :id', { id })
 * ```
 */
export async function firstOr404<Q extends Query>(
  query: Q,
  ...args: ExecArgs<Q, ExecOptions>
): Promise<RowOf<Q>> {
  const isText = typeof query === 'string' || query instanceof TextClause
  const options = (isText ? args[1] : args[0]) as ExecOptions | undefined
  const target: QueryMethods | undefined =
    typeof options?.bind === 'object' ? options.bind : currentRequestScope()?.db
  if (target === undefined) {
    throw new GinoError(
      'NO_REQUEST_SCOPE',
      'firstOr404() runs inside a request handled by a gino integration, or with the "bind" option.',
    )
  }
  const first = target.first.bind(target) as (
    query: Q,
    ...rest: ExecArgs<Q, ExecOptions>
  ) => Promise<RowOf<Q> | null>
  const row = await first(query, ...args)
  if (row === null || row === undefined) throw new NotFoundError('No row matched the query.')
  return row
}
