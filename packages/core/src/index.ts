/**
 * The public API of `@gino-ts/core`: what an application uses. What only the framework
 * integrations need lives in `@gino-ts/core/integration` (src/integration/index.ts); the
 * rest (loader hooks, model metadata accessors, the Kysely plugin...) is internal and may
 * change in any release. test/public-api.test.ts pins both lists: changing them is a
 * deliberate act.
 */

// The facade, engines, connections, transactions.
export { Gino } from './gino.js'
export {
  createEngine,
  Engine,
  type AcquireOptions,
  type ConnectionScope,
  type EngineStats,
  type EngineTransactionOptions,
} from './engine/engine.js'
export type { EchoEntry, EngineExecutionOptions, EngineOptions, Logger, ResolvedEngineOptions } from './engine/options.js'
export {
  TRACING_CHANNELS,
  type AcquireTraceContext,
  type ConnectTraceContext,
  type QueryTraceContext,
  type TraceContextBase,
  type TransactionTraceContext,
} from './tracing/channels.js'
export { redactUrl } from './engine/url.js'
export { sslFromMode, type SslFiles, type SslMode, type SslOption } from './engine/ssl-mode.js'
export type { FieldInfo, PoolStats, RowMode } from './dialect/driver-adapter.js'
export { Connection, type ReleaseOptions } from './connection/connection.js'
export { Transaction } from './transaction/transaction.js'
export type { IsolationLevel, TransactionOptions } from './transaction/tx-frame.js'
export {
  DEFAULT_SHUTDOWN_GRACE_MS,
  gracefulShutdown,
  type GracefulShutdown,
  type GracefulShutdownOptions,
  type ShutdownResult,
} from './server/graceful-shutdown.js'

// Executing queries, raw SQL.
export { Cursor } from './execution/cursor.js'
export { BakedQuery, type BakeableQuery, type BakedOptions, type BakedRow } from './execution/baked-query.js'
export { QueryMethods } from './execution/query-methods.js'
export type {
  ExecArgs,
  ExecManyArgs,
  ExecOptions,
  IterateOptions,
  LoadArgs,
  LoadOptions,
  Query,
  RowOf,
  ParamsOf,
  StatusResult,
  TextQuery,
} from './execution/query-types.js'
export { text, TextClause, ParameterError, type SqlParams } from './execution/text.js'
export type { ParamNames } from './execution/param-names.js'
export type { LoadedOf, LoaderSource } from './execution/loader-hook.js'
export { sql } from 'kysely'

// Errors.
export {
  ConnectionError,
  ConnectionReleasedError,
  type ConnectionTarget,
  EngineClosedError,
  GinoError,
  InvalidDsnError,
  InvalidOptionError,
  MissingDependencyError,
  MultipleResultsError,
  NoResultError,
  NoSuchRowError,
  PoolTimeoutError,
  QueryError,
  QueryTimeoutError,
  PreparedStatementError,
  TransactionError,
  UninitializedError,
  UnsupportedError,
} from './errors.js'
export { AbstractModelError, JsonPropertyError, ModelDefinitionError, type JsonPropertyErrorCode } from './model/model-errors.js'
export { LoaderError, type LoaderErrorCode } from './loader/loader-error.js'
export { DatabaseNotConfiguredError } from './integration/database-not-configured-error.js'
export {
  DatabaseNotAllowedError,
  DatabaseUnavailableError,
  GinoHttpError,
  NotFoundError,
  SchemaNotAllowedError,
} from './integration/http-errors.js'

// Models: columns, table options, JSON properties, the types derived from them.
export { column, type EnumOptions } from './model/column-types.js'
export {
  ColumnBuilder,
  type ColumnCodec,
  type ColumnDbName,
  type ColumnOptional,
  type ColumnServerOptional,
  type ColumnSpec,
  type ColumnValue,
  type EnumTypeSpec,
  type ReferenceTarget,
  type ReferentialAction,
  type SequenceSource,
  type SequenceSpec,
  type ServerDefault,
} from './model/column.js'
export {
  ModelBase,
  UpdateRequest,
  type ColumnRef,
  type ColumnRefs,
  type CrudOptions,
  type Ident,
  type JoinDatabase,
  type JoinName,
  type JoinTarget,
  type ModelClass,
  type ModelInstance,
  type ModelStatics,
  type TypedAlias,
} from './crud/model.js'
export type {
  ColumnMeta,
  ForeignKeyMeta,
  ForeignKeyTargetMeta,
  IndexMeta,
  ModelMeta,
  ModelOptions,
  PropertyMeta,
  UniqueMeta,
} from './model/model-meta.js'
export type { DatabaseOf, TableModel } from './crud/database-of.js'
export type {
  AttributesOf,
  ColumnKey,
  ColumnMap,
  CreateInput,
  KyselyTable,
  ModelAttributes,
  ModelDatabase,
  ModelRow,
  ModelTypes,
  PropertyNameOf,
  PropertyRow,
  TableOf,
  TypedInstance,
  UpdateInput,
  UpdateInputOf,
  ValueOrExpression,
} from './model/model-types.js'
export type { GinoDatabase } from './model/gino-database.js'
export type { AbstractModelClass, AbstractModelStatics, InstanceQuery, MergeColumns, SelectedRow, UpsertOptions } from './crud/model-class.js'
export type { AbstractModelOptions } from './crud/abstract-model.js'
export { MAX_PARAMETERS, type BulkReturning, type InsertManyOptions } from './crud/bulk-insert.js'
export type { ConflictOptions } from './crud/conflict.js'
export type { ModelRegistry, RegisteredModel } from './model/model-registry.js'
export { ModelAlias } from './model/alias.js'
export type { Joinable, JoinOn, JoinRef } from './model/join.js'
export {
  index,
  unique,
  check,
  foreignKey,
  IndexBuilder,
  UniqueBuilder,
  CheckBuilder,
  ForeignKeyBuilder,
  type IndexDefinition,
  type IndexMethod,
  type UniqueDefinition,
  type CheckDefinition,
  type ForeignKeyDefinition,
  type ForeignKeyTarget,
  type ReferencedTable,
} from './model/table-options.js'
export {
  prop,
  JsonProperty,
  type JsonPropertyKind,
  type JsonPropertySpec,
  type NoProperties,
  type PropertyMap,
  type PropertyValue,
} from './model/json-property.js'
export type { PropertyExpressions } from './model/json-properties.js'
export type { CreateTableOptions, DropTableOptions } from './schema/table-operations.js'
export type { SchemaOptions } from './schema/create-all.js'
export { EnumType, type EnumTypeOptions } from './schema/enum-type.js'
export { Sequence, type SequenceDdlOptions, type SequenceOptions } from './schema/sequence.js'

// Loaders: rows into object graphs.
export { Loader } from './loader/loader.js'
export { ModelLoader, AliasLoader, type ModelSource, type SubLoaders } from './loader/model-loader.js'
export { ColumnLoader, field } from './loader/column-loader.js'
export { TupleLoader } from './loader/tuple-loader.js'
export { CallableLoader, callable, type LoaderFunction, type LoaderRow } from './loader/callable-loader.js'
export { ValueLoader, value } from './loader/value-loader.js'
export { ManyLoader } from './loader/many-loader.js'
export { toLoader, tuple, many, type AttributesOfModel } from './loader/to-loader.js'
export { withLoader, type LoadQuery } from './loader/load-query.js'
export type {
  AliasTables,
  JoinedDb,
  JoinedTables,
  Loaded,
  ModelClassLike,
  ModelTables,
  NoTables,
  NullableTables,
  WithSubs,
} from './loader/loader-types.js'

// The registration point of the framework integrations (`declare module '@gino-ts/core'`).
export type { GinoRegister, RegisteredGino } from './integration/gino-instance.js'
