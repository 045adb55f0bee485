/**
 * The narrow surface gino-ts needs from a PostgreSQL driver. Declared structurally so
 * the rest of the core never imports `pg` or `@electric-sql/pglite` types.
 */

/**
 * `object` rows are keyed by column name; `array` rows keep every column by position;
 * `texts` rows are arrays of each field's text as the server sent it (null for NULL),
 * parsed by whoever reads them with `RawResult.parsers` (loaders parse only what they
 * use: a joined parent's columns once, not on every row). A driver that cannot keep
 * texts returns `array` rows and no parsers. A `RowShaper` (a model's own loader) asks
 * for rows turned into their final form as they arrive.
 */
export type RowMode = 'object' | 'array' | 'texts' | RowShaper

/** Parses one field's text as the driver's type parser for its column does. */
export type FieldParser = (text: string) => unknown

/**
 * Rows made into what a loader returns while the result is read, straight from the
 * field texts: no row object per row, and a large result keeps one object per row alive,
 * not two (pg does this for text results, PGlite on its wire path; otherwise the rows
 * are objects and the loader shapes them after).
 * @internal
 */
export interface RowShaper {
  /**
   * The function that makes each row of a result with these columns (in order) from its
   * field texts (null for SQL NULL) and each field's type parser.
   */
  decoderFor(columns: readonly string[]): (texts: ReadonlyArray<string | null>, parsers: readonly FieldParser[]) => unknown
}

/** The plain row mode under `rowMode`: what a driver that does not shape rows returns. */
export function plainRowMode(rowMode: RowMode): 'object' | 'array' {
  return rowMode === 'array' || rowMode === 'texts' ? 'array' : 'object'
}

/** A column description of a result. */
export interface FieldInfo {
  readonly name: string
  readonly dataTypeID: number
}

/** What a driver returns for one statement. */
export interface RawResult {
  readonly rows: unknown[]
  readonly fields: readonly FieldInfo[]
  /** The command tag's verb, e.g. `SELECT`, `INSERT`, `DELETE`. */
  readonly command: string
  /** Rows affected or returned, as the command tag reports it. */
  readonly rowCount: number | null
  /** Each field's parser, when the rows are `texts` (see `RowMode`); absent when they are parsed. */
  readonly parsers?: readonly FieldParser[]
}

/** Receives the outcome of one statement, once: the driver's error, or the result. */
export type StatementCallback = (error: Error | undefined, result: RawResult | undefined) => void

/** Receives the outcome of a transaction's `BEGIN`, once: undefined when it succeeded. */
export type BeginCallback = (error: Error | undefined) => void

/** One physical connection checked out of a pool. */
export interface RawConnection {
  /** Backend process id, when the driver knows it. */
  readonly pid: number | undefined
  /** Set when the driver reported the connection broken; it must not go back to the pool. */
  readonly broken: boolean
  /**
   * The schema the holder runs this connection's statements in (`acquire({ schema })`),
   * or undefined for the pool's default `search_path`. Prepared statements are kept apart
   * per schema: one text may mean different tables, even a different result, in each.
   */
  planScope: string | undefined
  query(sql: string, parameters: readonly unknown[], rowMode: RowMode): Promise<RawResult>
  /**
   * Sends one statement without waiting for the ones sent before it (they run in order on
   * the server, each its own protocol batch: an error in one does not skip the next).
   */
  send(sql: string, parameters: readonly unknown[], rowMode: RowMode, done: StatementCallback): void
  /**
   * Sends a plain `BEGIN` and then a statement, without waiting (a lazy transaction's
   * first statement); `begun` hears BEGIN's outcome before `done` hears the statement's.
   * A driver without it gets two `send`s.
   */
  sendWithBegin?(sql: string, parameters: readonly unknown[], rowMode: RowMode, begun: BeginCallback, done: StatementCallback): void
  /** Ask the server to cancel the statement running on this connection. */
  cancel(): Promise<void>
}

/** A pool of raw connections for one database. */
export interface PoolAdapter {
  readonly driver: 'pg' | 'pglite'
  /** Resolves with a connection or rejects with `PoolTimeoutError` after the acquire timeout. */
  acquire(): Promise<RawConnection>
  /**
   * The connection `acquire()` would resolve with without waiting, taken now; undefined
   * when there is none (then `acquire()` waits). Lets a transaction start without a turn
   * of the promise queue.
   */
  takeNow?(): RawConnection | undefined
  /** Returns a connection; `destroy` closes it instead of keeping it for reuse. */
  release(connection: RawConnection, destroy: boolean): void
  /**
   * Runs one statement on a connection borrowed for it alone (the hot path of a query
   * outside any transaction). Rejects with the pool's error when no connection could be
   * had, and with `onError(driverError)` when the statement failed.
   */
  query(sql: string, parameters: readonly unknown[], rowMode: RowMode, onError: (error: Error) => Error): Promise<RawResult>
  close(): Promise<void>
  readonly stats: PoolStats
}

/** Pool occupancy, for diagnostics and tests. */
export interface PoolStats {
  readonly total: number
  readonly idle: number
  readonly waiting: number
}
