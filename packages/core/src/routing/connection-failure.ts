import { ConnectionError, QueryError } from '../errors.js'

/**
 * SQLSTATEs of a server going away or not accepting connections: class 08 (connection
 * exception), `57P01` admin shutdown, `57P02` crash shutdown, `57P03` cannot connect now.
 */
const GOING_AWAY = /^(08...|57P0[123])$/

/**
 * True when a statement failed because its server could not be reached or dropped the
 * connection (a replica's read is then retried on the primary), false for an error of the
 * statement itself (a SQL error, a timeout), which is reported as it is.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof ConnectionError) return true
  if (!(error instanceof QueryError)) return false
  const state = error.sqlState
  if (state !== undefined && GOING_AWAY.test(state)) return true
  // node-postgres reports a dropped socket without a SQLSTATE: a Node system error code
  // (ECONNRESET, EPIPE...) or its own "Connection terminated" message.
  if (state !== undefined && /^E[A-Z]+$/.test(state)) return true
  if (state !== undefined) return false
  const message = error.cause instanceof Error ? error.cause.message : ''
  return /connection terminated|not queryable|connection error|server closed the connection/i.test(message)
}
