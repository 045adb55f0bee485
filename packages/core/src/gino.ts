import { AsyncLocalStorage } from 'node:async_hooks'
import { Kysely, type QueryExecutorProvider } from 'kysely'
import type { Connection } from './connection/connection.js'
import type { RawResult, RowMode } from './dialect/driver-adapter.js'
import {
  createEngine,
  type AcquireOptions,
  type ConnectionScope,
  Engine,
  engineStats,
  type EngineStats,
  type EngineTransactionOptions,
} from './engine/engine.js'
import type { EngineOptions } from './engine/options.js'
import { sourcedEngines } from './engine/stats-sources.js'
import { UninitializedError, rejectWith } from './errors.js'
import { runOnPrimary } from './routing/primary-scope.js'
import { bake, type BakeableQuery, type BakedQuery, type BakedRow } from './execution/baked-query.js'
import type { Cursor } from './execution/cursor.js'
import { EXEC_DEFAULTS, EXECUTOR_PROVIDER, OPEN_CURSOR, QueryMethods, RUN, RUN_MANY } from './execution/query-methods.js'
import type { ExecOptions, IterateOptions } from './execution/query-types.js'
import type { Statement } from './execution/statement.js'
import { TextClause } from './execution/text.js'
import type { ParamNames } from './execution/param-names.js'
import { GinoDialect } from './kysely/gino-dialect.js'
import type { Transaction } from './transaction/transaction.js'
import type { GinoDatabase } from './model/gino-database.js'
import type { ModelOptions } from './model/model-meta.js'
import { defineModel } from './crud/model.js'
import type { ColumnKey, ColumnMap } from './model/model-types.js'
import { type AbstractModelOptions, defineAbstractModel } from './crud/abstract-model.js'
import type { AbstractModelClass, ModelClass } from './crud/model-class.js'
import type { NoProperties, PropertyMap } from './model/json-property.js'
import { SEQUENCE_SPEC } from './model/column.js'
import { MODEL_REGISTRY, ModelRegistry, type RegisteredModel } from './model/model-registry.js'
import { createAll, dropAll, type SchemaOptions } from './schema/create-all.js'
import { EnumType } from './schema/enum-type.js'
import { Sequence, type SequenceOptions } from './schema/sequence.js'

/**
 * The `db` object: the schema registry your models are declared against, and the
 * facade that runs queries on its bound engine.
 *
 * `bind` is resolved on every query: first an engine set for the current async context
 * (`runWithBind`, used by the framework plugins for per-request databases), then the
 * engine set with `setBind`. A subclass may override the `bind` accessor (define both
 * `get` and `set`) to choose an engine per context, as in GINO's multi-database example.
 *
 * @example
 * ```ts
 * const db = new Gino()
 * await db.setBind('postgres://postgres@localhost/test', { echo: true })
 * const name = await db.scalar('SELECT current_database()')
 * await db.popBind()?.close()
 * ```
 */
export class Gino<DB extends object = object> extends QueryMethods {
  #bind: Engine | undefined
  readonly #contextBind = new AsyncLocalStorage<Engine>()
  #kysely: Kysely<DB> | undefined
  /** @internal The models declared on this db. */
  readonly [MODEL_REGISTRY] = new ModelRegistry()

  /** The engine queries run on; `UninitializedError` when none is bound. */
  get bind(): Engine {
    const scoped = this.#contextBind.getStore()
    if (scoped !== undefined) return scoped
    if (this.#bind === undefined) throw new UninitializedError()
    return this.#bind
  }

  set bind(engine: Engine | undefined) {
    this.#bind = engine
  }

  /** True when `bind` resolves to an engine. */
  get isBound(): boolean {
    try {
      return this.bind instanceof Engine
    } catch (error) {
      if (error instanceof UninitializedError) return false
      throw error
    }
  }

  /**
   * Binds an engine, creating it from a URL if given one; returns the engine.
   *
   * @example
   * ```ts
   * const engine = await db.setBind('pglite://', { echo: true })
   * ```
   */
  async setBind(urlOrEngine: string | Engine, options?: EngineOptions): Promise<Engine> {
    const engine = typeof urlOrEngine === 'string' ? await createEngine(urlOrEngine, options) : urlOrEngine
    this.#bind = engine
    return engine
  }

  /** Unbinds and returns the engine (not closed), or undefined when none was bound. */
  popBind(): Engine | undefined {
    const engine = this.#bind
    this.#bind = undefined
    return engine
  }

  /**
   * Binds for the duration of `fn`, then unbinds; an engine created here from a URL is
   * also closed.
   *
   * @example
   * ```ts
   * await db.withBind('pglite://', async () => {
   *   await db.scalar('SELECT 1')
   * })
   * ```
   */
  async withBind<T>(urlOrEngine: string | Engine, fn: (engine: Engine) => Promise<T> | T, options?: EngineOptions): Promise<T> {
    const previous = this.#bind
    const engine = await this.setBind(urlOrEngine, options)
    try {
      return await fn(engine)
    } finally {
      this.#bind = previous
      if (typeof urlOrEngine === 'string') await engine.close()
    }
  }

  /**
   * Pool statistics for health endpoints, one entry per engine: the bound one, the one
   * bound to the current async context (`runWithBind`) when it differs, then the open
   * engines of a framework integration's per-request databases (with `perRequestDatabase`,
   * the name requests select them by), least recently used first, each followed by its
   * read replicas (`role: 'replica'`). Empty when nothing is bound. Each entry has the
   * engine's masked URL, driver, database and role with its pool's `total`, `idle` and
   * `waiting` connections.
   *
   * @example
   * ```ts
   * app.get('/health', () => ({ pools: db.stats() }))
   * // [{ url: 'postgres://app:***@db/app', driver: 'pg', database: 'app', role: 'primary', total: 5, idle: 4, waiting: 0 },
   * //  { url: 'postgres://app:***@db/shop', ..., database: 'shop', role: 'primary', perRequestDatabase: 'shop', total: 1, ... }]
   * ```
   */
  stats(): EngineStats[] {
    const entries = new Map<Engine, EngineStats[]>()
    if (this.#bind !== undefined) entries.set(this.#bind, engineStats(this.#bind))
    const scoped = this.#contextBind.getStore()
    if (scoped !== undefined && !entries.has(scoped)) entries.set(scoped, engineStats(scoped))
    for (const [name, engine] of sourcedEngines(this)) {
      entries.set(engine, engineStats(engine).map((entry) => ({ ...entry, perRequestDatabase: name })))
    }
    return [...entries.values()].flat()
  }

  /**
   * Runs `fn` with every statement inside it on the primary, reads included, when the
   * engine has read replicas (the `replicas` option); without replicas it only runs `fn`.
   * For one call, `{ bind: 'primary' }` does the same (`User.get(id, { bind: 'primary' })`).
   *
   * @example
   * ```ts
   * const { id } = await User.create({ name: 'ann' })
   * const ann = await db.primary(() => User.get(id)) // never a replica that has not replayed the insert yet
   * ```
   */
  primary<T>(fn: () => T): T {
    return runOnPrimary(fn)
  }

  /**
   * Makes `bind` resolve to `engine` for everything run inside `fn` (and only there).
   *
   * @example
   * ```ts
   * await db.runWithBind(tenantEngine, () => User.get(1)) // reads the tenant's database
   * ```
   */
  runWithBind<T>(engine: Engine, fn: () => T): T {
    return this.#contextBind.run(engine, fn)
  }

  /**
   * A Kysely instance on whatever `bind` is when a query runs, and on the context's
   * connection (so it joins `db.transaction()`).
   */
  get kysely(): Kysely<DB> {
    this.#kysely ??= new Kysely<DB>({ dialect: new GinoDialect(() => this.bind) })
    return this.#kysely
  }

  /**
   * Compiles a query once with named placeholders and returns it baked: run it many
   * times with values (`all`, `first`, `one`, `oneOrNone`, `scalar`, `status`), on this
   * db (or `{ bind }`), with nothing built or compiled again and the same SQL text each
   * time. GINO's bakery. `build` is called once with a placeholders object: use its
   * properties where values go (they are not real values: don't compute with them);
   * the parameter and result types follow `build`.
   *
   * @example
   * ```ts
   * const byEmail = db.bake((p: { email: string }) => User.query.where('email', '=', p.email))
   * const user = await byEmail.first({ email: 'ann@example.com' }) // User | null
   * const older = db.bake((p: { age: number }) => sql<{ n: number }>`SELECT count(*)::int AS n FROM users WHERE age > ${p.age}`)
   * const n = await older.scalar({ age: 30 })
   * ```
   */
  bake<P extends object, Q extends BakeableQuery>(build: (params: P) => Q): BakedQuery<P, BakedRow<Q>> {
    return bake(this, build)
  }

  /**
   * Declares a model: a class for table `tableName` with these columns, registered on
   * this db (see `models`, `createAll`). Extend the result to add methods and getters;
   * instances are plain row containers.
   *
   * @example
   * ```ts
   * class User extends db.model('users', {
   *   id: column.serial().primaryKey(),
   *   firstName: column.text().named('first_name'),
   *   lastName: column.text().named('last_name'),
   *   nickname: column.text().notNull().default('noname'),
   *   profile: column.jsonb().notNull().serverDefault(sql`'{}'::jsonb`),
   * }, {
   *   indexes: [index('index_on_name').on('first_name', 'last_name')],
   *   properties: { age: prop.integer().default(18) },
   * }) {
   *   get greeting() { return `hi ${this.nickname}` }
   * }
   * const user = await User.create({ nickname: 'fantix' })
   * await user.update({ nickname: 'daisy' }).apply()
   * ```
   */
  model<const TN extends string, C extends ColumnMap, P extends PropertyMap = NoProperties>(
    tableName: TN,
    columns: C,
    options?: ModelOptions<ColumnKey<NoInfer<C>>, P>,
  ): ModelClass<TN, C, P> {
    return defineModel(
      this as unknown as GinoDatabase,
      tableName,
      columns,
      options,
    ) as unknown as ModelClass<TN, C, P>
  }

  /**
   * Declares an abstract model: columns (and, in your subclass, methods) shared by
   * concrete models, with no table. Table operations on it throw `AbstractModelError`;
   * `Base.model('table', columns, options)` declares a concrete model. (To share only
   * columns, spreading a column object into several `db.model()` calls works too.)
   *
   * @example
   * ```ts
   * class Timestamped extends db.abstractModel({
   *   createdAt: column.timestamptz().notNull().serverDefault(sql`now()`),
   * }) {
   *   get createdYear() { return this.createdAt.getUTCFullYear() }
   * }
   * class Post extends Timestamped.model('posts', { id: column.serial().primaryKey() }) {}
   * ```
   */
  abstractModel<C extends ColumnMap, P extends PropertyMap = NoProperties>(
    columns: C,
    options?: AbstractModelOptions<P, ColumnKey<C>>,
  ): AbstractModelClass<C, P> {
    return defineAbstractModel(
      this as unknown as GinoDatabase,
      columns,
      options,
    ) as unknown as AbstractModelClass<C, P>
  }

  /**
   * A PostgreSQL enum type to create and drop on its own (`Mood.create()`, `Mood.drop()`)
   * and to make columns of (`Mood.column()`); see `EnumType`.
   *
   * @example
   * ```ts
   * const Mood = db.enumType('mood', ['sad', 'ok', 'happy'])
   * await Mood.create()
   * ```
   */
  enumType<const V extends readonly [string, ...string[]]>(
    name: string,
    values: V,
    options: { schema?: string } = {},
  ): EnumType<V[number]> {
    return new EnumType<V[number]>(this as unknown as GinoDatabase, name, values, options.schema)
  }

  /**
   * A sequence: `column.integer().default(seq)` draws values from it; `createAll()` /
   * `dropAll()` create and drop it with the schema (with `models`, only when one of those
   * models' columns uses it); see `Sequence`.
   *
   * @example
   * ```ts
   * const orderNo = db.sequence('order_no_seq', { start: 1000 })
   * class Order extends db.model('orders', { no: column.integer().primaryKey().default(orderNo) }) {}
   * ```
   */
  sequence(name: string, options: SequenceOptions = {}): Sequence {
    const sequence = new Sequence(this as unknown as GinoDatabase, name, options)
    this[MODEL_REGISTRY].addSequence(sequence[SEQUENCE_SPEC])
    return sequence
  }

  /**
   * The models declared on this db, in declaration order (read-only): what `createAll`
   * creates and what a migration tool reads (`Model.meta` has the whole declaration).
   */
  get models(): readonly RegisteredModel[] {
    return this[MODEL_REGISTRY].models
  }

  /**
   * Creates the enum types, tables (in foreign-key order), constraints and indexes of
   * every declared model (or `options.models`), in one transaction. With `checkFirst`
   * (the default) what exists is skipped, so running it twice is harmless.
   *
   * @example
   * ```ts
   * await db.createAll()
   * await db.createAll({ models: [User, Book], bind: engine })
   * ```
   */
  createAll(options?: SchemaOptions): Promise<void> {
    return createAll(this as unknown as GinoDatabase, options)
  }

  /**
   * Drops the tables of every declared model (or `options.models`) in reverse foreign-key
   * order, then their enum types, in one transaction. `checkFirst` (default) skips what
   * is missing.
   *
   * @example
   * ```ts
   * await db.dropAll()
   * ```
   */
  dropAll(options?: SchemaOptions): Promise<void> {
    return dropAll(this as unknown as GinoDatabase, options)
  }

  /** Raw SQL with `:named` parameters; see `TextClause`. */
  text<R = Record<string, unknown>, const S extends string = string>(
    sql: S,
  ): TextClause<R, ParamNames<S>> {
    return new TextClause<R, ParamNames<S>>(sql)
  }

  /** `bind.acquire(...)`: see `Engine.acquire`. */
  acquire(options?: AcquireOptions): Promise<Connection>
  acquire<T>(fn: ConnectionScope<T>): Promise<T>
  acquire<T>(options: AcquireOptions, fn: ConnectionScope<T>): Promise<T>
  async acquire<T>(first?: AcquireOptions | ConnectionScope<T>, second?: ConnectionScope<T>): Promise<Connection | T> {
    // async: an unbound db rejects (UninitializedError) rather than throwing synchronously.
    const engine = this.bind
    if (typeof first === 'function') return engine.acquire(first)
    if (second !== undefined) return engine.acquire(first ?? {}, second)
    return engine.acquire(first)
  }

  /**
   * `bind.withSchema(...)`: runs `fn` with every statement on the bound engine in
   * `schema` (its `search_path`), so models without an explicit schema read and write that
   * schema's tables; see `Engine.withSchema`. The name is sent quoted, but checking it
   * against the schemas you allow is yours to do.
   *
   * @example
   * ```ts
   * await db.createAll({ schema: 'tenant_a', createSchema: true })
   * await db.withSchema('tenant_a', async () => {
   *   await Item.create({ name: 'only in tenant_a' })
   * })
   * ```
   */
  async withSchema<T>(schema: string, fn: () => Promise<T> | T): Promise<T> {
    return this.bind.withSchema(schema, fn)
  }

  /**
   * `bind.transaction(...)`: runs `fn` in a transaction (a savepoint when nested).
   *
   * @example
   * ```ts
   * await db.transaction(async (tx) => {
   *   await User.create({ name: 'a' })
   *   if (dryRun) await tx.rollback()
   * })
   * ```
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T> | T, options?: EngineTransactionOptions): Promise<T> {
    try {
      return this.bind.transaction(fn, options)
    } catch (error) {
      return rejectWith(error)
    }
  }

  /** @internal */
  [RUN](statement: Statement, rowMode: RowMode, options: ExecOptions | undefined): Promise<RawResult> {
    return this.bind[RUN](statement, rowMode, options)
  }

  /** @internal */
  [RUN_MANY](statements: readonly Statement[], rowMode: RowMode): Promise<RawResult[]> {
    return this.bind[RUN_MANY](statements, rowMode)
  }

  /** @internal */
  [OPEN_CURSOR](statement: Statement, options: IterateOptions | undefined): Cursor<unknown> {
    return this.bind[OPEN_CURSOR](statement, options)
  }

  /** @internal */
  [EXECUTOR_PROVIDER](): QueryExecutorProvider {
    return this.kysely
  }

  /** @internal */
  override [EXEC_DEFAULTS](): ExecOptions | undefined {
    return this.bind[EXEC_DEFAULTS]()
  }
}
