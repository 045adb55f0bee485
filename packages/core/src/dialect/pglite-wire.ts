import type * as PgliteModule from '@electric-sql/pglite'
import type { PGlite } from '@electric-sql/pglite'
import { PreparedStatementError } from '../errors.js'
import { type FieldInfo, type FieldParser, plainRowMode, type RawResult, type RowMode } from './driver-adapter.js'
import { isPreparable, StatementCache } from './statement-cache.js'

type Protocol = typeof PgliteModule.protocol
type BackendMessage = Parameters<Parameters<InstanceType<Protocol['Parser']>['parse']>[1]>[0]
type TextParser = (value: string, typeId: number) => unknown

/** A statement prepared on the PGlite session: its name, parameter types and result columns. */
interface Prepared {
  readonly name: string
  readonly parameterTypes: readonly number[]
  readonly fields: readonly FieldInfo[]
  readonly parsers: ReadonlyArray<TextParser | undefined>
  /** The same parsers as readers of texts rows and decoders call them (text only). */
  readonly fieldParsers: readonly FieldParser[]
  /** False when a column is named `__proto__`: rows are then built with `Object.fromEntries`. */
  readonly plainKeys: boolean
}

/** What the engine answered to one batch of protocol messages. */
class Reply {
  fields: readonly FieldInfo[] | undefined
  parameterTypes: readonly number[] = []
  dataRows: Array<ReadonlyArray<string | null>> = []
  tag: string | undefined
  error: Error | undefined
  /** The transaction status of the closing ReadyForQuery (`I`, `T` or `E`), once it came. */
  status: string | undefined

  readonly take = (message: BackendMessage): void => {
    switch (message.name) {
      case 'dataRow':
        this.dataRows.push((message as unknown as { fields: Array<string | null> }).fields)
        break
      case 'rowDescription':
        // A simple query reports the last statement's rows (as PGlite's exec).
        this.fields = (message as unknown as { fields: FieldInfo[] }).fields.map(({ name, dataTypeID }) => ({ name, dataTypeID }))
        this.dataRows = []
        break
      case 'parameterDescription':
        this.parameterTypes = (message as unknown as { dataTypeIDs: number[] }).dataTypeIDs
        break
      case 'commandComplete':
        this.tag = (message as unknown as { text: string }).text
        break
      case 'readyForQuery':
        this.status = (message as unknown as { status: string }).status
        break
      case 'error':
        this.error ??= message as unknown as Error
        break
      default:
    }
  }
}

const EMPTY: readonly FieldInfo[] = []

/**
 * Runs statements on a PGlite instance by its wire protocol, each in one call into the
 * engine, where `pglite.query()` makes six (Parse, Describe, Bind, Describe, Execute,
 * Sync) and plans the statement every time. Queries and DML with parameters become named
 * prepared statements, kept per SQL text in a bounded LRU like on a server connection:
 * after the first run, a statement is one Bind/Execute/Sync batch, with its parameter
 * types and result columns known. Values are serialized and rows parsed with the
 * instance's own serializers and parsers, so results read exactly as `query()`'s.
 *
 * The caller runs one statement at a time on the instance (the pool adapter hands out its
 * single connection to one holder): PGlite's own mutexes are not taken.
 */
/** How the wire path runs a statement (see `PgliteWire.pathOf`). */
export type WirePath = 'simple' | 'prepared'

export class PgliteWire {
  readonly #db: PGlite
  readonly #serialize: Protocol['serialize']
  readonly #parser: InstanceType<Protocol['Parser']>
  readonly #names: StatementCache | undefined
  readonly #prepared = new Map<string, Prepared>()
  /** Close messages of evicted statements, sent ahead of the next batch. */
  #closing: Uint8Array[] = []
  /** Calls `syncToFs()` after statements outside a transaction (a file system that persists by it). */
  readonly #syncs: boolean

  constructor(db: PGlite, protocol: Protocol, statementCacheSize: number, syncs: boolean) {
    this.#db = db
    this.#serialize = protocol.serialize
    this.#parser = new protocol.Parser()
    this.#names = statementCacheSize > 0 ? new StatementCache(statementCacheSize) : undefined
    this.#syncs = syncs
  }

  /** Prepared statements cached (for tests and diagnostics). */
  get preparedCount(): number {
    return this.#prepared.size
  }

  /**
   * How this path runs `sql`, decided once per statement: `prepared` for a preparable
   * statement with a cache, `simple` for any other single statement without parameters
   * (the simple protocol, as `exec`); undefined when PGlite's own calls must run it.
   */
  pathOf(sql: string, parameters: readonly unknown[]): WirePath | undefined {
    if (this.#names !== undefined && isPreparable(sql, parameters.length)) return 'prepared'
    return parameters.length === 0 && !sql.includes(';') ? 'simple' : undefined
  }

  /**
   * Runs one statement the way `pathOf()` said. `planScope` is the connection's schema
   * scope (see `RawConnection.planScope`): its prepared statements are kept apart from others'.
   */
  run(path: WirePath, sql: string, parameters: readonly unknown[], rowMode: RowMode, planScope?: string): RawResult | Promise<RawResult> {
    if (path === 'simple') {
      const reply = this.#exchange(this.#serialize.query(sql))
      return this.#finish(reply, sql, undefined, rowMode, reply.fields ?? EMPTY, undefined)
    }
    const key = planScope === undefined ? sql : `${planScope}\u0000${sql}`
    return this.#runPrepared(key, sql, parameters, rowMode, false)
  }

  #runPrepared(key: string, sql: string, parameters: readonly unknown[], rowMode: RowMode, retried: boolean): RawResult | Promise<RawResult> {
    let prepared = this.#prepared.get(key)
    if (prepared === undefined) prepared = this.#prepare(key, sql, parameters)
    else this.#names!.take(key) // keeps the LRU order
    const serialize = this.#serialize
    const reply = this.#exchange(
      concat(serialize.bind({ statement: prepared.name, values: this.#values(prepared, parameters) }), serialize.execute({}), serialize.sync()),
    )
    const error = reply.error
    if (error !== undefined && this.#forgetStale(error, key, prepared.name)) {
      // Outside a transaction the failed statement changed nothing: prepare it again, once.
      if (reply.status === 'I' && !retried) return this.#runPrepared(key, sql, parameters, rowMode, true)
      throw new PreparedStatementError(sql, parameters, decorate(error, sql, parameters, rowMode))
    }
    return this.#finish(reply, sql, parameters, rowMode, prepared.fields, prepared)
  }

  /** Parses and describes `sql` as a named statement; throws the parse error as `query()` would. */
  #prepare(key: string, sql: string, parameters: readonly unknown[]): Prepared {
    const taken = this.#names!.take(key)
    if (taken.evicted !== undefined) this.#evict(taken.evicted)
    const serialize = this.#serialize
    const reply = this.#exchange(
      concat(serialize.parse({ name: taken.name, text: sql }), serialize.describe({ type: 'S', name: taken.name }), serialize.sync()),
    )
    if (reply.error !== undefined) {
      this.#names!.drop(key, taken.name)
      throw decorate(reply.error, sql, parameters, undefined)
    }
    const fields = reply.fields ?? EMPTY
    const parsers = fields.map((field) => this.#db.parsers[field.dataTypeID])
    const prepared: Prepared = {
      name: taken.name,
      parameterTypes: reply.parameterTypes,
      fields,
      parsers,
      fieldParsers: fieldParsers(fields, parsers),
      plainKeys: !fields.some((field) => field.name === '__proto__'),
    }
    this.#prepared.set(key, prepared)
    return prepared
  }

  /** Values as PGlite's `query()` sends them: by the serializer of each parameter's type, else `toString()`. */
  #values(prepared: Prepared, parameters: readonly unknown[]): Array<string | null> {
    const serializers = this.#db.serializers
    const types = prepared.parameterTypes
    const values = new Array<string | null>(parameters.length)
    for (let i = 0; i < parameters.length; i++) {
      const value = parameters[i]
      if (value === null || value === undefined) {
        values[i] = null
        continue
      }
      const serialize = serializers[types[i]!]
      values[i] = serialize ? (serialize(value)) : String((value as { toString(): string }).toString())
    }
    return values
  }

  /** Forgets a statement that went stale (as `PgConnection` does) and returns true; false for other errors. */
  #forgetStale(error: Error, key: string, name: string): boolean {
    const { code, routine } = error as { code?: unknown; routine?: unknown }
    const goneType = code === 'XX000' && /cache lookup failed for type/.test(error.message)
    if (goneType || (code === '0A000' && (routine === 'RevalidateCachedQuery' || error.message.includes('cached plan')))) {
      this.#names!.drop(key, name)
      this.#prepared.delete(key)
      this.#closing.push(this.#serialize.close({ type: 'S', name }))
      return true
    }
    if (code === '26000') {
      // Dropped on the server (DISCARD ALL / DEALLOCATE ALL): every cached name is gone.
      this.#names!.clear()
      this.#prepared.clear()
      return true
    }
    return false
  }

  #evict(name: string): void {
    for (const [key, prepared] of this.#prepared) {
      if (prepared.name === name) {
        this.#prepared.delete(key)
        break
      }
    }
    this.#closing.push(this.#serialize.close({ type: 'S', name }))
  }

  /** Sends one batch (with any pending Close ahead of it) and collects the answer. */
  #exchange(message: Uint8Array): Reply {
    const reply = new Reply()
    let batch = message
    if (this.#closing.length > 0) {
      batch = concat(...this.#closing, message)
      this.#closing = []
    }
    // The engine runs the batch during this call (the returned promise only awaits the
    // file system sync, which is off here).
    this.#db
      .execProtocolRawStream(batch, {
        syncToFs: false,
        onRawData: (bytes) => this.#parser.parse(bytes, reply.take),
      })
      .catch(() => undefined)
    if (reply.status === undefined) throw new Error('PGlite did not answer the statement (an engine failure, or an unsupported PGlite version).')
    return reply
  }

  /** The result of a reply, or its error as PGlite's `query()` throws it. */
  #finish(
    reply: Reply,
    sql: string,
    parameters: readonly unknown[] | undefined,
    rowMode: RowMode,
    fields: readonly FieldInfo[],
    prepared: Prepared | undefined,
  ): RawResult | Promise<RawResult> {
    if (reply.error !== undefined) throw decorate(reply.error, sql, parameters, rowMode)
    const parsers = prepared?.parsers ?? fields.map((field) => this.#db.parsers[field.dataTypeID])
    let rows: unknown[]
    let textParsers: readonly FieldParser[] | undefined
    if (rowMode === 'texts') {
      // The field texts the engine sent; the reader parses what it uses.
      rows = reply.dataRows
      textParsers = prepared?.fieldParsers ?? fieldParsers(fields, parsers)
    } else if (typeof rowMode === 'object') {
      // A model's rows: each decoded into its instance from the texts (see `RowShaper`).
      const decode = rowMode.decoderFor(fields.map((field) => field.name))
      const each = prepared?.fieldParsers ?? fieldParsers(fields, parsers)
      rows = reply.dataRows.map((texts) => decode(texts, each))
    } else {
      rows = toRows(reply.dataRows, fields, parsers, rowMode, prepared?.plainKeys ?? !fields.some((f) => f.name === '__proto__'))
    }
    const tag = reply.tag ?? ''
    const space = tag.indexOf(' ')
    const command = space < 0 ? tag : tag.slice(0, space)
    const count = Number.parseInt(tag.slice(tag.lastIndexOf(' ') + 1), 10)
    // `rowCount` is the command tag's count, absent for tags without one (CREATE, SET...), as `pg` reports it.
    const rowCount = Number.isNaN(count) ? (command === 'SELECT' || command === 'FETCH' ? rows.length : null) : count
    const result: RawResult = textParsers === undefined ? { rows, fields, command, rowCount } : { rows, fields, command, rowCount, parsers: textParsers }
    if (this.#syncs && reply.status === 'I') return this.#db.syncToFs().then(() => result)
    return result
  }
}

const asText: FieldParser = (text) => text

/** Each field's parser as a reader of texts rows calls it (text only; PGlite's take the type too). */
function fieldParsers(fields: readonly FieldInfo[], parsers: ReadonlyArray<TextParser | undefined>): FieldParser[] {
  return fields.map((field, i) => {
    const parse = parsers[i]
    if (parse === undefined) return asText
    const type = field.dataTypeID
    return (text) => parse(text, type)
  })
}

function toRows(
  dataRows: ReadonlyArray<ReadonlyArray<string | null>>,
  fields: readonly FieldInfo[],
  parsers: ReadonlyArray<TextParser | undefined>,
  rowMode: RowMode,
  plainKeys: boolean,
): unknown[] {
  const width = fields.length
  const rows = new Array<unknown>(dataRows.length)
  const asArray = plainRowMode(rowMode) === 'array'
  for (let r = 0; r < dataRows.length; r++) {
    const data = dataRows[r]!
    if (asArray || !plainKeys) {
      const values = new Array<unknown>(width)
      for (let i = 0; i < width; i++) {
        const text = data[i]
        const parse = parsers[i]
        values[i] = text === null || text === undefined ? null : parse ? parse(text, fields[i]!.dataTypeID) : text
      }
      rows[r] = asArray ? values : Object.fromEntries(fields.map((field, i) => [field.name, values[i]]))
      continue
    }
    const row: Record<string, unknown> = {}
    for (let i = 0; i < width; i++) {
      const text = data[i]
      const parse = parsers[i]
      row[fields[i]!.name] = text === null || text === undefined ? null : parse ? parse(text, fields[i]!.dataTypeID) : text
    }
    rows[r] = row
  }
  return rows
}

/** The fields PGlite's `query()` adds to a database error. */
function decorate(error: Error, sql: string, parameters: readonly unknown[] | undefined, rowMode: RowMode | undefined): Error {
  Object.assign(error, { query: sql, params: parameters, queryOptions: rowMode === undefined ? undefined : { rowMode: plainRowMode(rowMode) } })
  return error
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
