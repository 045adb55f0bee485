import type { EchoEntry } from '../engine/options.js'
import type { IntegrationLogger } from './logger.js'
import { currentRequestScope } from './request-scope.js'

/**
 * The `echo` function of the engines an integration creates: each statement is logged at
 * debug level on the current request's logger (with its request id), or on `fallback`
 * outside requests.
 */
export function echoToLogger(fallback: IntegrationLogger): (entry: EchoEntry) => void {
  return (entry) => {
    const scope = currentRequestScope()
    const logger = scope?.logger ?? fallback
    const fields: Record<string, unknown> = {
      sql: entry.sql,
      parameters: entry.parameters,
      durationMs: Math.round(entry.durationMs * 100) / 100,
      rowCount: entry.rowCount,
    }
    if (scope?.requestId !== undefined && !scope.loggerHasRequestId) fields.reqId = scope.requestId
    if (scope?.database !== undefined) fields.database = scope.database
    if (scope?.schema !== undefined) fields.schema = scope.schema
    if (entry.error !== undefined) fields.err = entry.error
    logger.debug(fields, `[gino] ${entry.sql}`)
  }
}
