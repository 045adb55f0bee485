import type { Kysely } from 'kysely'
import type { Connection } from '../connection/connection.js'
import type { AcquireOptions, ConnectionScope, Engine } from '../engine/engine.js'
import type { BakeableQuery, BakedQuery, BakedRow } from '../execution/baked-query.js'
import type { QueryMethods } from '../execution/query-methods.js'
import type { Transaction } from '../transaction/transaction.js'
import type { TransactionOptions } from '../transaction/tx-frame.js'

/**
 * The `db` a model is declared on, as models and schema operations see it: its query
 * methods, engine, Kysely instance, connections and transactions. `Gino` implements it;
 * it exists so that the model layer does not import the `Gino` facade built on top of it.
 *
 * @example
 * ```ts
 * const db: GinoDatabase = User.db
 * await db.transaction(async () => { await User.create({ name: 'ann' }) })
 * ```
 */
export interface GinoDatabase extends QueryMethods {
  /** The engine queries run on (`UninitializedError` when none is bound). */
  readonly bind: Engine
  /** True when `bind` resolves to an engine. */
  readonly isBound: boolean
  /** A Kysely instance running on `bind`. */
  readonly kysely: Kysely<object>
  /** See `Gino.acquire`. */
  acquire(options?: AcquireOptions): Promise<Connection>
  acquire<T>(fn: ConnectionScope<T>): Promise<T>
  acquire<T>(options: AcquireOptions, fn: ConnectionScope<T>): Promise<T>
  /** See `Gino.bake`. */
  bake<P extends object, Q extends BakeableQuery>(build: (params: P) => Q): BakedQuery<P, BakedRow<Q>>
  /** See `Gino.transaction`. */
  transaction<T>(fn: (tx: Transaction) => Promise<T> | T, options?: TransactionOptions): Promise<T>
}
