import type { Logger } from '../engine/options.js'
import type { IntegrationLogger } from './logger.js'
import { currentRequestScope } from './request-scope.js'

/**
 * @internal The `logger` of the engines an integration creates. A line written while a
 * request is handled (the slow-query log of one of its statements, a statement that could
 * not be cancelled) goes to that request's logger, with its request id and per-request
 * database; any other line goes to `fallback`.
 */
export function requestAwareLogger(fallback: IntegrationLogger): Logger {
  const write = (level: 'info' | 'warn', message: string): void => {
    const scope = currentRequestScope()
    const fields: Record<string, unknown> = {}
    if (scope?.requestId !== undefined && !scope.loggerHasRequestId) fields.reqId = scope.requestId
    if (scope?.database !== undefined) fields.database = scope.database
    ;(scope?.logger ?? fallback)[level](fields, message)
  }
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
  }
}
