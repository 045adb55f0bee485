import { findFrame } from '../connection/context.js'
import type { Session } from '../connection/session.js'
import type { RawResult, RowMode } from '../dialect/driver-adapter.js'
import type { ExecOptions } from '../execution/query-types.js'
import type { Statement } from '../execution/statement.js'
import { onPrimary } from './primary-scope.js'
import { isReadOnlyNode } from './read-only-node.js'
import { isReadOnlyText } from './read-only-text.js'
import type { Replica, ReplicaSet } from './replica-set.js'

/** Sessions (context scopes) that ran a write: their later reads stay on the primary. */
const written = new WeakSet<Session>()
const routers = new WeakMap<object, ReplicaRouter>()
const TEXT_CACHE_LIMIT = 500

/** @internal Gives an engine its replica set. */
export const ATTACH_REPLICAS: unique symbol = Symbol('gino.attachReplicas')

/** The router of an engine with replicas, or undefined. */
export function routerOf(owner: object): ReplicaRouter | undefined {
  return routers.get(owner)
}

/**
 * Decides where an engine's statements run. Outside a transaction, a statement that only
 * reads (see `readsOnly`) goes to a replica, unless the caller's context scope already
 * wrote (read-your-writes), runs in a schema scope (`withSchema`, a tenant's request),
 * runs in `primary(fn)`, or says `{ bind: 'primary' }`.
 * Everything else runs on the primary. `{ bind: 'replica' }` sends any statement to a
 * replica (the caller vouches that it only reads).
 */
export class ReplicaRouter {
  readonly replicas: ReplicaSet
  readonly #owner: object
  readonly #functions: ReadonlySet<string>
  readonly #nodes = new WeakMap<object, boolean>()
  readonly #texts = new Map<string, boolean>()

  /** Runs a statement the way its engine does (routed). */
  readonly run: (statement: Statement, rowMode: RowMode) => Promise<RawResult>

  constructor(
    owner: object,
    replicas: ReplicaSet,
    readOnlyFunctions: ReadonlySet<string>,
    run: (statement: Statement, rowMode: RowMode) => Promise<RawResult>,
  ) {
    this.#owner = owner
    this.run = run
    this.replicas = replicas
    this.#functions = readOnlyFunctions
    routers.set(owner, this)
  }

  /**
   * True when the statement only reads: from its Kysely operation node when it has one (a
   * builder, a compiled query), else from its text (SQL text, the `sql` tag), both on the
   * conservative side (see `isReadOnlyNode`, `isReadOnlyText`). Cached per node and text.
   */
  readsOnly(statement: Statement): boolean {
    const node = statement.query
    if (node !== undefined && node.kind !== 'RawNode') {
      let reads = this.#nodes.get(node)
      if (reads === undefined) {
        reads = isReadOnlyNode(node, this.#functions)
        this.#nodes.set(node, reads)
      }
      return reads
    }
    const sql = statement.sql
    let reads = this.#texts.get(sql)
    if (reads === undefined) {
      reads = isReadOnlyText(sql, this.#functions)
      if (this.#texts.size >= TEXT_CACHE_LIMIT) this.#texts.delete(this.#texts.keys().next().value!)
      this.#texts.set(sql, reads)
    }
    return reads
  }

  /** The replica to run a statement on, or undefined for the primary. Notes a write of the caller's scope. */
  route(statement: Statement, options: ExecOptions | undefined): Replica | undefined {
    const bind = options?.bind
    if (bind === 'replica') return this.replicas.pick()
    const reads = this.readsOnly(statement)
    if (!reads) {
      this.noteWrite()
      return undefined
    }
    if (bind === 'primary' || onPrimary()) return undefined
    for (let frame = findFrame(this.#owner); frame !== undefined; frame = frame.parent) {
      if (frame.owner !== this.#owner) continue
      // In a transaction (managed, by hand, or the request's): everything on its connection.
      // In a schema scope too: a replica's connection has not the scope's search_path.
      if (
        frame.tx !== null ||
        frame.session.owner !== null ||
        frame.session.searchPath !== undefined ||
        written.has(frame.session)
      ) {
        return undefined
      }
    }
    return this.replicas.pick()
  }

  /** A statement run on a connection of this engine's (the primary): a write marks its scope. */
  noteRun(session: Session, statement: Statement): void {
    if (this.readsOnly(statement)) return
    written.add(session)
    this.noteWrite()
  }

  /** True when the session (a connection's scope) ran a write. */
  wrote(session: Session): boolean {
    return written.has(session)
  }

  /** Marks every scope of this engine in the caller's context as having written. */
  noteWrite(): void {
    for (let frame = findFrame(this.#owner); frame !== undefined; frame = frame.parent) {
      if (frame.owner === this.#owner) written.add(frame.session)
    }
  }
}
