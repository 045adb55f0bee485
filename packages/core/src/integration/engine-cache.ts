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

interface Entry {
  readonly name: string
  readonly promise: Promise<Engine>
  refs: number
  evicted: boolean
  closed: boolean
}

/**
 * Engines by database name, created on first use. Concurrent first requests share one
 * creation; a failed creation leaves the cache (the next request tries again). At most
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

  constructor(create: (name: string) => Promise<Engine>, max: number, logger: IntegrationLogger) {
    this.#create = create
    this.#max = max
    this.#logger = logger
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
   * The engine of `name`, created if needed, held until `release()`; a creation failure
   * is a `DatabaseUnavailableError` (503).
   */
  async lease(name: string): Promise<EngineLease> {
    if (this.#shut)
      throw new DatabaseUnavailableError(name, new Error('The integration is shutting down.'))
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
      throw new DatabaseUnavailableError(name, error)
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
      refs: 0,
      evicted: false,
      closed: false,
    }
    entry.promise.catch((error: unknown) => {
      this.#failed++
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
