import type { Engine } from '../engine/engine.js'
import type { Logger } from '../engine/options.js'
import { isConnectionFailure } from './connection-failure.js'

/**
 * A replica's replay lag in milliseconds: 0 while it has replayed all the WAL it received
 * (after a restart the receive position starts back at a segment boundary, behind the
 * replay position), else the age of the last transaction it replayed; -1 when it cannot
 * tell (not a replica, nothing replayed since it started).
 */
const LAG_SQL =
  'SELECT CASE WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0 ' +
  'ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000, -1) END AS lag'

/** How a replica set watches its members. */
export interface ReplicaSettings {
  /** Milliseconds a replica that failed stays out of the rotation. */
  readonly retryMs: number
  /** Most replay lag (milliseconds) a replica may have to get reads; undefined: not checked. */
  readonly maxLagMs: number | undefined
  /** Milliseconds between lag checks. */
  readonly lagCheckMs: number
  readonly logger: Logger
}

/** One replica: its engine and whether it may take reads now. */
export class Replica {
  readonly engine: Engine
  /** `host:port`, for logs and tracing (never the URL: it may hold a password). */
  readonly server: string
  /** Out of the rotation until this time (`Date.now()` milliseconds). */
  downUntil = 0
  /** Set by the lag check when the replica is behind by more than `maxReplicaLagMs`. */
  lagging = false

  constructor(engine: Engine, server: string) {
    this.engine = engine
    this.server = server
  }
}

/**
 * The replicas of an engine: round-robin among those that are up and not lagging, a
 * replica that failed kept out for `retryMs`, lag checked on a timer (never per query).
 */
export class ReplicaSet {
  readonly members: readonly Replica[]
  readonly #settings: ReplicaSettings
  #next = 0
  #timer: NodeJS.Timeout | undefined
  #checking: Promise<void> | undefined

  constructor(members: readonly Replica[], settings: ReplicaSettings) {
    this.members = members
    this.#settings = settings
  }

  /** The next replica that may take a read, or undefined when none may (reads go to the primary). */
  pick(): Replica | undefined {
    const members = this.members
    const count = members.length
    let now: number | undefined
    for (let k = 0; k < count; k++) {
      const index = (this.#next + k) % count
      const replica = members[index]!
      if (replica.lagging) continue
      if (replica.downUntil !== 0 && replica.downUntil > (now ??= Date.now())) continue
      this.#next = (index + 1) % count
      return replica
    }
    return undefined
  }

  /** Takes a replica out of the rotation for `retryMs` after a connection failure. */
  markDown(replica: Replica, error: unknown): void {
    const now = Date.now()
    const wasUp = replica.downUntil <= now
    replica.downUntil = now + this.#settings.retryMs
    if (wasUp) {
      const reason = error instanceof Error ? error.message : String(error)
      this.#settings.logger.warn(
        `[gino] replica ${replica.server} is unreachable (${reason}); its reads go to the primary for ${this.#settings.retryMs} ms`,
      )
    }
  }

  /** Checks every replica once (connecting it), then starts the periodic lag checks when asked for. */
  async start(connect: boolean): Promise<void> {
    if (connect || this.#settings.maxLagMs !== undefined) await this.check()
    if (this.#settings.maxLagMs === undefined) return
    this.#timer = setInterval(() => {
      this.#checking ??= this.check().finally(() => {
        this.#checking = undefined
      })
    }, this.#settings.lagCheckMs)
    this.#timer.unref()
  }

  /** One round of checks: a replica that does not answer is marked down, one behind is marked lagging. */
  async check(): Promise<void> {
    const maxLag = this.#settings.maxLagMs
    const now = Date.now()
    await Promise.all(
      this.members.map(async (replica) => {
        if (replica.downUntil > now) return
        try {
          if (maxLag === undefined) {
            await replica.engine.status('SELECT 1')
            return
          }
          const lag = Number(await replica.engine.scalar(LAG_SQL))
          const lagging = lag < 0 || lag > maxLag
          if (lagging && !replica.lagging) {
            this.#settings.logger.warn(`[gino] replica ${replica.server} lags behind the primary; it gets no reads until it catches up`)
          }
          replica.lagging = lagging
        } catch (error) {
          if (isConnectionFailure(error)) this.markDown(replica, error)
          else this.#settings.logger.warn(`[gino] replica ${replica.server} check failed: ${error instanceof Error ? error.message : String(error)}`)
        }
      }),
    )
  }

  /** Stops the lag checks and closes the replicas' pools. */
  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    await this.#checking
    await Promise.all(this.members.map((replica) => replica.engine.close()))
  }
}
