import { performance } from 'node:perf_hooks'
import {
  type Connection,
  type Engine,
  type Gino,
  QueryError,
  type QueryMethods,
  sql,
} from '@gino-ts/core'
import { MigrationError } from '../errors.js'
import {
  listMigrations,
  loadMigration,
  type MigrationDb,
  type MigrationFile,
} from '../files/migration-source.js'
import {
  type AppliedMigration,
  appliedMigrations,
  DEFAULT_TABLE,
  ensureTable,
  recordApplied,
  recordReverted,
  withLock,
} from './migrations-table.js'

/** What the migrations run on: an engine, or a `db` whose `bind` is set. */
export type MigrationTarget = Engine | Gino<object>

/** Options shared by the runner functions. */
export interface RunnerOptions {
  /** The migrations folder. */
  readonly dir: string
  /** The migrations table, `name` or `schema.name`. Default `gino_migrations`. */
  readonly table?: string
  /**
   * Run in this schema (a tenant's): the connection's `search_path` is set to it, so the
   * migrations' unqualified names and an unqualified migrations table live there, and
   * each schema has its own lock (tenants migrate side by side). Default: the
   * connection's own `search_path`.
   */
  readonly schema?: string
  /** With `schema`: create it first when it does not exist. Default false. */
  readonly createSchema?: boolean
  /** Called before and after each migration (for progress output). */
  readonly onProgress?: (event: MigrationEvent) => void
}

/** Progress of one migration. */
export interface MigrationEvent {
  readonly phase: 'start' | 'done'
  readonly name: string
  readonly direction: 'up' | 'down'
  /** Set on `done`. */
  readonly durationMs?: number
  /** Statements run (set on `done`). */
  readonly statements?: number
}

/** A migration that ran. */
export interface MigrationResult {
  readonly name: string
  readonly direction: 'up' | 'down'
  readonly durationMs: number
  readonly statements: number
}

/** Runs `fn` on a connection of `target`, in `options.schema` when given. */
function onConnection<T>(
  target: MigrationTarget,
  options: Pick<RunnerOptions, 'schema' | 'createSchema'>,
  fn: (conn: Connection) => Promise<T>,
): Promise<T> {
  const { schema } = options
  if (schema === undefined) return target.acquire(fn)
  return target.acquire({ schema }, async (conn) => {
    if (options.createSchema === true)
      await conn.status(sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`)
    return fn(conn)
  })
}

/** What the advisory lock is named after: the table, in its schema when one is given. */
function lockName(table: string, schema: string | undefined): string {
  return schema === undefined || table.includes('.') ? table : `${schema}.${table}`
}

/** Options of `migrate()`. */
export interface MigrateOptions extends RunnerOptions {
  /** Apply up to and including this migration (name, with or without extension). */
  readonly to?: string
}

/** Options of `rollback()`. */
export interface RollbackOptions extends RunnerOptions {
  /** How many applied migrations to revert, newest first. Default 1 (unless `to`). */
  readonly steps?: number
  /** Revert every migration applied after this one (`'0'` reverts all). */
  readonly to?: string
}

const QUERY_METHODS = new Set(['all', 'first', 'one', 'oneOrNone', 'scalar', 'status', 'iterate'])

/** The connection, counting the statements a migration runs. */
function counting(conn: Connection): { db: MigrationDb; count: () => number } {
  let count = 0
  const db = new Proxy(conn, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      const fn = value as (...args: unknown[]) => unknown
      if (typeof property === 'string' && QUERY_METHODS.has(property)) {
        return (...args: unknown[]) => {
          count++
          return fn.apply(target, args)
        }
      }
      return fn.bind(target)
    },
  })
  return { db, count: () => count }
}

/** The driver's own words, without the SQL a `QueryError` message carries. */
function reason(error: unknown): string {
  if (error instanceof QueryError) {
    const cause = error.cause
    const text = cause instanceof Error ? cause.message : 'query failed'
    return error.sqlState === undefined ? text : `${text} (SQLSTATE ${error.sqlState})`
  }
  if (error instanceof MigrationError) return error.message
  return error instanceof Error ? error.message : String(error)
}

const baseName = (name: string): string => name.replace(/\.(m?ts|m?js)$/, '')

function locate(files: readonly MigrationFile[], name: string): number {
  const wanted = baseName(name)
  const index = files.findIndex((file) => file.name === wanted)
  if (index < 0)
    throw new MigrationError(
      'MIGRATION_NOT_FOUND',
      `No migration named ${wanted} in the migrations folder.`,
      {
        migration: wanted,
      },
    )
  return index
}

async function runOne(
  conn: Connection,
  table: string,
  file: MigrationFile,
  direction: 'up' | 'down',
  onProgress: RunnerOptions['onProgress'],
): Promise<MigrationResult> {
  const module = await loadMigration(file)
  const step = direction === 'up' ? module.up : module.down
  if (step === undefined) {
    throw new MigrationError(
      'INVALID_MIGRATION',
      `Migration ${file.name} has no down(); it cannot be reverted.`,
      {
        migration: file.name,
      },
    )
  }
  onProgress?.({ phase: 'start', name: file.name, direction })
  const { db, count } = counting(conn)
  const started = performance.now()
  const body = async (): Promise<void> => {
    await step.call(module, db)
    if (direction === 'up')
      await recordApplied(conn, table, {
        name: file.name,
        checksum: file.checksum,
        durationMs: performance.now() - started,
      })
    else await recordReverted(conn, table, file.name)
  }
  const inTransaction = module.transaction !== false
  try {
    if (inTransaction) await conn.transaction(body)
    else await body()
  } catch (error) {
    throw new MigrationError(
      'MIGRATION_FAILED',
      `Migration ${file.name} (${direction}) failed` +
        (inTransaction
          ? ', nothing of it was applied'
          : '; it ran outside a transaction, so check what it left behind') +
        `: ${reason(error)}`,
      { cause: error, migration: file.name },
    )
  }
  const result = {
    name: file.name,
    direction,
    durationMs: performance.now() - started,
    statements: count(),
  }
  onProgress?.({ phase: 'done', ...result })
  return result
}

function pendingOf(
  files: readonly MigrationFile[],
  applied: readonly AppliedMigration[],
  to: string | undefined,
): MigrationFile[] {
  const done = new Set(applied.map((row) => row.name))
  const last = to === undefined ? files.length - 1 : locate(files, to)
  return files.slice(0, last + 1).filter((file) => !done.has(file.name))
}

function revertedOf(
  files: readonly MigrationFile[],
  applied: readonly AppliedMigration[],
  options: { steps?: number; to?: string },
): MigrationFile[] {
  const newestFirst = [...applied].reverse()
  let chosen: AppliedMigration[]
  if (options.to !== undefined) {
    const keep = baseName(options.to)
    if (keep !== '0' && !applied.some((row) => row.name === keep)) {
      throw new MigrationError('MIGRATION_NOT_FOUND', `Migration ${keep} is not applied.`, {
        migration: keep,
      })
    }
    chosen = newestFirst.filter((row) => keep === '0' || row.name > keep)
  } else {
    const steps = options.steps ?? 1
    if (!Number.isInteger(steps) || steps < 0)
      throw new MigrationError('MIGRATION_CONFIG', `steps must be an integer >= 0, got ${steps}.`)
    chosen = newestFirst.slice(0, steps)
  }
  return chosen.map((row) => {
    const file = files.find((candidate) => candidate.name === row.name)
    if (file === undefined) {
      throw new MigrationError(
        'MIGRATION_FILE_MISSING',
        `Migration ${row.name} is applied but its file is missing; it cannot be reverted.`,
        { migration: row.name },
      )
    }
    return file
  })
}

/**
 * Applies the pending migrations of `dir` in name order (up to `to`), each in its own
 * transaction together with its row in the migrations table, under a PostgreSQL advisory
 * lock: several instances starting at once apply each migration exactly once.
 *
 * @example
 * ```ts
 * const applied = await migrate(db, { dir: 'migrations' })
 * console.log(applied.map((m) => `${m.name} ${m.durationMs} ms`))
 * ```
 */
export async function migrate(
  target: MigrationTarget,
  options: MigrateOptions,
): Promise<MigrationResult[]> {
  const table = options.table ?? DEFAULT_TABLE
  return onConnection(target, options, (conn) =>
    withLock(conn, lockName(table, options.schema), async () => {
      await ensureTable(conn, table)
      const files = listMigrations(options.dir)
      const pending = pendingOf(files, await appliedMigrations(conn, table), options.to)
      const results: MigrationResult[] = []
      for (const file of pending)
        results.push(await runOne(conn, table, file, 'up', options.onProgress))
      return results
    }),
  )
}

/**
 * Reverts applied migrations, newest first: `steps` of them (default 1), or every one
 * after `to`; each `down` in its own transaction, under the same lock as `migrate()`.
 *
 * @example
 * ```ts
 * await rollback(db, { dir: 'migrations', steps: 2 })
 * ```
 */
export async function rollback(
  target: MigrationTarget,
  options: RollbackOptions,
): Promise<MigrationResult[]> {
  const table = options.table ?? DEFAULT_TABLE
  return onConnection(target, options, (conn) =>
    withLock(conn, lockName(table, options.schema), async () => {
      await ensureTable(conn, table)
      const chosen = revertedOf(
        listMigrations(options.dir),
        await appliedMigrations(conn, table),
        options,
      )
      const results: MigrationResult[] = []
      for (const file of chosen)
        results.push(await runOne(conn, table, file, 'down', options.onProgress))
      return results
    }),
  )
}

/** Where each migration stands. */
export interface MigrationStatus {
  readonly applied: ReadonlyArray<AppliedMigration & { readonly changed: boolean }>
  /** Files not applied yet, in the order `migrate()` applies them. */
  readonly pending: readonly string[]
  /** Applied migrations whose file is gone. */
  readonly missing: readonly string[]
  /** Applied migrations whose file changed since (checksum differs). */
  readonly changed: readonly string[]
}

/**
 * Applied, pending, missing and changed migrations.
 *
 * @example
 * ```ts
 * const { pending } = await migrationStatus(db, { dir: 'migrations' })
 * ```
 */
export async function migrationStatus(
  target: MigrationTarget,
  options: Pick<RunnerOptions, 'dir' | 'table' | 'schema'>,
): Promise<MigrationStatus> {
  const table = options.table ?? DEFAULT_TABLE
  const files = listMigrations(options.dir)
  const byName = new Map(files.map((file) => [file.name, file]))
  const applied = await onConnection(target, { schema: options.schema }, (conn) =>
    appliedMigrations(conn, table),
  )
  const done = new Set(applied.map((row) => row.name))
  const rows = applied.map((row) => {
    const file = byName.get(row.name)
    return { ...row, changed: file !== undefined && file.checksum !== row.checksum }
  })
  return {
    applied: rows,
    pending: files.filter((file) => !done.has(file.name)).map((file) => file.name),
    missing: applied.filter((row) => !byName.has(row.name)).map((row) => row.name),
    changed: rows.filter((row) => row.changed).map((row) => row.name),
  }
}

/** The SQL a migration would run. */
export interface MigrationSql {
  readonly name: string
  readonly direction: 'up' | 'down'
  readonly statements: readonly string[]
}

/** A stand-in for the connection that compiles and records instead of running. */
function recorder(compiler: QueryMethods, statements: string[]): MigrationDb {
  const record = (query: unknown): void => {
    statements.push(compiler.compile(query as Parameters<QueryMethods['compile']>[0]).sql)
  }
  const stub: Record<string, (query: unknown) => Promise<unknown>> = {
    status: (query) => (
      record(query),
      Promise.resolve({ tag: '', command: '', rowCount: 0, rows: [] })
    ),
    all: (query) => (record(query), Promise.resolve([])),
    first: (query) => (record(query), Promise.resolve(null)),
    oneOrNone: (query) => (record(query), Promise.resolve(null)),
    scalar: (query) => (record(query), Promise.resolve(null)),
    one: (query) => (record(query), Promise.resolve(null)),
  }
  return stub as unknown as MigrationDb
}

/**
 * The SQL of what `migrate()` (or `rollback()` with `direction: 'down'`) would run, without
 * running it: each migration is called with a recorder instead of the connection.
 *
 * @example
 * ```ts
 * for (const m of await migrationSql(db, { dir: 'migrations' })) console.log(m.statements.join(';\n'))
 * ```
 */
export async function migrationSql(
  target: MigrationTarget,
  options: RunnerOptions & { direction?: 'up' | 'down'; to?: string; steps?: number },
): Promise<MigrationSql[]> {
  const table = options.table ?? DEFAULT_TABLE
  const direction = options.direction ?? 'up'
  const files = listMigrations(options.dir)
  return onConnection(target, { schema: options.schema }, async (conn) => {
    const applied = await appliedMigrations(conn, table)
    const chosen =
      direction === 'up'
        ? pendingOf(files, applied, options.to)
        : revertedOf(files, applied, options)
    const out: MigrationSql[] = []
    for (const file of chosen) {
      const module = await loadMigration(file)
      const statements: string[] = []
      const step = direction === 'up' ? module.up : module.down
      if (step !== undefined) await step.call(module, recorder(conn, statements))
      out.push({ name: file.name, direction, statements })
    }
    return out
  })
}
