/**
 * The engine-level public API, imported from its own modules rather than the package
 * barrel, so the engine suites do not depend on the model and schema layers.
 */
export { createEngine, Engine, type AcquireOptions } from '../../src/engine/engine.js'
export {
  ENGINE_OPTION_NAMES,
  type EchoEntry,
  type EngineOptions,
  type Logger,
} from '../../src/engine/options.js'
export { parseEngineUrl } from '../../src/engine/url.js'
export { Connection } from '../../src/connection/connection.js'
export { Transaction } from '../../src/transaction/transaction.js'
export { Cursor } from '../../src/execution/cursor.js'
export { text, TextClause, ParameterError } from '../../src/execution/text.js'
export { TO_LOADER, attachLoader, type RowLoader } from '../../src/execution/loader-hook.js'
export { GinoDialect } from '../../src/kysely/gino-dialect.js'
export {
  ConnectionError,
  ConnectionReleasedError,
  EngineClosedError,
  GinoError,
  InvalidDsnError,
  InvalidOptionError,
  MultipleResultsError,
  NoResultError,
  PoolTimeoutError,
  QueryError,
  QueryTimeoutError,
  PreparedStatementError,
  TransactionError,
  UninitializedError,
  UnsupportedError,
} from '../../src/errors.js'
export { sql } from 'kysely'
