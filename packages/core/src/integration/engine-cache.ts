import type { Engine } from '../engine/engine.js'
import { DatabaseUnavailableError } from './http-errors.js'
import type { IntegrationLogger } from './logger.js'

/** A request's hold on a per-database engine; the engine is not closed while held. */
export interface EngineLease {
  readonly name: string
  readonly engine: Engine
  /** Lets go of the engine (idempotent). */
  release(): void
}

/** Counters of an `EngineCache`, for monitoring and tests. */
export interface EngineCacheStats {
  /** Engines in the cache (created or being created). */
  readonly size: number
  /** Creations started, successful or not. */
  readonly created: number
  /** Creations that failed. */
  readonly failed: number
  /** Engines closed (evicted or at shutdown). */
  readonly closed: number
}

/** How long an `EngineCache` remembers that a database could not be opened. */
export interface FailureBackoff {
  /** Milliseconds after a first failure during which leases fail at once. Default 1000. */
  readonly initialMs?: number
  /** The longest such wait; each failure in a row doubles it up to this. Default 30000. */
  readonly maxMs?: number
}

interface Failure {
  readonly error: unknown
  /** Failures in a row. */
  readonly count: number
  /** No new attempt before this time (ms since the epoch). */
  readonly until: number
}

interface Entry {
  readonly name: string
  readonly promise: Promise<Engine>
  /** Set once the engine is open. */
  engine: Engine | undefined
  refs: number
  evicted: boolean
  closed: boolean
}

/**
 * Engines by database name, created on first use. Concurrent first requests share one
 * creation. A failed creation is remembered for a while (1 s, doubling with each failure
 * in a row up to 30 s): leases meanwhile fail at once with a `DatabaseUnavailableError`
 * whose `Retry-After` says when the next attempt may be made, so a database that cannot be
 * opened does not cost a connection attempt per request. At most
 * `max` engines are kept: past that the least recently used one leaves the cache and is
 * closed as soon as no request holds it.
 */
export class EngineCache {
  readonly #entries = new Map<string, Entry>()
  readonly #create: (name: string) => Promise<Engine>
  readonly #max: number
  readonly #logger: IntegrationLogger
  readonly #closing = new Set<Promise<void>>()
  /** Evicted entries still held by requests. */
  readonly #retired = new Set<Entry>()
  #created = 0
  #failed = 0
  #closedCount = 0
  #shut = false
  readonly #failures = new Map<string, Failure>()
  readonly #initialBackoffMs: number
  readonly #maxBackoffMs: number

  constructor(
    create: (name: string) => Promise<Engine>,
    max: number,
    logger: IntegrationLogger,
    backoff: FailureBackoff = {},
  ) {
    this.#create = create
    this.#max = max
    this.#logger = logger
    this.#initialBackoffMs = backoff.initialMs ?? 1000
    this.#maxBackoffMs = Math.max(backoff.maxMs ?? 30_000, this.#initialBackoffMs)
  }

  get stats(): EngineCacheStats {
    return {
      size: this.#entries.size,
      created: this.#created,
      failed: this.#failed,
      closed: this.#closedCount,
    }
  }

  /** Names in the cache, least recently used first. */
  names(): string[] {
    return [...this.#entries.keys()]
  }

  /**
   * The open engines by name, least recently used first, then those evicted but still held
   * by a request (for `db.stats()`).
   */
  engines(): Array<readonly [string, Engine]> {
    const open: Array<readonly [string, Engine]> = []
    for (const entry of [...this.#entries.values(), ...this.#retired]) {
      if (entry.engine !== undefined && !entry.closed) open.push([entry.name, entry.engine])
    }
    return open
  }

  /**
   * The engine of `name`, created if needed, held until `release()`; a creation failure
   * is a `DatabaseUnavailableError` (503).
   */
  async lease(name: string): Promise<EngineLease> {
    if (this.#shut)
      throw new DatabaseUnavailableError(name, new Error('The integration is shutting down.'))
    const failure = this.#failures.get(name)
    if (failure !== undefined && !this.#entries.has(name)) {
      const waitMs = failure.until - Date.now()
      if (waitMs > 0) throw new DatabaseUnavailableError(name, failure.error, waitMs / 1000)
    }
    let entry = this.#entries.get(name)
    if (entry) {
      this.#entries.delete(name)
      this.#entries.set(name, entry)
    } else {
      entry = this.#add(name)
    }
    entry.refs++
    let engine: Engine
    try {
      engine = await entry.promise
    } catch (error) {
      entry.refs--
      const until = this.#failures.get(name)?.until ?? Date.now() + this.#initialBackoffMs
      throw new DatabaseUnavailableError(name, error, (until - Date.now()) / 1000)
    }
    let held = true
    const owner = entry
    return {
      name,
      engine,
      release: () => {
        if (!held) return
        held = false
        owner.refs--
        if (owner.evicted && owner.refs === 0) this.#close(owner)
      },
    }
  }

  #add(name: string): Entry {
    this.#created++
    const entry: Entry = {
      name,
      promise: this.#create(name),
      engine: undefined,
      refs: 0,
      evicted: false,
      closed: false,
    }
    entry.promise.then(
      (engine) => {
        entry.engine = engine
        this.#failures.delete(name)
      },
      () => undefined,
    )
    entry.promise.catch((error: unknown) => {
      this.#failed++
      const count = (this.#failures.get(name)?.count ?? 0) + 1
      const backoffMs = Math.min(this.#initialBackoffMs * 2 ** (count - 1), this.#maxBackoffMs)
      this.#failures.delete(name)
      this.#failures.set(name, { error, count, until: Date.now() + backoffMs })
      // Remembered failures stay bounded, whatever names a predicate allow-list lets in.
      if (this.#failures.size > this.#max * 10) {
        this.#failures.delete(this.#failures.keys().next().value as string)
      }
      if (this.#entries.get(name) === entry) this.#entries.delete(name)
      this.#logger.warn(
        { database: name, err: error },
        `[gino] could not open database ${JSON.stringify(name)}`,
      )
    })
    this.#entries.set(name, entry)
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.values().next().value as Entry
      this.#entries.delete(oldest.name)
      oldest.evicted = true
      if (oldest.refs === 0) this.#close(oldest)
      else this.#retired.add(oldest)
    }
    return entry
  }

  #close(entry: Entry): void {
    if (entry.closed) return
    entry.closed = true
    this.#retired.delete(entry)
    const closing = entry.promise.then(
      async (engine) => {
        await engine.close()
        this.#closedCount++
      },
      () => undefined,
    )
    const tracked = closing.catch((error: unknown) => {
      this.#logger.warn(
        { database: entry.name, err: error },
        `[gino] closing database ${JSON.stringify(entry.name)} failed`,
      )
    })
    this.#closing.add(tracked)
    void tracked.finally(() => this.#closing.delete(tracked))
  }

  /** Closes every engine, held or not; later leases fail. */
  async close(): Promise<void> {
    this.#shut = true
    for (const entry of [...this.#entries.values(), ...this.#retired]) {
      entry.evicted = true
      this.#close(entry)
    }
    this.#entries.clear()
    while (this.#closing.size) await Promise.all([...this.#closing])
  }
}
