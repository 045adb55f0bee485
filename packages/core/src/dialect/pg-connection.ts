import { createRequire } from 'node:module'
import pg from 'pg'
import { PreparedStatementError } from '../errors.js'
import type { BeginCallback, FieldParser, RawConnection, RawResult, RowMode, RowShaper, StatementCallback } from './driver-adapter.js'
import { type CancelTarget, sendCancelRequest } from './pg-cancel.js'
import { isPreparable, StatementCache } from './statement-cache.js'

/** The socket under a pg client, as far as holding its writes goes. */
interface CorkableStream {
  cork(): void
  uncork(): void
}

/** The part of pg's (untyped) wire connection that prepared statements and a batched BEGIN touch. */
interface WireState {
  readonly parsedStatements: Record<string, string>
  close(message: { type: 'S'; name: string }): void
  parse(message: { text: string; name: string; types: readonly number[] }): void
  bind(message: {
    portal: string
    statement: string
    values: readonly unknown[]
    binary?: boolean
    valueMapper?: (value: unknown) => unknown
  }): void
  execute(message: { portal: string; rows: number }): void
  sync(): void
}

/** pg's own serializer of parameter values (what its `Query` binds with). */
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils.js') as {
  prepareValue: (value: unknown) => unknown
}

/**
 * One pg client checked out of pg-pool, behind the `RawConnection` interface: automatic
 * prepared statements, stale-plan recovery, pipelined sends and a protocol cancel.
 */
export class PgConnection implements RawConnection {
  broken = false
  planScope: string | undefined = undefined
  readonly #client: pg.PoolClient
  readonly #cancelTarget: CancelTarget
  /** Undefined when statements are not prepared (`prepare: false`). */
  readonly #statements: StatementCache | undefined
  /** Statements sent and not answered yet. */
  #inFlight = 0
  /** The client's socket, corked from a statement's send until the end of that tick. */
  readonly #stream: CorkableStream
  #corked = false
  /**
   * What each named statement's runs here learned of its result (see `KnownShape`): a
   * prepared statement's result cannot change (the server fails it instead, and it is
   * then dropped and prepared again), so later runs send no Describe, the server sends no
   * RowDescription, and the parsers and row decoder are made once.
   */
  readonly #shapes = new Map<string, KnownShape>()
  readonly #uncork = (): void => {
    this.#corked = false
    this.#stream.uncork()
  }

  constructor(client: pg.PoolClient, cancelTarget: CancelTarget, statementCacheSize: number) {
    this.#client = client
    this.#cancelTarget = cancelTarget
    this.#statements = statementCacheSize > 0 ? new StatementCache(statementCacheSize) : undefined
    this.#stream = (client as unknown as { connection: { stream: CorkableStream } }).connection.stream
    // A checked-out client that loses its server emits 'error'; without a listener that
    // would crash the process. We mark it broken so release() destroys it. The wrapper
    // lives as long as its client (one per client), so the listener stays attached.
    client.on('error', () => {
      this.broken = true
    })
  }

  get pid(): number | undefined {
    return (this.#client as unknown as { processID?: number }).processID
  }

  get client(): pg.PoolClient {
    return this.#client
  }

  /** Statements sent on this connection and not answered yet. */
  get inFlight(): number {
    return this.#inFlight
  }

  /** The session's transaction state as of the last answer: `I` idle, `T` in one, `E` failed one. */
  get transactionStatus(): string {
    return this.#client.getTransactionStatus() ?? 'I'
  }

  /** Prepared statements cached on this connection (for tests and diagnostics). */
  get preparedCount(): number {
    return this.#statements?.size ?? 0
  }

  get #wire(): WireState {
    return (this.#client as unknown as { connection: WireState }).connection
  }

  query(sql: string, parameters: readonly unknown[], rowMode: RowMode): Promise<RawResult> {
    // pg's callback form: one promise per statement (ours) instead of pg's plus a wrapper's.
    return new Promise((resolve, reject) => this.send(sql, parameters, rowMode, (error, result) => {
      if (error === undefined) resolve(result!)
      else reject(error)
    }))
  }

  /** Sends one statement; `done` gets the driver's error or the result, once. */
  send(sql: string, parameters: readonly unknown[], rowMode: RowMode, done: StatementCallback): void {
    this.#send(sql, parameters, rowMode, done, false, false, undefined)
  }

  /**
   * Opens a transaction with a plain `BEGIN` and sends its first statement. When the
   * statement takes the extended protocol and needs no Parse now (unnamed, or a prepared
   * statement the server confirmed), BEGIN travels inside the statement's protocol batch,
   * before its Sync: the server answers both in one packet, and a failed BEGIN skips the
   * statement. Otherwise BEGIN is a statement of its own, sent just before (a Parse that
   * failed after BEGIN's ParseComplete would leave pg believing the statement parsed).
   */
  sendWithBegin(sql: string, parameters: readonly unknown[], rowMode: RowMode, begun: BeginCallback, done: StatementCallback): void {
    this.#send(sql, parameters, rowMode, done, false, false, begun)
  }

  /**
   * Sends a statement that runs in a transaction of its own (outside any transaction,
   * possibly behind other such statements on this connection): one that fails on a stale
   * prepared statement changed nothing, so it is prepared again and retried once even when
   * others are in flight.
   */
  sendAutocommit(sql: string, parameters: readonly unknown[], rowMode: RowMode, done: StatementCallback): void {
    this.#send(sql, parameters, rowMode, done, true, false, undefined)
  }

  #send(
    sql: string,
    parameters: readonly unknown[],
    rowMode: RowMode,
    done: StatementCallback,
    autocommit: boolean,
    retried: boolean,
    begun: BeginCallback | undefined,
  ): void {
    const statements = this.#statements
    let name: string | undefined
    // One text may name other tables under another search_path: a statement per schema.
    const key = this.planScope === undefined ? sql : `${this.planScope}\u0000${sql}`
    if (statements !== undefined && isPreparable(sql, parameters.length)) {
      const taken = statements.take(key)
      name = taken.name
      if (taken.evicted !== undefined) this.#close(taken.evicted)
    }
    let batchedBegin: BeginCallback | undefined
    if (begun !== undefined) {
      const batched = name === undefined ? parameters.length > 0 : this.#wire.parsedStatements[name] !== undefined
      if (batched) batchedBegin = begun
      else this.#send('BEGIN', [], 'object', begun, false, false, undefined)
    }
    // In a transaction of its own (alone on the connection outside a transaction, or sent
    // as such): a statement that fails because its prepared form went stale changed
    // nothing and may simply be sent again.
    const retryable =
      name !== undefined &&
      !retried &&
      batchedBegin === undefined &&
      (autocommit || (this.#inFlight === 0 && this.#client.getTransactionStatus() === 'I'))
    let settled = false
    const callback = (error: Error | null | undefined, result?: pg.QueryResult): void => {
      // pg may report a query a second time when its connection fails afterwards.
      if (settled) return
      settled = true
      this.#inFlight--
      if (error === null || error === undefined) return done(undefined, result)
      if (name !== undefined && this.#forgetStale(error, key, name)) {
        if (retryable) return this.#send(sql, parameters, rowMode, done, autocommit, true, undefined)
        return done(new PreparedStatementError(sql, parameters, error), undefined)
      }
      if (isConnectionFailure(error)) this.broken = true
      done(error, undefined)
    }
    this.#inFlight++
    this.#holdWrites()
    try {
      const known = name === undefined || this.#wire.parsedStatements[name] === undefined ? undefined : this.#shapes.get(name)
      const shapes = name !== undefined && known === undefined ? this.#shapes : undefined
      this.#client.query(makeQuery(sql, parameters, name, rowMode, callback, batchedBegin, known, shapes))
    } catch (error) {
      // A value pg cannot serialize throws midway through the protocol messages: the
      // session is left unusable.
      this.broken = true
      callback(error instanceof Error ? error : new Error(String(error)))
    }
  }

  /**
   * Keeps what is written on the socket until the current tick's callbacks and promise
   * reactions have run: statements sent on this connection in the same tick (callers
   * resumed by the answers of one read, a pipelined BEGIN and its statement) leave in one
   * `writev` system call instead of one each. The socket's cork is counted, so pg's own
   * cork around each statement's messages nests inside this one.
   */
  #holdWrites(): void {
    if (this.#corked) return
    this.#corked = true
    this.#stream.cork()
    process.nextTick(this.#uncork)
  }

  /**
   * When `error` says a prepared statement went stale (its result changed, a type it
   * takes was dropped, it was dropped itself), forgets it (every statement, when
   * one was dropped on the server: `DISCARD ALL` drops them all; only the name, when
   * another client took it) and returns true.
   */
  #forgetStale(error: Error, key: string, name: string): boolean {
    const statements = this.#statements!
    const { code, routine } = error as { code?: unknown; routine?: unknown }
    // A statement's parameter types are fixed when it is parsed: a type dropped and made
    // again (an enum recreated by DDL) leaves it pointing at a type that is gone.
    const goneType = code === 'XX000' && /cache lookup failed for type/.test(error.message)
    if (goneType || (code === '0A000' && (routine === 'RevalidateCachedQuery' || error.message.includes('cached plan')))) {
      statements.drop(key, name)
      this.#close(name)
      return true
    }
    if (code === '42P05') {
      // The name is taken on the server by another client of the same session (a pooler
      // in front): not ours to close; the retry takes a fresh name.
      statements.drop(key, name)
      delete this.#wire.parsedStatements[name]
      this.#shapes.delete(name)
      return true
    }
    if (code === '26000') {
      for (const name of statements.clear()) this.#close(name)
      return true
    }
    return false
  }

  /**
   * Drops a named statement: pg forgets it was parsed, and the server gets a protocol
   * Close ahead of whatever is sent next (no round trip of its own; closing a statement
   * that does not exist is no error, and pg ignores the CloseComplete).
   */
  #close(name: string): void {
    const wire = this.#wire
    delete wire.parsedStatements[name]
    this.#shapes.delete(name)
    if (!this.broken) wire.close({ type: 'S', name })
  }

  cancel(): Promise<void> {
    const { processID, secretKey } = this.#client as unknown as { processID?: number | null; secretKey?: number | null }
    if (typeof processID !== 'number' || typeof secretKey !== 'number') return Promise.resolve()
    // The protocol's CancelRequest with the session's key: it also works through poolers,
    // where the pid the client sees is the pooler's and pg_cancel_backend would miss.
    return sendCancelRequest(this.#cancelTarget, { processID, secretKey })
  }
}

/** The writable inside of a pg `Query` that `makeQuery` sets. */
interface QueryInside {
  name: string | undefined
  _rowMode: string | undefined
  _result: unknown
  _results: unknown
}

/**
 * A pg `Query` made from the SQL string: pg copies a config object (`{ name, text,
 * values, rowMode }`) property descriptor by property descriptor on every call, about a
 * microsecond and a half; the name and row mode are set on the instance instead. Being a
 * `Query`, it is accepted in pipeline mode (custom query objects are not). `known`: the
 * result columns of a named statement already run on this connection (no Describe);
 * `shapes`: where a named statement's first run records them.
 */
function makeQuery(
  sql: string,
  parameters: readonly unknown[],
  name: string | undefined,
  rowMode: RowMode,
  callback: (error: Error | null | undefined, result?: pg.QueryResult) => void,
  begun: BeginCallback | undefined,
  known: KnownShape | undefined,
  shapes: Map<string, KnownShape> | undefined,
): pg.Query {
  const query =
    begun === undefined && known === undefined && shapes === undefined
      ? new pg.Query(sql, parameters as unknown[], callback)
      : new GinoQuery(sql, parameters, callback, begun, known, shapes)
  const inside = query as unknown as QueryInside
  if (name !== undefined) inside.name = name
  // pg sets the pool's type parsers on the result when it queues the query.
  if (rowMode === 'array' || rowMode === 'texts') {
    const result = rowMode === 'array' ? new KnownResult('array', known) : new TextResult(known)
    inside._rowMode = 'array'
    inside._result = result
    inside._results = result
  } else if (rowMode !== 'object') {
    const result = new ShapedResult(rowMode, known)
    inside._result = result
    inside._results = result
  } else if (known !== undefined) {
    const result = new KnownResult(undefined, known)
    inside._result = result
    inside._results = result
  }
  return query
}

/**
 * What a named statement's first run on a connection learned of its result: the columns
 * (from its Describe), then, once a run made them, their type parsers and the last row
 * decoder made for them. Later runs take all of it from here instead of making it again.
 */
interface KnownShape {
  readonly fields: readonly FieldDescription[]
  /** Undefined until a run on this connection made them. */
  parsers: readonly FieldParser[] | undefined
  /** pg's empty object row of these columns (object rows copy it). */
  emptyRow: object | undefined
  /** The decoder last made for these columns, by `shaper`. */
  shaper: RowShaper | undefined
  decode: Decoder | undefined
}

type Decoder = (texts: ReadonlyArray<string | null>, parsers: readonly FieldParser[]) => unknown

/** The hooks and fields of pg's `Query` (untyped) that `GinoQuery` overrides or reads. */
interface QueryHooks {
  readonly name: string | undefined
  readonly values: readonly unknown[]
  readonly binary: boolean | undefined
  prepare(connection: WireState): void
  handleRowDescription(message: { fields: readonly FieldDescription[] }): void
  handleCommandComplete(message: unknown, connection: WireState): void
  handleError(error: Error, connection: WireState): void
}

const HookableQuery = pg.Query as unknown as new (
  text: string,
  values: unknown[],
  callback: (error: Error | null | undefined, result?: pg.QueryResult) => void,
) => pg.Query & QueryHooks

/**
 * A statement with what pg's `Query` does not do itself:
 * - `begun`: preceded by `BEGIN` in its own protocol batch (Parse, Bind and Execute of
 *   the unnamed `BEGIN`, then the statement's messages and one Sync). BEGIN's
 *   CommandComplete is reported to `begun` and kept out of the statement's result; an
 *   error before it is BEGIN's (the server then skips the statement up to the Sync).
 * - `known`: a named statement parsed on this connection whose result columns are known
 *   from an earlier run: Bind, Execute and Sync only, with no Describe (the server sends
 *   no RowDescription; the result takes the known columns).
 * - `shapes`: records the columns this run's Describe reports (none, for a statement
 *   without a result) under the statement's name, once it is parsed.
 */
class GinoQuery extends HookableQuery {
  readonly #begun: BeginCallback | undefined
  readonly #known: KnownShape | undefined
  readonly #shapes: Map<string, KnownShape> | undefined
  #wire: WireState | undefined
  /** BEGIN's outcome was reported (or there is no BEGIN). */
  #answered: boolean
  /** The messages are being written: an error now is the statement's (a value pg cannot serialize). */
  #writing = false
  /** A RowDescription arrived for this run. */
  #described = false

  constructor(
    sql: string,
    parameters: readonly unknown[],
    callback: (error: Error | null | undefined, result?: pg.QueryResult) => void,
    begun: BeginCallback | undefined,
    known: KnownShape | undefined,
    shapes: Map<string, KnownShape> | undefined,
  ) {
    super(sql, parameters as unknown[], callback)
    this.#begun = begun
    this.#known = known
    this.#shapes = shapes
    this.#answered = begun === undefined
  }

  override prepare(connection: WireState): void {
    this.#wire = connection
    this.#writing = true
    try {
      if (this.#begun !== undefined) {
        connection.parse({ text: 'BEGIN', name: '', types: [] })
        connection.bind({ portal: '', statement: '', values: [] })
        connection.execute({ portal: '', rows: 0 })
      }
      if (this.#known === undefined) super.prepare(connection)
      else this.#prepareKnown(connection, this.#known)
    } finally {
      this.#writing = false
    }
  }

  /** pg's `prepare` for a parsed statement, without the Describe. */
  #prepareKnown(connection: WireState, known: KnownShape): void {
    try {
      connection.bind({
        portal: '',
        statement: this.name!,
        values: this.values,
        binary: this.binary,
        valueMapper: prepareValue,
      })
    } catch (error) {
      // As pg does when a value cannot be serialized.
      connection.close({ type: 'S', name: this.name! })
      connection.sync()
      this.handleError(error instanceof Error ? error : new Error(String(error)), connection)
      return
    }
    // A statement without result columns gets no RowDescription, as when it is described.
    if (known.fields.length > 0) super.handleRowDescription({ fields: known.fields })
    connection.execute({ portal: '', rows: 0 })
    connection.sync()
  }

  override handleRowDescription(message: { fields: readonly FieldDescription[] }): void {
    this.#described = true
    this.#remember(message.fields)
    super.handleRowDescription(message)
  }

  override handleCommandComplete(message: unknown, connection: WireState): void {
    if (!this.#answered) return this.#answer(undefined)
    if (!this.#described) this.#remember([])
    super.handleCommandComplete(message, connection)
  }

  override handleError(error: Error, connection: WireState): void {
    if (!this.#answered) this.#answer(this.#writing ? undefined : error)
    super.handleError(error, connection)
  }

  #remember(fields: readonly FieldDescription[]): void {
    const name = this.name
    if (this.#shapes === undefined || name === undefined) return
    if (this.#wire?.parsedStatements[name] !== undefined) {
      this.#shapes.set(name, { fields, parsers: undefined, emptyRow: undefined, shaper: undefined, decode: undefined })
    }
  }

  #answer(error: Error | undefined): void {
    this.#answered = true
    this.#begun!(error)
  }
}

/** The part of pg's (untyped) `Result` that gino-ts's results build on. */
interface PgResultInside {
  fields: readonly FieldDescription[]
  _parsers: readonly FieldParser[] | undefined
  _prebuiltEmptyResultObject: object | null
  addFields(fields: ReadonlyArray<FieldDescription>): void
  parseRow(texts: ReadonlyArray<string | null>): unknown
  _parseRowAsArray(texts: ReadonlyArray<string | null>): unknown[]
}

/** A column of a RowDescription as pg-protocol reports it. */
interface FieldDescription {
  readonly name: string
  readonly format: string
}

const PgResult = (pg as unknown as { Result: new (rowMode?: string) => PgResultInside }).Result

/**
 * pg's `Result`, taking a known statement's parsers (and empty object row) from its
 * `KnownShape` instead of making them on every run; the first run that makes them keeps
 * them there.
 */
class KnownResult extends PgResult {
  protected readonly known: KnownShape | undefined

  constructor(rowMode: string | undefined, known: KnownShape | undefined) {
    super(rowMode)
    this.known = known
  }

  override addFields(fields: ReadonlyArray<FieldDescription>): void {
    const known = this.known
    if (known === undefined || known.fields !== fields) return super.addFields(fields)
    if (known.parsers !== undefined) {
      this.fields = fields
      this._parsers = known.parsers
      this._prebuiltEmptyResultObject = known.emptyRow ?? null
      return
    }
    super.addFields(fields)
    known.parsers = this._parsers
    known.emptyRow = this._prebuiltEmptyResultObject ?? undefined
  }
}

/**
 * A result whose rows are decoded by a `RowShaper` (made instances) straight from their
 * field texts as they arrive: no row object in between, and nothing per row to collect
 * later. Binary fields (a client in binary mode) get pg's object rows, which the loader
 * shapes itself, as it does the rows of a second statement in the same text.
 */
class ShapedResult extends KnownResult {
  readonly #shaper: RowShaper
  #decode: Decoder | undefined

  constructor(shaper: RowShaper, known: KnownShape | undefined) {
    super(undefined, known)
    this.#shaper = shaper
  }

  override addFields(fields: ReadonlyArray<FieldDescription>): void {
    super.addFields(fields)
    const known = this.known !== undefined && this.known.fields === fields ? this.known : undefined
    if (known !== undefined && known.shaper === this.#shaper) {
      this.#decode = known.decode
      return
    }
    const text = fields.every((field) => field.format !== 'binary')
    this.#decode = text ? this.#shaper.decoderFor(fields.map((field) => field.name)) : undefined
    if (known !== undefined) {
      known.shaper = this.#shaper
      known.decode = this.#decode
    }
  }

  override parseRow(texts: ReadonlyArray<string | null>): unknown {
    const decode = this.#decode
    return decode === undefined ? super.parseRow(texts) : decode(texts, this._parsers!)
  }
}

/**
 * A result of `texts` rows: each row is the array of field texts pg-protocol read (null
 * for NULL), kept as it is; `parsers` hands the fields' parsers to the reader. Binary
 * fields (a client in binary mode) are parsed here, as `array` rows, and `parsers` is
 * then absent.
 */
class TextResult extends KnownResult {
  #binary = false

  constructor(known: KnownShape | undefined) {
    // Not 'array': pg would make its array parser an own property, over `parseRow` below.
    super(undefined, known)
  }

  get parsers(): readonly FieldParser[] | undefined {
    return this.#binary ? undefined : this._parsers
  }

  override addFields(fields: ReadonlyArray<FieldDescription>): void {
    super.addFields(fields)
    this.#binary = fields.some((field) => field.format === 'binary')
  }

  override parseRow(texts: ReadonlyArray<string | null>): unknown {
    return this.#binary ? this._parseRowAsArray(texts) : texts
  }
}

/** Errors after which the session is unusable, rather than a statement that failed. */
export function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return true
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03'
}
