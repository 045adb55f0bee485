import { InvalidOptionError } from '../errors.js'

/** Isolation levels PostgreSQL accepts. */
export type IsolationLevel = 'serializable' | 'repeatable read' | 'read committed' | 'read uncommitted'

/** Options of a transaction; they apply to the outermost level only. */
export interface TransactionOptions {
  isolation?: IsolationLevel
  readOnly?: boolean
  deferrable?: boolean
}

/** One level of a transaction on a session: the outermost BEGIN, or a SAVEPOINT. */
export class TxFrame {
  readonly parent: TxFrame | null
  readonly depth: number
  /** Savepoint name for nested levels, null for the outermost. */
  readonly savepoint: string | null
  /** Begun by `begin()` rather than scoped by `transaction(fn)`. */
  readonly manual: boolean
  finished = false
  /** True while the callback of a managed level (`transaction(fn)`) runs. */
  running = false

  constructor(parent: TxFrame | null, savepoint: string | null, manual: boolean) {
    this.parent = parent
    this.depth = parent ? parent.depth + 1 : 0
    this.savepoint = savepoint
    this.manual = manual
  }

  /**
   * A managed level ended by `commit()` / `rollback()` (its own or an outer one's, or a
   * non-permanent release) while its callback still runs: its later statements must fail.
   */
  get endedEarly(): boolean {
    if (this.running && this.finished) return true
    return this.parent !== null && this.parent.endedEarly
  }

  /** The nearest level that is still open: ending a level early leaves its callers in the parent. */
  static effective(frame: TxFrame | null): TxFrame | null {
    let current = frame
    while (current !== null && current.finished) current = current.parent
    return current
  }

  /** True when `this` is `other` or one of its ancestors. */
  encloses(other: TxFrame | null): boolean {
    for (let current = other; current !== null; current = current.parent) if (current === this) return true
    return false
  }
}

export const ISOLATION_LEVELS: readonly IsolationLevel[] = [
  'serializable',
  'repeatable read',
  'read committed',
  'read uncommitted',
]

/** `BEGIN` with options taken only from fixed keywords, never from free text. */
export function beginStatement(options: TransactionOptions | undefined): string {
  if (!options) return 'BEGIN'
  const parts = ['BEGIN']
  if (options.isolation !== undefined) {
    const level = options.isolation.toLowerCase() as IsolationLevel
    if (!ISOLATION_LEVELS.includes(level)) {
      throw new InvalidOptionError(
        'isolation',
        `Unknown isolation level "${options.isolation}"; valid: ${ISOLATION_LEVELS.join(', ')}.`,
      )
    }
    parts.push('ISOLATION LEVEL', level.toUpperCase())
  }
  if (options.readOnly !== undefined) parts.push(options.readOnly ? 'READ ONLY' : 'READ WRITE')
  if (options.deferrable !== undefined) parts.push(options.deferrable ? 'DEFERRABLE' : 'NOT DEFERRABLE')
  return parts.join(' ')
}
