import { AsyncLocalStorage } from 'node:async_hooks'
import type { Connection } from '../connection/connection.js'
import type { Engine } from '../engine/engine.js'
import { GinoError, TransactionError } from '../errors.js'
import {
  currentRequestId,
  setRequestIdSource,
  traceCall,
  transactionChannel,
} from '../tracing/channels.js'
import { beginTransaction, type Transaction } from '../transaction/transaction.js'
import type { TransactionOptions } from '../transaction/tx-frame.js'
import type { GinoInstance } from './gino-instance.js'
import type { IntegrationLogger } from './logger.js'
import { shouldCommit } from './request-rule.js'

const storage = new AsyncLocalStorage<RequestScope>()
/** The id of a request being admitted, before its scope exists (its per-request engine's creation). */
const admitting = new AsyncLocalStorage<string | undefined>()
// The tracing channels tag their events with the request id (read only while someone subscribes).
setRequestIdSource(() => storage.getStore()?.requestId ?? admitting.getStore())

/** @internal Runs `fn` (the admission of a request) with `requestId` on its tracing events. */
export function admittingRequest<T>(requestId: string | undefined, fn: () => T): T {
  return requestId === undefined ? fn() : admitting.run(requestId, fn)
}

/** What a request scope is made of. */
export interface RequestScopeInit {
  readonly db: GinoInstance
  readonly engine: Engine
  readonly database: string | undefined
  /** The per-request schema (`schemas`), if any. Default: none. */
  readonly schema?: string | undefined
  readonly requestId: string | undefined
  readonly logger: IntegrationLogger
  /** The logger already tags its lines with the request id (Fastify's `request.log`). */
  readonly loggerHasRequestId: boolean
}

/**
 * One request as the integrations see it: the engine it runs on, its lazy connection,
 * its transaction. Reachable from anywhere in the request with `currentRequestScope()`.
 */
export class RequestScope {
  readonly db: GinoInstance
  /** The engine of this request: the bound one, or the per-request database's. */
  readonly engine: Engine
  /** The per-request database name, or undefined on the default engine. */
  readonly database: string | undefined
  /** The per-request schema its statements run in (`search_path`), or undefined. */
  readonly schema: string | undefined
  readonly requestId: string | undefined
  readonly logger: IntegrationLogger
  readonly loggerHasRequestId: boolean
  /** Set by an integration when the handler threw; makes `end()` roll back. */
  failed = false
  #connection: Connection | undefined
  #transaction: Transaction | undefined
  #ending: Promise<void> | undefined

  constructor(init: RequestScopeInit) {
    this.db = init.db
    this.engine = init.engine
    this.database = init.database
    this.schema = init.schema
    this.requestId = init.requestId
    this.logger = init.logger
    this.loggerHasRequestId = init.loggerHasRequestId
  }

  /** The request's connection (lazy: it connects on the first query), if it has one. */
  get connection(): Connection | undefined {
    return this.#connection
  }

  /** @internal */
  attach(connection: Connection): void {
    this.#connection = connection
  }

  /** The request transaction opened with `begin()`, while it is open. */
  get transaction(): Transaction | undefined {
    return this.#transaction?.isActive ? this.#transaction : undefined
  }

  /**
   * Opens the request transaction on the request's connection; everything the request
   * runs joins it (a `db.transaction()` inside becomes a savepoint) until `end()`. It is
   * lazy: BEGIN goes with the request's first statement, so a request that fails before
   * any query (validation) never touches the database, not even to roll back.
   */
  async begin(options?: TransactionOptions): Promise<Transaction> {
    const connection = this.#connection
    if (connection === undefined) {
      throw new GinoError(
        'NO_REQUEST_CONNECTION',
        'This request has no connection to open a transaction on.',
      )
    }
    if (this.#transaction !== undefined)
      throw new TransactionError('The request transaction was already opened.')
    if (connection.released)
      throw new GinoError('NO_REQUEST_CONNECTION', 'The request connection was released.')
    this.#transaction = await beginTransaction(connection, options, true)
    return this.#transaction
  }

  /**
   * Ends the request transaction by the rule of `shouldCommit`: commit unless the handler
   * failed or the status is 5xx. Does nothing when none is open (so it may run twice).
   */
  end(statusCode: number): Promise<void> {
    // One COMMIT / ROLLBACK however many callers (a handler's end, then onSend's): its
    // failure is reported to the first one only, so it is answered once.
    if (this.#ending !== undefined) return this.#ending.catch(() => undefined)
    const transaction = this.transaction
    if (transaction === undefined) return Promise.resolve()
    this.#ending = shouldCommit({ failed: this.failed, statusCode })
      ? transaction.commit()
      : transaction.rollback()
    return this.#ending
  }

  /**
   * @internal Runs a transactional route's handler (`run`) as the request transaction on
   * the `gino-ts:transaction` tracing channel, when it has subscribers, so its statements
   * nest under the transaction's span; for integrations that open the transaction with
   * `begin()` rather than around the handler. The trace ends when the handler's promise
   * settles (a handler returning none: at once).
   */
  traceHandler<T>(run: () => T): T {
    const connection = this.#connection
    if (connection === undefined || !transactionChannel.hasSubscribers) return run()
    const core = connection.session.core
    return traceCall(
      transactionChannel,
      { driver: core.driver, database: core.database, requestId: currentRequestId(), nested: false },
      run,
    )
  }

  /** @internal Runs `fn` with this scope as the current one. */
  enter<T>(fn: () => T): T {
    return storage.run(this, fn)
  }
}

/**
 * The scope of the request being handled (undefined outside a request).
 *
 * @example
 * ```ts
 * const scope = currentRequestScope()
 * scope?.database // the per-request database, if any
 * scope?.schema   // the per-request schema, if any
 * ```
 */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore()
}
