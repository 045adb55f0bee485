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
import type { Transaction } from '../transaction/transaction.js'
import type { IsolationLevel } from '../transaction/tx-frame.js'

/** What the driver needs: something that hands out context-aware connections. */
export interface ConnectionSource {
  acquire(options: { reuse: boolean }): Promise<Connection>
}

const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE'])

class GinoDatabaseConnection implements DatabaseConnection {
  readonly connection: Connection
  transaction: Transaction | undefined

  constructor(connection: Connection) {
    this.connection = connection
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const loader = attachedLoader(compiled.queryId)
    const statement = { sql: compiled.sql, parameters: compiled.parameters, loader }
    const result = await this.connection[RUN](statement, loader?.rowMode ?? 'object', undefined)
    return {
      rows: result.rows as R[],
      ...(WRITES.has(result.command) && result.rowCount !== null ? { numAffectedRows: BigInt(result.rowCount) } : {}),
    }
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
    return new GinoDatabaseConnection(await this.#source().acquire({ reuse: true }))
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
