/**
 * The logger the framework integrations write to: pino's calling convention
 * (`logger.debug(fields, message)`), so Fastify's `fastify.log` / `request.log`, a pino
 * or pino-http logger, and `console` all fit.
 *
 * @example
 * ```ts
 * const logger: IntegrationLogger = pino({ level: 'debug' })
 * ```
 */
export interface IntegrationLogger {
  debug(fields: Record<string, unknown>, message: string): void
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
  error(fields: Record<string, unknown>, message: string): void
}

function describe(fields: Record<string, unknown>): string {
  const parts = Object.entries(fields)
    .filter(([key, value]) => value !== undefined && key !== 'sql')
    .map(([key, value]) => `${key}=${stringify(value)}`)
  return parts.length ? ` (${parts.join(' ')})` : ''
}

function stringify(value: unknown): string {
  if (value instanceof Error) return value.message
  try {
    return JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'bigint' ? item.toString() : item,
    )
  } catch {
    return String(value)
  }
}

/** The default logger of the Express and Koa integrations: one line per entry on the console. */
export const consoleLogger: IntegrationLogger = {
  debug: (fields, message) => console.debug(message + describe(fields)),
  info: (fields, message) => console.info(message + describe(fields)),
  warn: (fields, message) => console.warn(message + describe(fields)),
  error: (fields, message) => console.error(message + describe(fields)),
}
