import {
  type CompiledQuery,
  type Expression,
  type InsertQueryBuilder,
  type InsertResult,
  type Kysely,
  sql,
} from 'kysely'
import { GinoError } from '../errors.js'
import type { RowLoader } from '../execution/loader-hook.js'
import type { QueryMethods } from '../execution/query-methods.js'
import { dataType } from '../schema/data-type.js'
import { type BulkRows, type ColumnarRows, readBulkRows } from './bulk-rows.js'
import { arrayLiteral, decodeColumnValue } from '../model/column-values.js'
import { type InstanceBuilder, instanceBuilder } from '../model/instance-builder.js'
import { type ConflictOptions, withConflict } from './conflict.js'
import { inTransaction } from '../execution/in-transaction.js'
import { execOptions, runnerOf } from './crud-options.js'
import type { ColumnMeta, ModelMeta } from '../model/model-meta.js'

/** PostgreSQL's limit on bind parameters in one statement (a 16-bit count). */
export const MAX_PARAMETERS = 65_535

/**
 * What `insertMany()` reads back: `'server'` the columns the insert does not send (ids,
 * server defaults; the default), `'*'` every column as stored, `false` nothing.
 */
export type BulkReturning = 'server' | '*' | false

/** Options of `Model.insertMany()`. */
export interface InsertManyOptions<K extends string = string, U extends string = string> {
  /** Run on this engine or connection instead of the context's / `db.bind` (`'primary'` / `'replica'`: see `ExecOptions.bind`). */
  bind?: QueryMethods | 'primary' | 'replica'
  /** Cancel each statement after this many milliseconds (server only). */
  timeout?: number
  /**
   * Rows per statement. Default: every row in one statement when rows are sent as one
   * array per column; else as many as fit in 65,535 parameters (also the maximum then).
   */
  chunkSize?: number
  /** `ON CONFLICT` handling, as in `upsert()`; rows are then read back with `returning: '*'`. */
  onConflict?: ConflictOptions<K, U>
  /**
   * What to read back with `RETURNING` (default `'server'`): the instances always end with
   * the values given (JS defaults applied) plus what was read back. `'*'` reads every
   * column as the database stored it; `false` reads nothing (no ids).
   */
  returning?: BulkReturning
}

/** What the bulk insert needs from the model class. */
export interface BulkInsertTarget {
  readonly prototype: object
  kysely(): Kysely<Record<string, Record<string, unknown>>>
}

type Bag = Record<string, unknown>
type LooseInsert = InsertQueryBuilder<Record<string, Record<string, unknown>>, string, InsertResult>

const SERIAL_TYPES: Readonly<Record<string, string>> = {
  serial: 'integer',
  bigserial: 'bigint',
  smallserial: 'smallint',
}

/**
 * The array type to send a column's values as (`text[]`, `"mood"[]`), or undefined when
 * `unnest` cannot carry the column (array columns would be flattened; bytea arrays are
 * not serialized alike by both drivers).
 */
function unnestType(column: ColumnMeta): Expression<unknown> | undefined {
  const { arrayDims, baseType } = column.spec
  if (arrayDims > 0 || baseType === 'bytea') return undefined
  const serial = SERIAL_TYPES[baseType]
  return sql`${serial === undefined ? dataType(column) : sql.raw(serial)}[]`
}

/** Rows per statement: as many as fit in the parameter limit, at most `requested`. */
export function chunkRows(columnCount: number, requested: number | undefined): number {
  const fit = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columnCount)))
  if (requested === undefined) return fit
  checkChunkSize(requested)
  return Math.min(fit, requested)
}

function checkChunkSize(requested: number): void {
  if (!Number.isInteger(requested) || requested < 1) {
    throw new GinoError(
      'INVALID_ARGUMENT',
      `chunkSize must be a positive integer, got ${requested}.`,
    )
  }
}

/** The RETURNING list for what `rows` sends. */
function returnedColumns(meta: ModelMeta, rows: BulkRows, returning: BulkReturning): ColumnMeta[] {
  if (returning === false) return []
  if (returning === '*') return [...meta.columns]
  if (rows.kind === 'columnar')
    return meta.columns.filter((column) => !rows.columns.includes(column))
  // A column some row does not send is filled by the server for that row.
  return meta.columns.filter((column) => rows.sent.some((sent) => !sent.has(column.name)))
}

function withReturning(query: LooseInsert, returned: readonly ColumnMeta[]): LooseInsert {
  return returned.length === 0
    ? query
    : (query.returning(returned.map((column) => column.name)) as unknown as LooseInsert)
}

/**
 * The statements of one `insertMany()`, made as they are sent: a large insert never holds
 * every chunk's statement (and its copy of the values) at once.
 */
interface Statements {
  readonly count: number
  at(index: number): CompiledQuery
}

function listed(statements: readonly CompiledQuery[]): Statements {
  return { count: statements.length, at: (index) => statements[index]! }
}

/**
 * `INSERT INTO t (a, b) SELECT * FROM unnest($1::text[], $2::integer[])`: any number of
 * rows, one parameter per column. Every chunk sends the same SQL text, so it is compiled
 * once; a later chunk's statement is the first one with its own arrays as the leading
 * parameters.
 */
function unnestStatements(
  meta: ModelMeta,
  target: BulkInsertTarget,
  rows: ColumnarRows,
  returned: readonly ColumnMeta[],
  options: InsertManyOptions,
  types: readonly Expression<unknown>[],
): Statements {
  const size = options.chunkSize ?? rows.count
  const count = Math.ceil(rows.count / size)
  const names = rows.columns.map((column) => column.name)
  const arraysAt = (start: number): unknown[] =>
    rows.parameters.map((all, k) => {
      const values = count === 1 ? all : all.slice(start, start + size)
      // Drivers know no serializer for an enum's array type (PGlite would join it with
      // commas); its literal always parses.
      return rows.columns[k]!.spec.enumType === undefined ? values : arrayLiteral(values)
    })
  const compile = (arrays: readonly unknown[]): CompiledQuery => {
    const unnest = sql`select * from unnest(${sql.join(arrays.map((values, k) => sql`${values}::${types[k]!}`))})`
    let query: LooseInsert = target
      .kysely()
      .insertInto(meta.tableName)
      .columns(names)
      .expression(unnest)
    if (options.onConflict !== undefined)
      query = withConflict(meta, query, options.onConflict, new Set(names))
    return withReturning(query, returned).compile()
  }
  const firstArrays = arraysAt(0)
  const first = compile(firstArrays)
  // The arrays lead the parameters (ON CONFLICT's own values, if any, follow them).
  const leading = firstArrays.every((values, k) => first.parameters[k] === values)
  return {
    count,
    at(index) {
      if (index === 0) return first
      const arrays = arraysAt(index * size)
      if (!leading) return compile(arrays)
      return { ...first, parameters: [...arrays, ...first.parameters.slice(arrays.length)] }
    },
  }
}

/**
 * `INSERT ... VALUES (...), (...)` of row bags; a chunk whose expressions push it past
 * the parameter limit is split in two.
 */
function valuesStatements(
  meta: ModelMeta,
  target: BulkInsertTarget,
  bags: readonly Bag[],
  returned: readonly ColumnMeta[],
  options: InsertManyOptions,
): CompiledQuery[] {
  const given = new Set<string>()
  for (const bag of bags) for (const name in bag) given.add(name)
  let query: LooseInsert = target.kysely().insertInto(meta.tableName)
  query = given.size === 0 ? query.defaultValues() : query.values(bags)
  if (options.onConflict !== undefined) query = withConflict(meta, query, options.onConflict, given)
  const compiled = withReturning(query, returned).compile()
  if (compiled.parameters.length <= MAX_PARAMETERS || bags.length === 1) return [compiled]
  const half = Math.ceil(bags.length / 2)
  return [
    ...valuesStatements(meta, target, bags.slice(0, half), returned, options),
    ...valuesStatements(meta, target, bags.slice(half), returned, options),
  ]
}

/**
 * Makes the instance of inserted row `i`: the values given, then what `RETURNING` read
 * back for it (`row`: the returned columns' values in order, undefined when nothing was
 * read). Called as each statement's rows arrive, so a large insert never holds every
 * returned row at once.
 */
type InstanceOf = (i: number, row: readonly unknown[] | undefined) => unknown

function instanceMaker(meta: ModelMeta, prototype: object, rows: BulkRows, returned: readonly ColumnMeta[]): InstanceOf {
  if (rows.kind === 'rows') {
    return (i, row) => {
      const instance = rows.attributes[i]!
      if (row !== undefined) {
        for (let r = 0; r < returned.length; r++) {
          const column = returned[r]!
          if (!rows.sent[i]!.has(column.name)) instance[column.attribute] = decodeColumnValue(column, row[r])
        }
      }
      return instance
    }
  }
  // Attributes in model order, so every instance gets the same hidden class; made by a
  // generated constructor (see `instanceBuilder`), which keeps every value inside the
  // instance, from a scratch row refilled for each one.
  const sources = meta.columns.flatMap((column) => {
    const given = rows.columns.indexOf(column)
    if (given >= 0) return [{ column, given, read: -1 }]
    const read = returned.indexOf(column)
    return read >= 0 ? [{ column, given: -1, read }] : []
  })
  const givenOnly = sources.filter((source) => source.given >= 0)
  const builderOf = (list: typeof sources): InstanceBuilder =>
    instanceBuilder(
      prototype,
      list.map((source) => source.column.attribute),
      list.map((_, k) => k),
      [],
    )
  const withReturned = builderOf(sources)
  const withoutReturned = builderOf(givenOnly)
  const scratch = new Array<unknown>(sources.length)
  return (i, row) => {
    const list = row === undefined ? givenOnly : sources
    for (let k = 0; k < list.length; k++) {
      const { column, given, read } = list[k]!
      scratch[k] = given >= 0 ? rows.values[given]![i] : decodeColumnValue(column, row![read])
    }
    return (row === undefined ? withoutReturned : withReturned)(scratch)
  }
}

/**
 * Inserts rows and returns them as instances, in input order. Rows of one shape with
 * plain values go as one array per column (`INSERT ... SELECT * FROM unnest($1::text[],
 * ...)`: one statement, a parameter per column); others (JSON properties, SQL
 * expressions, rows giving different columns, array or bytea columns) as
 * `INSERT ... VALUES` chunks within the parameter limit. Several statements run in one
 * transaction (a savepoint inside the caller's).
 */
export async function insertMany(
  meta: ModelMeta,
  target: BulkInsertTarget,
  loader: RowLoader<unknown>,
  input: readonly Bag[],
  options: InsertManyOptions = {},
): Promise<unknown[]> {
  if (input.length === 0) return []
  if (options.chunkSize !== undefined) checkChunkSize(options.chunkSize)
  const returning = options.returning ?? (options.onConflict === undefined ? 'server' : '*')
  if (options.onConflict !== undefined && returning === 'server') {
    throw new GinoError(
      'INVALID_ARGUMENT',
      "insertMany() with onConflict reads rows back with returning: '*' (or false); 'server' cannot tell which rows were updated or skipped.",
    )
  }
  const rows = readBulkRows(meta, target.prototype, input)
  if (rows.count > 1 && rows.columns.length === 0) {
    throw new GinoError(
      'INVALID_ARGUMENT',
      `insertMany() into ${meta.qualifiedName} got rows without any value; give at least one column.`,
    )
  }
  const returned = returnedColumns(meta, rows, returning)
  const types = rows.kind === 'columnar' ? rows.columns.map(unnestType) : []
  let statements: Statements
  if (
    rows.kind === 'columnar' &&
    rows.columns.length > 0 &&
    types.every((type) => type !== undefined)
  ) {
    statements = unnestStatements(meta, target, rows, returned, options, types)
  } else {
    const bags = rows.kind === 'rows' ? rows.bags : columnarBags(rows)
    const size = chunkRows(rows.columns.length, options.chunkSize)
    const list: CompiledQuery[] = []
    for (let start = 0; start < bags.length; start += size) {
      list.push(...valuesStatements(meta, target, bags.slice(start, start + size), returned, options))
    }
    statements = listed(list)
  }
  const runner = runnerOf(options, meta.db)
  const timeout = execOptions(options)
  const run = async (): Promise<unknown[]> => {
    if (returning === '*') {
      const read: unknown[] = []
      for (let s = 0; s < statements.count; s++) {
        for (const row of await runner.all(statements.at(s), { loader, ...timeout })) read.push(row)
      }
      return read
    }
    const make = instanceMaker(meta, target.prototype, rows, returned)
    const out = new Array<unknown>(rows.count)
    // RETURNING gives the rows back in input order, statement after statement.
    let next = 0
    // Row i of a statement's result is input row next + i.
    const reader = returnedReader((row, i) => make(next + i, row))
    for (let s = 0; s < statements.count; s++) {
      if (returned.length === 0) {
        await runner.status(statements.at(s), timeout)
        continue
      }
      for (const instance of await runner.all(statements.at(s), { loader: reader, ...timeout })) out[next++] = instance
    }
    for (; next < rows.count; next++) out[next] = make(next, undefined)
    return out
  }
  return statements.count === 1 ? run() : inTransaction(runner, run)
}

/**
 * Reads what RETURNING sends back as the field texts the driver read (parsed here, with
 * the result's parsers) or, from a driver that keeps none, as arrays of parsed values:
 * no row object per row, and each row becomes its instance (`make(row, i)`) at once.
 */
function returnedReader(make: (row: readonly unknown[], i: number) => unknown): RowLoader<unknown> {
  return {
    rowMode: 'texts',
    load(rows, _fields, _context, parsers) {
      const out = new Array<unknown>(rows.length)
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as unknown[]
        if (parsers !== undefined) {
          for (let k = 0; k < row.length; k++) {
            const text = row[k] as string | null
            row[k] = text === null ? null : parsers[k]!(text)
          }
        }
        out[i] = make(row, i)
      }
      return out
    },
  }
}

/** Row bags of columnar rows, for the VALUES form. */
function columnarBags(rows: ColumnarRows): Bag[] {
  const bags: Bag[] = []
  for (let i = 0; i < rows.count; i++) {
    const bag: Bag = {}
    rows.columns.forEach((column, k) => {
      bag[column.name] = rows.parameters[k]![i]
    })
    bags.push(bag)
  }
  return bags
}
