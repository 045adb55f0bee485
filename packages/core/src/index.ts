export { Gino } from './gino.js'
export { createEngine, Engine, type AcquireOptions, type ConnectionScope, type EngineTransactionOptions } from './engine/engine.js'
export {
  ENGINE_OPTION_NAMES,
  type EchoEntry,
  type EngineExecutionOptions,
  type EngineOptions,
  type Logger,
  type ResolvedEngineOptions,
} from './engine/options.js'
export { parseEngineUrl, redactUrl, type EngineTarget } from './engine/url.js'
export { sslFromMode, SSL_MODES, type SslFiles, type SslMode, type SslOption } from './engine/ssl-mode.js'
export { Connection, type ReleaseOptions } from './connection/connection.js'
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
  ParamsOf,
  StatusResult,
  TextQuery,
} from './execution/query-types.js'
export { text, TextClause, ParameterError, type SqlParams } from './execution/text.js'
export type { ParamNames } from './execution/param-names.js'
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
  ConnectionError,
  ConnectionReleasedError,
  type ConnectionTarget,
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
export type { DatabaseOf, TableModel } from './model/database-of.js'
export type { ColumnMap, CreateInput, KyselyTable, ModelDatabase, ModelRow, UpdateInput, ValueOrExpression } from './model/model-types.js'
export { LoaderPlugin } from './kysely/loader-plugin.js'
export { ModelAlias } from './model/alias.js'
export { inferJoinOn, joinModels, type Joinable, type JoinOn, type JoinRef } from './model/join.js'
export { resolveReference } from './model/references.js'
export type { TypedAlias, JoinTarget, JoinDatabase, JoinName } from './model/model.js'
export { sql } from 'kysely'
export * from './integration/index.js'
export type { EnumOptions } from './model/column-types.js'
export type { ColumnCodec, EnumTypeSpec, SequenceSource, SequenceSpec, ServerDefault } from './model/column.js'
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
  type PropertyMap,
  type PropertyValue,
} from './model/json-property.js'
export type { PropertyExpressions } from './model/json-properties.js'
export { AbstractModelError, JsonPropertyError, ModelDefinitionError, type JsonPropertyErrorCode } from './model/model-errors.js'
export type { ForeignKeyMeta, ForeignKeyTargetMeta, IndexMeta, PropertyMeta, UniqueMeta } from './model/model-meta.js'
export {
  MODEL_TYPES,
  type AttributesOf,
  type ColumnKey,
  type ModelAttributes,
  type ModelTypes,
  type PropertyNameOf,
  type PropertyRow,
  type TableOf,
  type TypedInstance,
  type UpdateInputOf,
} from './model/model-types.js'
export type { AbstractModelClass, AbstractModelStatics, InstanceQuery, MergeColumns, SelectedRow, UpsertOptions } from './model/model-class.js'
export type { AbstractModelOptions } from './model/abstract-model.js'
export { MAX_PARAMETERS, type InsertManyOptions } from './model/bulk-insert.js'
export type { ConflictOptions } from './model/conflict.js'
export { ModelRegistry, type RegisteredModel } from './model/model-registry.js'
export type { CreateTableOptions, DropTableOptions } from './schema/table-operations.js'
export type { SchemaOptions } from './schema/create-all.js'
export { EnumType, type EnumTypeOptions } from './schema/enum-type.js'
export { Sequence, type SequenceDdlOptions, type SequenceOptions } from './schema/sequence.js'
export { Loader } from './loader/loader.js'
export { LoaderError, type LoaderErrorCode } from './loader/loader-error.js'
export { ModelLoader, AliasLoader, type ModelSource, type SubLoaders } from './loader/model-loader.js'
export { ColumnLoader, field } from './loader/column-loader.js'
export { TupleLoader } from './loader/tuple-loader.js'
export { CallableLoader, callable, type LoaderFunction, type LoaderRow } from './loader/callable-loader.js'
export { ValueLoader, value } from './loader/value-loader.js'
export { ManyLoader } from './loader/many-loader.js'
export { toLoader, tuple, many, type AttributesOfModel } from './loader/to-loader.js'
export { withLoader, type LoadQuery } from './loader/load-query.js'
export type { AliasTables, JoinedDb, JoinedTables, Loaded, ModelClassLike, ModelTables, NoTables, NullableTables, WithSubs } from './loader/loader-types.js'
export type { ColumnServerOptional } from './model/column.js'
export type { NoProperties } from './model/json-property.js'
export {
  DEFAULT_SHUTDOWN_GRACE_MS,
  gracefulShutdown,
  type GracefulShutdown,
  type GracefulShutdownOptions,
  type ShutdownResult,
} from './server/graceful-shutdown.js'
