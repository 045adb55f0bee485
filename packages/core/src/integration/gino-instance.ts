import type { QueryMethods } from '../execution/query-methods.js'
import type { Gino } from '../gino.js'

/**
 * What the integrations need of your `db`: any `Gino<DB>`, whatever its table types
 * (`Gino<DB>` is not assignable to `Gino<object>`, hence this structural view).
 */
export type GinoInstance = QueryMethods &
  Pick<Gino, 'bind' | 'isBound' | 'setBind' | 'popBind' | 'runWithBind' | 'transaction'>

/**
 * Declaration merging point that types the `db` decorators of the framework packages
 * (`request.db`, `req.db`, `ctx.db`...) as your own `Gino<DB>`.
 *
 * @example
 * ```ts
 * export const db = new Gino<Database>()
 * declare module '@gino-ts/core' {
 *   interface GinoRegister { db: typeof db }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GinoRegister {}

/** The type of the `db` decorators: `GinoRegister['db']` when registered, else `Gino`. */
export type RegisteredGino = GinoRegister extends { db: infer D } ? D : Gino
