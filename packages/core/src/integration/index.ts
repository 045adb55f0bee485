export {
  DATABASE_ENV_VARIABLES,
  resolveGinoConfig,
  type ConfigEnv,
  type GinoConfig,
  type GinoConfigOptions,
} from './config.js'
export { connectEngine, retryDelay, type ConnectOptions } from './connect.js'
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
export { runRequestTransaction } from './request-transaction.js'
export { responseEnded, type ResponseLike } from './response-end.js'
