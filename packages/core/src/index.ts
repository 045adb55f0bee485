export { Gino } from './gino.js'
export { createEngine, Engine, type AcquireOptions, type ConnectionScope } from './engine/engine.js'
export {
  ENGINE_OPTION_NAMES,
  type EchoEntry,
  type EngineOptions,
  type Logger,
  type ResolvedEngineOptions,
} from './engine/options.js'
export { parseEngineUrl, type EngineTarget, type SslOption } from './engine/url.js'
export { Connection } from './connection/connection.js'
export { Transaction } from './transaction/transaction.js'
export type { IsolationLevel, TransactionOptions } from './transaction/tx-frame.js'
export { Cursor } from './execution/cursor.js'
export { QueryMethods } from './execution/query-methods.js'
export type {
  ExecArgs,
  ExecOptions,
  IterateOptions,
  LoadArgs,
  LoadOptions,
  Query,
  RowOf,
  StatusResult,
  TextQuery,
} from './execution/query-types.js'
export { text, TextClause, ParameterError, type SqlParams } from './execution/text.js'
export {
  TO_LOADER,
  attachLoader,
  toRowLoader,
  type LoadContext,
  type LoadedOf,
  type LoaderLike,
  type LoaderSource,
  type RowLoader,
} from './execution/loader-hook.js'
export type { FieldInfo, PoolStats, RowMode } from './dialect/driver-adapter.js'
export { GinoDialect } from './kysely/gino-dialect.js'
export {
  ConnectionReleasedError,
  EngineClosedError,
  GinoError,
  InvalidDsnError,
  InvalidOptionError,
  MultipleResultsError,
  NoResultError,
  NoSuchRowError,
  PoolTimeoutError,
  QueryError,
  QueryTimeoutError,
  TransactionError,
  UninitializedError,
  UnsupportedError,
} from './errors.js'
export { column } from './model/column-types.js'
export { ColumnBuilder, type ColumnSpec, type ReferentialAction, type ReferenceTarget, type ColumnValue, type ColumnOptional, type ColumnDbName } from './model/column.js'
export {
  ModelBase,
  UpdateRequest,
  defineModel,
  keyValues,
  metaOf,
  type ColumnRef,
  type ColumnRefs,
  type CrudOptions,
  type Ident,
  type ModelClass,
  type ModelInstance,
  type ModelStatics,
} from './model/model.js'
export { MODEL_META, type ColumnMeta, type ModelMeta, type ModelOptions } from './model/model-meta.js'
export { ModelRowLoader } from './model/model-loader.js'
export type { ColumnMap, CreateInput, KyselyTable, ModelDatabase, ModelRow, UpdateInput, ValueOrExpression } from './model/model-types.js'
export { LoaderPlugin } from './kysely/loader-plugin.js'
export { ModelAlias } from './model/alias.js'
export { inferJoinOn, joinModels, type Joinable, type JoinOn, type JoinRef } from './model/join.js'
export { resolveReference } from './model/references.js'
export type { TypedAlias, JoinTarget, JoinDatabase, JoinName } from './model/model.js'
export { sql } from 'kysely'
export * from './integration/index.js'
