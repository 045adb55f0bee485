import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

/** Runs one statement the driver's own way and gives its rows. */
export type RawQuery = <R>(sql: string, parameters?: unknown[]) => Promise<{ rows: R[] }>

/**
 * The raw side of a comparison: the driver's own calls, nothing of gino-ts. The methods
 * forward straight to `pool.query` / `pglite.query`.
 */
export interface RawDriver {
  readonly query: RawQuery
  /**
   * The same with named prepared statements, one name per SQL text, as a hand-tuned `pg`
   * user writes it (`{ name, text, values }`); undefined where the driver has none (PGlite).
   */
  readonly prepared: RawQuery | undefined
  /** BEGIN, `fn`'s statements on one connection, COMMIT (ROLLBACK on error). */
  transaction(fn: (query: RawQuery) => Promise<void>, prepared?: boolean): Promise<void>
  close(): Promise<void>
}

/** Raw `pg`: a `pg.Pool` of `max` connections and `pool.query`. */
export class RawPg implements RawDriver {
  readonly pool: pg.Pool
  readonly query: RawQuery
  readonly prepared: RawQuery
  readonly #names = new Map<string, string>()

  constructor(connectionString: string, max: number) {
    const pool = new pg.Pool({ connectionString, max })
    this.pool = pool
    this.query = <R>(sql: string, parameters?: unknown[]) =>
      pool.query(sql, parameters) as unknown as Promise<{ rows: R[] }>
    this.prepared = <R>(sql: string, parameters?: unknown[]) =>
      pool.query({ name: this.#name(sql), text: sql, values: parameters }) as unknown as Promise<{
        rows: R[]
      }>
  }

  #name(sql: string): string {
    let name = this.#names.get(sql)
    if (name === undefined) {
      name = `raw_${this.#names.size + 1}`
      this.#names.set(sql, name)
    }
    return name
  }

  async transaction(fn: (query: RawQuery) => Promise<void>, prepared = false): Promise<void> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      await fn(<R>(sql: string, parameters?: unknown[]) =>
        (prepared
          ? client.query({ name: this.#name(sql), text: sql, values: parameters })
          : client.query(sql, parameters)) as unknown as Promise<{ rows: R[] }>,
      )
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  close(): Promise<void> {
    return this.pool.end()
  }
}

/** Raw PGlite: its own in-memory instance and `pglite.query` / `pglite.transaction`. */
export class RawPglite implements RawDriver {
  readonly db: PGlite
  readonly query: RawQuery
  readonly prepared = undefined

  private constructor(db: PGlite) {
    this.db = db
    this.query = <R>(sql: string, parameters?: unknown[]) => db.query<R>(sql, parameters)
  }

  static async open(): Promise<RawPglite> {
    return new RawPglite(await PGlite.create())
  }

  async transaction(fn: (query: RawQuery) => Promise<void>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await fn(<R>(sql: string, parameters?: unknown[]) => tx.query<R>(sql, parameters))
    })
  }

  close(): Promise<void> {
    return this.db.close()
  }
}
