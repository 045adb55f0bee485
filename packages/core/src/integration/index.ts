/**
 * `@gino-ts/core/integration`: the building blocks of the framework integrations
 * (`@gino-ts/fastify`, `@gino-ts/express`, `@gino-ts/koa`), public for anyone writing one
 * for another framework: configuration from the `DB_*` variables, startup with retries,
 * per-request engines, the request scope and the request-transaction rule, `getOr404`.
 * Applications import `@gino-ts/core` (and their framework's package) instead.
 *
 * @example
 * ```ts
 * import { GinoIntegration, runRequestTransaction } from '@gino-ts/core/integration'
 *
 * const integration = new GinoIntegration<MyRequest>(db, { dsn: process.env.DATABASE_URL })
 * await integration.start()
 * ```
 */
export {
  DATABASE_ENV_VARIABLES,
  resolveGinoConfig,
  type ConfigEnv,
  type GinoConfig,
  type GinoConfigOptions,
} from './config.js'
export { connectEngine, retryDelay, type ConnectOptions } from './connect.js'
export type { AllowList } from './allow-list.js'
export { databaseUrl } from './database-url.js'
export { DatabaseNotConfiguredError } from './database-not-configured-error.js'
export {
  resolveDatabases,
  selectDatabase,
  type DatabasesOptions,
  type DatabasesSettings,
} from './databases-options.js'
export { echoToLogger } from './echo.js'
export {
  EngineCache,
  type EngineCacheStats,
  type EngineLease,
  type FailureBackoff,
} from './engine-cache.js'
export type { GinoInstance, GinoRegister, RegisteredGino } from './gino-instance.js'
export {
  DatabaseNotAllowedError,
  DatabaseUnavailableError,
  GinoHttpError,
  NotFoundError,
  SchemaNotAllowedError,
} from './http-errors.js'
export {
  GinoIntegration,
  type AdmittedRequest,
  type GinoIntegrationOptions,
  type RequestEntry,
} from './integration.js'
export { consoleLogger, type IntegrationLogger } from './logger.js'
export { firstOr404, getOr404, type Gettable, type ModelLike } from './or-404.js'
export { shouldCommit, type RequestOutcome } from './request-rule.js'
export { currentRequestScope, RequestScope, type RequestScopeInit } from './request-scope.js'
export type { RequestHeaders, RequestSelector } from './request-selector.js'
export { runRequestTransaction } from './request-transaction.js'
export { responseEnded, type ResponseLike } from './response-end.js'
export {
  resolveSchemas,
  selectSchema,
  type SchemasOptions,
  type SchemasSettings,
} from './schemas-options.js'
