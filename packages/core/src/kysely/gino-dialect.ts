import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import type { Connection } from '../connection/connection.js'
import { attachedLoader } from '../execution/loader-hook.js'
import { OPEN_CURSOR, RUN } from '../execution/query-methods.js'
import type { Statement } from '../execution/statement.js'
import { routerOf, type ReplicaRouter } from '../routing/replica-router.js'
import type { Transaction } from '../transaction/transaction.js'
import type { IsolationLevel } from '../transaction/tx-frame.js'

/** What the driver needs: something that hands out context-aware connections. */
export interface ConnectionSource {
  acquire(options: { reuse: boolean; lazy?: boolean }): Promise<Connection>
}


const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])

class GinoDatabaseConnection implements DatabaseConnection {
  readonly connection: Connection
  readonly #routed: ReplicaRouter | undefined
  transaction: Transaction | undefined

  constructor(connection: Connection, routed?: ReplicaRouter) {
    this.connection = connection
    this.#routed = routed
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const loader = attachedLoader(compiled.queryId)
    const statement = { sql: compiled.sql, parameters: compiled.parameters, loader, query: compiled.query }
    // Kysely hands the loader its rows without the result's parsers: texts go parsed.
    const rowMode = loader === undefined ? 'object' : loader.rowMode === 'texts' ? 'array' : loader.rowMode
    const result = this.#throughEngine(statement)
      ? await this.#routed!.run(statement, rowMode)
      : await this.connection[RUN](statement, rowMode, undefined)
    return {
      rows: result.rows as R[],
      ...(WRITES.has(result.command) && result.rowCount !== null ? { numAffectedRows: BigInt(result.rowCount) } : {}),
    }
  }

  /**
   * With replicas, a statement outside a Kysely transaction runs as `db.all()` would (a
   * read may go to a replica): in a context scope (the connection reuses its session), or
   * as a read on a connection of its own that has not written (Kysely's `connection()`
   * keeps its writes and the reads after them on one primary connection).
   */
  #throughEngine(statement: Statement): boolean {
    const routed = this.#routed
    if (routed === undefined || this.transaction !== undefined) return false
    const connection = this.connection
    if (!connection.isRoot) return true
    return !connection.connected && !routed.wrote(connection.session) && routed.readsOnly(statement)
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const statement = { sql: compiled.sql, parameters: compiled.parameters, loader: undefined }
    const cursor = this.connection[OPEN_CURSOR](statement, { chunkSize })
    try {
      for (;;) {
        const rows = (await cursor.many(chunkSize)) as R[]
        if (rows.length === 0) return
        yield { rows }
      }
    } finally {
      await cursor.close()
    }
  }
}

class GinoDriver implements Driver {
  readonly #source: () => ConnectionSource

  constructor(source: () => ConnectionSource) {
    this.#source = source
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const source = this.#source()
    const router = routerOf(source)
    if (router === undefined) return new GinoDatabaseConnection(await source.acquire({ reuse: true }))
    // Lazy: a read that goes to a replica never takes a primary connection.
    return new GinoDatabaseConnection(await source.acquire({ reuse: true, lazy: true }), router)
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const conn = connection as GinoDatabaseConnection
    conn.transaction = await conn.connection.begin({
      ...(settings.isolationLevel ? { isolation: settings.isolationLevel as IsolationLevel } : {}),
      ...(settings.accessMode ? { readOnly: settings.accessMode === 'read only' } : {}),
    })
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GinoDatabaseConnection).transaction?.commit()
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GinoDatabaseConnection).transaction?.rollback()
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await (connection as GinoDatabaseConnection).connection.release()
  }

  async destroy(): Promise<void> {
    // The engine owns the pool; closing a Kysely instance must not close it.
  }
}

/**
 * A Kysely dialect whose connections come from a gino-ts engine (or from whatever
 * `db.bind` is at the moment of the query), so a Kysely query run inside
 * `db.transaction()` joins that transaction. Normally you use `db.kysely` /
 * `engine.kysely` rather than this class.
 *
 * @example
 * ```ts
 * const kysely = new Kysely<Database>({ dialect: new GinoDialect(() => engine) })
 * ```
 */
export class GinoDialect implements Dialect {
  readonly #source: () => ConnectionSource

  constructor(source: () => ConnectionSource) {
    this.#source = source
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter()
  }

  createDriver(): Driver {
    return new GinoDriver(this.#source)
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler()
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db)
  }
}
