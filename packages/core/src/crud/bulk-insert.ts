import type { CompiledQuery, InsertQueryBuilder, InsertResult, Kysely } from 'kysely'
import { GinoError } from '../errors.js'
import type { RowLoader } from '../execution/loader-hook.js'
import type { QueryMethods } from '../execution/query-methods.js'
import { type ConflictOptions, withConflict } from './conflict.js'
import { inTransaction } from '../execution/in-transaction.js'
import { assignAttributes, insertValues } from '../model/instance-values.js'
import type { ModelMeta } from '../model/model-meta.js'

/** PostgreSQL's limit on bind parameters in one statement (a 16-bit count). */
export const MAX_PARAMETERS = 65_535

/** Options of `Model.insertMany()`. */
export interface InsertManyOptions<K extends string = string, U extends string = string> {
  /** Run on this engine or connection instead of the context's / `db.bind`. */
  bind?: QueryMethods
  /** Cancel each statement after this many milliseconds (server only). */
  timeout?: number
  /** Rows per statement; default and maximum: as many as fit in 65,535 parameters. */
  chunkSize?: number
  /** `ON CONFLICT` handling, as in `upsert()`. */
  onConflict?: ConflictOptions<K, U>
}

/** What the bulk insert needs from the model class. */
export interface BulkInsertTarget {
  readonly prototype: object
  kysely(): Kysely<Record<string, Record<string, unknown>>>
}

type Bag = Record<string, unknown>
type LooseInsert = InsertQueryBuilder<Record<string, Record<string, unknown>>, string, InsertResult>

/** Rows per statement: as many as fit in the parameter limit, at most `requested`. */
export function chunkRows(columnCount: number, requested: number | undefined): number {
  const fit = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columnCount)))
  if (requested === undefined) return fit
  if (!Number.isInteger(requested) || requested < 1) {
    throw new GinoError(
      'INVALID_ARGUMENT',
      `chunkSize must be a positive integer, got ${requested}.`,
    )
  }
  return Math.min(fit, requested)
}

/**
 * Compiles the insert of `rows`; a chunk whose expressions push it past the parameter
 * limit is split in two.
 */
function compileChunks(
  meta: ModelMeta,
  target: BulkInsertTarget,
  rows: Bag[],
  options: InsertManyOptions,
): CompiledQuery[] {
  const given = new Set(rows.flatMap((row) => Object.keys(row)))
  let query: LooseInsert = target.kysely().insertInto(meta.tableName)
  query = given.size === 0 ? query.defaultValues() : query.values(rows)
  if (options.onConflict !== undefined) query = withConflict(meta, query, options.onConflict, given)
  const compiled = query.returning(meta.columns.map((column) => column.name)).compile()
  if (compiled.parameters.length <= MAX_PARAMETERS || rows.length === 1) return [compiled]
  const half = Math.ceil(rows.length / 2)
  return [
    ...compileChunks(meta, target, rows.slice(0, half), options),
    ...compileChunks(meta, target, rows.slice(half), options),
  ]
}

/**
 * Inserts rows in as few statements as the parameter limit allows, each
 * `INSERT ... VALUES (...), (...) RETURNING <every column>`, and loads the returned rows.
 * Several statements run in one transaction (a savepoint inside the caller's).
 */
export async function insertMany(
  meta: ModelMeta,
  target: BulkInsertTarget,
  loader: RowLoader<unknown>,
  rows: readonly Bag[],
  options: InsertManyOptions = {},
): Promise<unknown[]> {
  if (rows.length === 0) return []
  const prepared = rows.map((values) => {
    const instance = Object.create(target.prototype) as Bag
    assignAttributes(meta, instance, values)
    return insertValues(meta, instance)
  })
  const columns = new Set(prepared.flatMap((row) => Object.keys(row)))
  if (rows.length > 1 && columns.size === 0) {
    throw new GinoError(
      'INVALID_ARGUMENT',
      `insertMany() into ${meta.qualifiedName} got rows without any value; give at least one column.`,
    )
  }
  const size = chunkRows(columns.size, options.chunkSize)
  const statements: CompiledQuery[] = []
  for (let start = 0; start < prepared.length; start += size) {
    statements.push(...compileChunks(meta, target, prepared.slice(start, start + size), options))
  }
  const runner = options.bind ?? meta.db
  const execOptions = {
    loader,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
  }
  const run = async (): Promise<unknown[]> => {
    const out: unknown[] = []
    for (const statement of statements) {
      const loaded = await runner.all(statement, execOptions)
      for (const instance of loaded) out.push(instance)
    }
    return out
  }
  return statements.length === 1 ? run() : inTransaction(runner, run)
}
