// Names are unique in the process, not only per connection: behind a pooler, several
// client connections may share one server session.
let counter = 0

/**
 * The named statements one connection has prepared, keyed by SQL text, least recently
 * used first. Names are never reused (`gino_1`, `gino_2`...), so a statement dropped on
 * the server but not yet here can never answer for another text.
 */
export class StatementCache {
  readonly #names = new Map<string, string>()
  readonly #capacity: number

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  /** How many statements are cached. */
  get size(): number {
    return this.#names.size
  }

  /**
   * The statement name for `sql` (a new one on a miss), and the name of the least
   * recently used statement dropped to make room, which the caller must close.
   */
  take(sql: string): { readonly name: string; readonly evicted: string | undefined } {
    const names = this.#names
    let name = names.get(sql)
    if (name !== undefined) {
      // Re-inserting moves it to the end: Map iteration order is the LRU order.
      names.delete(sql)
      names.set(sql, name)
      return { name, evicted: undefined }
    }
    name = `gino_${++counter}`
    names.set(sql, name)
    let evicted: string | undefined
    if (names.size > this.#capacity) {
      const [oldest, oldestName] = names.entries().next().value!
      names.delete(oldest)
      evicted = oldestName
    }
    return { name, evicted }
  }

  /** Forgets `sql`'s statement `name` (it went stale), unless `sql` has another by now. */
  drop(sql: string, name: string): void {
    if (this.#names.get(sql) === name) this.#names.delete(sql)
  }

  /** Forgets every statement; returns their names. */
  clear(): string[] {
    const names = [...this.#names.values()]
    this.#names.clear()
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
