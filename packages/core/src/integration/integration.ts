import type { Engine } from '../engine/engine.js'
import type { EngineOptions } from '../engine/options.js'
import { addStatsSource } from '../engine/stats-sources.js'
import { GinoError } from '../errors.js'
import {
  type ConfigEnv,
  type GinoConfig,
  type GinoConfigOptions,
  resolveGinoConfig,
} from './config.js'
import { connectEngine } from './connect.js'
import {
  type DatabasesOptions,
  type DatabasesSettings,
  resolveDatabases,
  selectDatabase,
} from './databases-options.js'
import { echoToLogger } from './echo.js'
import { requestAwareLogger } from './engine-logger.js'
import { EngineCache, type EngineLease } from './engine-cache.js'
import type { GinoInstance } from './gino-instance.js'
import { consoleLogger, type IntegrationLogger } from './logger.js'
import { admittingRequest, RequestScope } from './request-scope.js'
import type { RequestHeaders } from './request-selector.js'
import {
  resolveSchemas,
  type SchemasOptions,
  type SchemasSettings,
  selectSchema,
} from './schemas-options.js'
import { type ResponseLike, responseEnded } from './response-end.js'

/** Options every framework integration takes (the framework packages add their own). */
export interface GinoIntegrationOptions<Req> extends GinoConfigOptions {
  /** Use this engine instead of creating one; it is never closed by the integration. */
  engine?: Engine
  /** Where `DB_*` variables are read. Default `process.env`. */
  env?: ConfigEnv
  /** Per-request databases; off unless given. */
  databases?: DatabasesOptions<Req>
  /** Per-request schemas (schema per tenant); off unless given. */
  schemas?: SchemasOptions<Req>
  /** Where startup messages and echo lines go when no request logger applies. */
  logger?: IntegrationLogger
  /**
   * Runs once the engine is bound to `db`, before the app serves: the place for work every
   * instance does at startup, such as applying pending migrations (`migrateOnStartup` of
   * `@gino-ts/migrate` applies them when `DB_MIGRATE=true`, under an advisory lock). If it
   * throws, the start fails: `db` is unbound and an engine the integration created is closed.
   *
   * @example
   * ```ts
   * import { migrateOnStartup } from '@gino-ts/migrate'
   * await app.register(fastifyGino, { db, onStart: (engine) => migrateOnStartup(engine, { dir: 'migrations' }) })
   * ```
   */
  onStart?: (engine: Engine, db: GinoInstance) => unknown
}

/** One incoming request, as a framework integration describes it. */
export interface RequestEntry<Req> {
  /** The framework's request object, given to `databases.select`. */
  readonly request: Req
  /** The raw URL (path and query), for the default database selector. */
  readonly url: string | undefined
  /** Node's request headers, for `{ header: name }` selectors. */
  readonly headers?: RequestHeaders | undefined
  /** Node's response: the request's connection is released when it ends. */
  readonly response: ResponseLike
  readonly requestId?: string | undefined
  /** A logger already bound to this request (Fastify's `request.log`). */
  readonly logger?: IntegrationLogger | undefined
  /** Open a request connection even with `useConnectionForRequest: false` (a transactional route). */
  readonly connection?: boolean | undefined
}

/** A request admitted by `GinoIntegration.admit()`: run the rest of it with `run()`. */
export interface AdmittedRequest {
  readonly scope: RequestScope
  /**
   * Calls `proceed` inside the request's context (its connection, its database) and
   * returns what it returns; the connection is released when the response ends.
   */
  run<T>(proceed: () => T): Promise<Awaited<T>>
}

type State = 'new' | 'started' | 'stopped'

/**
 * The framework-neutral half of every integration: binds the engine at startup (with
 * retries), closes what it created at shutdown, and gives each request its scope (a lazy
 * connection in the async context, the per-request database and schema, the logger for
 * echo).
 *
 * @example
 * ```ts
 * const gino = new GinoIntegration(db, { dsn: process.env.DATABASE_URL, echo: true })
 * await gino.start()
 * // per request:
 * const admitted = await gino.admit({ request: req, url: req.url, response: res })
 * await admitted.run(() => next())
 * // at shutdown:
 * await gino.stop()
 * ```
 */
export class GinoIntegration<Req = unknown> {
  readonly db: GinoInstance
  readonly config: GinoConfig
  readonly logger: IntegrationLogger
  /** The per-request database engines, when `databases` is set. */
  readonly databases: EngineCache | undefined
  readonly #given: Engine | undefined
  readonly #onStart: ((engine: Engine, db: GinoInstance) => unknown) | undefined
  readonly #settings: DatabasesSettings<Req> | undefined
  readonly #schemas: SchemasSettings<Req> | undefined
  readonly #engineOptions: EngineOptions
  #engine: Engine | undefined
  #starting: Promise<Engine> | undefined
  #state: State = 'new'
  /** Takes the per-request engines out of `db.stats()`. */
  #unlistEngines: (() => void) | undefined
  /** Aborted by `stop()`: ends startup retries at once. */
  readonly #stopping = new AbortController()

  constructor(db: GinoInstance, options: GinoIntegrationOptions<Req> = {}) {
    const {
      engine,
      env,
      databases,
      schemas,
      logger = consoleLogger,
      onStart,
      ...configOptions
    } = options
    this.#onStart = onStart
    this.db = db
    this.logger = logger
    this.config = resolveGinoConfig(configOptions, env ?? process.env)
    this.#given = engine
    this.#engineOptions = {
      ...this.config.engineOptions,
      logger: requestAwareLogger(logger),
      ...(this.config.echo ? { echo: echoToLogger(logger) } : {}),
    }
    this.#schemas = schemas === undefined ? undefined : resolveSchemas(schemas)
    if (databases !== undefined) {
      const settings = resolveDatabases(databases)
      this.#settings = settings
      this.databases = new EngineCache(
        (name) => this.#openDatabase(settings, name),
        settings.max,
        logger,
        settings.failureBackoff,
      )
    }
  }

  /** The engine bound at startup (the given one, or the one created). */
  get engine(): Engine {
    if (this.#engine === undefined)
      throw new GinoError('NOT_STARTED', 'The gino integration has not started yet.')
    return this.#engine
  }

  /**
   * Creates the engine (up to `retryLimit` attempts while the database does not answer,
   * waiting `retryInterval` seconds, doubling up to `retryMaxInterval`) and binds it to
   * `db`. Calling it again returns the same engine; after a failure it tries anew. A
   * `stop()` meanwhile ends it at once with a `STOPPED` error.
   */
  start(): Promise<Engine> {
    this.#starting ??= this.#start().catch((error: unknown) => {
      // A failed start can be tried again.
      this.#starting = undefined
      throw error
    })
    return this.#starting
  }

  async #start(): Promise<Engine> {
    if (this.#stopping.signal.aborted)
      throw new GinoError('STOPPED', 'The gino integration was stopped; it cannot start.')
    let engine = this.#given
    if (engine === undefined) {
      if (this.config.warnFallback) {
        this.logger.warn(
          { dsn: this.config.dsn },
          '[gino] no database configured (dsn option, DB_DSN, DATABASE_URL or DB_HOST...): using an embedded ' +
            'in-memory PGlite database, whose data is LOST at exit; set DB_EMBEDDED=true to mean it ' +
            '(with NODE_ENV=production this is an error)',
        )
      } else if (this.config.fallback) {
        this.logger.info(
          { dsn: this.config.dsn },
          '[gino] using an embedded in-memory PGlite database, as asked (embedded / DB_EMBEDDED)',
        )
      }
      engine = await connectEngine(this.config.dsn, this.#engineOptions, {
        attempts: this.config.retryLimit,
        intervalMs: this.config.retryInterval * 1000,
        maxIntervalMs: this.config.retryMaxInterval * 1000,
        signal: this.#stopping.signal,
        logger: this.logger,
      })
    }
    if (this.#stopping.signal.aborted) {
      if (engine !== this.#given) await engine.close()
      throw new GinoError('STOPPED', 'The gino integration was stopped while starting.')
    }
    this.#engine = engine
    await this.db.setBind(engine)
    if (this.#onStart !== undefined) {
      try {
        await this.#onStart(engine, this.db)
      } catch (error) {
        if (this.db.isBound && this.db.bind === engine) this.db.popBind()
        this.#engine = undefined
        if (engine !== this.#given) await engine.close()
        throw error
      }
    }
    // A stop() meanwhile waits for this start, then undoes it.
    if (!this.#stopping.signal.aborted) {
      this.#state = 'started'
      const databases = this.databases
      if (databases !== undefined)
        this.#unlistEngines = addStatsSource(this.db, () => databases.engines())
    }
    return engine
  }

  /**
   * Closes the per-request database engines and the engine it created, and unbinds `db`.
   * A start still retrying ends at once (its `start()` rejects with a `STOPPED` error);
   * `stop()` returns once it has.
   */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return
    this.#state = 'stopped'
    const starting = this.#starting
    this.#stopping.abort()
    await starting?.catch(() => undefined)
    this.#unlistEngines?.()
    await this.databases?.close()
    const engine = this.#engine
    if (engine === undefined) return
    if (this.db.isBound && this.db.bind === engine) this.db.popBind()
    if (engine !== this.#given) await engine.close()
  }

  async #openDatabase(settings: DatabasesSettings<Req>, name: string): Promise<Engine> {
    const url = settings.url(name, this.config.dsn)
    return connectEngine(
      url,
      { ...this.#engineOptions, ...settings.engineOptions },
      {
        attempts: 1,
        intervalMs: 0,
        logger: this.logger,
      },
    )
  }

  /**
   * Checks the request's database and schema (a `DatabaseNotAllowedError` or
   * `SchemaNotAllowedError` (400) before anything reaches the server, a
   * `DatabaseUnavailableError` (503) when its engine cannot be created) and prepares its
   * scope.
   */
  async admit(entry: RequestEntry<Req>): Promise<AdmittedRequest> {
    const settings = this.#settings
    const name =
      settings === undefined
        ? undefined
        : selectDatabase(settings, entry.request, entry.url, entry.headers)
    const schema =
      this.#schemas === undefined
        ? undefined
        : selectSchema(this.#schemas, entry.request, entry.url, entry.headers)
    let lease: EngineLease | undefined
    if (name !== undefined) {
      const databases = this.databases!
      lease = await admittingRequest(entry.requestId, () => databases.lease(name))
    }
    try {
      const engine = lease?.engine ?? this.db.bind
      const scope = new RequestScope({
        db: this.db,
        engine,
        database: name,
        schema,
        requestId: entry.requestId,
        logger: entry.logger ?? this.logger,
        loggerHasRequestId: entry.logger !== undefined,
      })
      // A schema lives on the request's connection: a request with one always gets it.
      const withConnection =
        this.config.useConnectionForRequest || entry.connection === true || schema !== undefined
      return {
        scope,
        run: (proceed) => this.#run(scope, lease, entry.response, withConnection, proceed),
      }
    } catch (error) {
      lease?.release()
      throw error
    }
  }

  #run<T>(
    scope: RequestScope,
    lease: EngineLease | undefined,
    response: ResponseLike,
    withConnection: boolean,
    proceed: () => T,
  ): Promise<Awaited<T>> {
    const db = this.db
    const inScope = (): T =>
      scope.enter(lease ? () => db.runWithBind(scope.engine, proceed) : proceed)
    const ended = responseEnded(response)
    if (!withConnection) {
      void ended.then(() => lease?.release())
      return Promise.resolve().then(inScope) as Promise<Awaited<T>>
    }
    return new Promise<Awaited<T>>((resolve, reject) => {
      scope.engine
        .acquire({ lazy: true, reuse: false, schema: scope.schema }, (connection) => {
          scope.attach(connection)
          try {
            resolve(inScope() as Awaited<T>)
          } catch (error) {
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what was thrown
            reject(error)
          }
          // The connection stays in the request's context until the response is over.
          return ended
        })
        .catch((error: unknown) => {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what was thrown
          reject(error)
          this.logger.warn({ err: error }, '[gino] request connection failed')
        })
        .finally(() => lease?.release())
    })
  }
}
