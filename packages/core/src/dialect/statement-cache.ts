// Names are unique in the process, not only per connection: behind a pooler, several
// client connections may share one server session.
let counter = 0

/** What `take` answers: the statement's name, and the one evicted to make room, if any. */
export interface TakenStatement {
  readonly name: string
  readonly evicted: string | undefined
}

/** A cached statement; `hit` is the answer to every later `take` of it (no allocation). */
interface Entry {
  readonly hit: TakenStatement
  /** When it was last taken: LRU order without reordering the map on every hit. */
  used: number
}

/**
 * The named statements one connection has prepared, keyed by SQL text. When full, a new
 * statement evicts the least recently used one. Names are never reused (`gino_1`,
 * `gino_2`...), so a statement dropped on the server but not yet here can never answer
 * for another text.
 *
 * A hit is one map lookup and a counter write; only an eviction scans the entries.
 */
export class StatementCache {
  readonly #entries = new Map<string, Entry>()
  readonly #capacity: number
  #clock = 0

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  /** How many statements are cached. */
  get size(): number {
    return this.#entries.size
  }

  /**
   * The statement name for `sql` (a new one on a miss), and the name of the least
   * recently used statement dropped to make room, which the caller must close.
   */
  take(sql: string): TakenStatement {
    const entries = this.#entries
    const entry = entries.get(sql)
    if (entry !== undefined) {
      entry.used = ++this.#clock
      return entry.hit
    }
    const name = `gino_${++counter}`
    let evicted: string | undefined
    if (entries.size >= this.#capacity) evicted = this.#evictOldest()
    entries.set(sql, { hit: { name, evicted: undefined }, used: ++this.#clock })
    return { name, evicted }
  }

  /** Drops the least recently used entry; returns its name. */
  #evictOldest(): string | undefined {
    let oldestSql: string | undefined
    let oldest: Entry | undefined
    for (const [sql, entry] of this.#entries) {
      if (oldest === undefined || entry.used < oldest.used) {
        oldest = entry
        oldestSql = sql
      }
    }
    if (oldestSql === undefined) return undefined
    this.#entries.delete(oldestSql)
    return oldest!.hit.name
  }

  /** Forgets `sql`'s statement `name` (it went stale), unless `sql` has another by now. */
  drop(sql: string, name: string): void {
    if (this.#entries.get(sql)?.hit.name === name) this.#entries.delete(sql)
  }

  /** Forgets every statement; returns their names. */
  clear(): string[] {
    const names = [...this.#entries.values()].map((entry) => entry.hit.name)
    this.#entries.clear()
    return names
  }
}

// Statements worth a plan cache: queries and DML. Utility statements (BEGIN, SET, DDL),
// cursor commands (whose names are unique per cursor) and several statements in one
// text (which the extended protocol refuses) go unnamed.
const PREPARABLE = /^\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|VALUES|TABLE|MERGE)\b/i

/** True when `sql` is one query or DML statement that is worth preparing. */
export function isPreparable(sql: string, parameterCount: number): boolean {
  if (!PREPARABLE.test(sql)) return false
  return parameterCount > 0 || !sql.includes(';')
}
