/**
 * The public surface of @gino-ts/core, pinned: the main entry (what applications use) and
 * `@gino-ts/core/integration` (what the framework packages use). Adding or removing a name
 * fails here first, so a change to the public API is a deliberate one: update the list,
 * the README and the changelog together. Internals (loader hooks, metadata accessors,
 * the Kysely plugin) must not appear.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

const MAIN_VALUES = [
  'BakedQuery',
  'EnumType',
  'PreparedStatementError',
  'Sequence',
  'AbstractModelError',
  'AliasLoader',
  'CallableLoader',
  'CheckBuilder',
  'ColumnBuilder',
  'ColumnLoader',
  'Connection',
  'ConnectionError',
  'ConnectionReleasedError',
  'Cursor',
  'DEFAULT_SHUTDOWN_GRACE_MS',
  'DatabaseNotAllowedError',
  'DatabaseNotConfiguredError',
  'DatabaseUnavailableError',
  'Engine',
  'EngineClosedError',
  'ForeignKeyBuilder',
  'Gino',
  'GinoError',
  'GinoHttpError',
  'IndexBuilder',
  'InvalidDsnError',
  'InvalidOptionError',
  'JsonProperty',
  'JsonPropertyError',
  'Loader',
  'LoaderError',
  'MAX_PARAMETERS',
  'ManyLoader',
  'MissingDependencyError',
  'ModelAlias',
  'ModelBase',
  'ModelDefinitionError',
  'ModelLoader',
  'MultipleResultsError',
  'NoResultError',
  'NoSuchRowError',
  'NotFoundError',
  'ParameterError',
  'PoolTimeoutError',
  'QueryError',
  'QueryMethods',
  'QueryTimeoutError',
  'SchemaNotAllowedError',
  'TRACING_CHANNELS',
  'TextClause',
  'Transaction',
  'TransactionError',
  'TupleLoader',
  'UninitializedError',
  'UniqueBuilder',
  'UnsupportedError',
  'UpdateRequest',
  'ValueLoader',
  'callable',
  'check',
  'column',
  'createEngine',
  'field',
  'foreignKey',
  'gracefulShutdown',
  'index',
  'many',
  'prop',
  'redactUrl',
  'sql',
  'sslFromMode',
  'text',
  'toLoader',
  'tuple',
  'unique',
  'value',
  'withLoader',
]
const MAIN_TYPES = [
  'AcquireTraceContext',
  'ConnectTraceContext',
  'QueryTraceContext',
  'TraceContextBase',
  'TransactionTraceContext',
  'BakeableQuery',
  'BakedOptions',
  'BakedRow',
  'BulkReturning',
  'ColumnCodec',
  'EngineExecutionOptions',
  'EngineStats',
  'EngineTransactionOptions',
  'EnumTypeOptions',
  'ExecManyArgs',
  'InstanceQuery',
  'PropertyNameOf',
  'ReleaseOptions',
  'SelectedRow',
  'SequenceDdlOptions',
  'SequenceOptions',
  'SequenceSource',
  'SequenceSpec',
  'TableOf',
  'AbstractModelClass',
  'AbstractModelOptions',
  'AbstractModelStatics',
  'AcquireOptions',
  'AliasTables',
  'AttributesOf',
  'AttributesOfModel',
  'CheckDefinition',
  'ColumnDbName',
  'ColumnKey',
  'ColumnMap',
  'ColumnMeta',
  'ColumnOptional',
  'ColumnRef',
  'ColumnRefs',
  'ColumnServerOptional',
  'ColumnSpec',
  'ColumnValue',
  'ConflictOptions',
  'ConnectionScope',
  'ConnectionTarget',
  'CreateInput',
  'CreateTableOptions',
  'CrudOptions',
  'DatabaseOf',
  'DropTableOptions',
  'EchoEntry',
  'EngineOptions',
  'EnumOptions',
  'EnumTypeSpec',
  'ExecArgs',
  'ExecOptions',
  'FieldInfo',
  'ForeignKeyDefinition',
  'ForeignKeyMeta',
  'ForeignKeyTarget',
  'ForeignKeyTargetMeta',
  'GinoDatabase',
  'GinoRegister',
  'GracefulShutdown',
  'GracefulShutdownOptions',
  'Ident',
  'IndexDefinition',
  'IndexMeta',
  'IndexMethod',
  'InsertManyOptions',
  'IsolationLevel',
  'IterateOptions',
  'JoinDatabase',
  'JoinName',
  'JoinOn',
  'JoinRef',
  'JoinTarget',
  'Joinable',
  'JoinedDb',
  'JoinedTables',
  'JsonPropertyErrorCode',
  'JsonPropertyKind',
  'JsonPropertySpec',
  'KyselyTable',
  'LoadArgs',
  'LoadOptions',
  'LoadQuery',
  'Loaded',
  'LoadedOf',
  'LoaderErrorCode',
  'LoaderFunction',
  'LoaderRow',
  'LoaderSource',
  'Logger',
  'MergeColumns',
  'ModelAttributes',
  'ModelClass',
  'ModelClassLike',
  'ModelDatabase',
  'ModelInstance',
  'ModelMeta',
  'ModelOptions',
  'ModelRegistry',
  'ModelRow',
  'ModelSource',
  'ModelStatics',
  'ModelTables',
  'ModelTypes',
  'NoProperties',
  'NoTables',
  'NullableTables',
  'ParamNames',
  'ParamsOf',
  'PoolStats',
  'PropertyExpressions',
  'PropertyMap',
  'PropertyMeta',
  'PropertyRow',
  'PropertyValue',
  'Query',
  'ReferenceTarget',
  'ReferencedTable',
  'ReferentialAction',
  'RegisteredGino',
  'RegisteredModel',
  'ResolvedEngineOptions',
  'RowMode',
  'RowOf',
  'SchemaOptions',
  'ServerDefault',
  'ShutdownResult',
  'SqlParams',
  'SslFiles',
  'SslMode',
  'SslOption',
  'StatusResult',
  'SubLoaders',
  'TableModel',
  'TextQuery',
  'TransactionOptions',
  'TypedAlias',
  'TypedInstance',
  'UniqueDefinition',
  'UniqueMeta',
  'UpdateInput',
  'UpdateInputOf',
  'UpsertOptions',
  'ValueOrExpression',
  'WithSubs',
]
const INTEGRATION_VALUES = [
  'DATABASE_ENV_VARIABLES',
  'DatabaseNotAllowedError',
  'DatabaseNotConfiguredError',
  'DatabaseUnavailableError',
  'EngineCache',
  'GinoHttpError',
  'GinoIntegration',
  'NotFoundError',
  'RequestScope',
  'SchemaNotAllowedError',
  'connectEngine',
  'consoleLogger',
  'currentRequestScope',
  'databaseUrl',
  'echoToLogger',
  'firstOr404',
  'getOr404',
  'resolveDatabases',
  'resolveGinoConfig',
  'resolveSchemas',
  'responseEnded',
  'retryDelay',
  'runRequestTransaction',
  'selectDatabase',
  'selectSchema',
  'shouldCommit',
]
const INTEGRATION_TYPES = [
  'AdmittedRequest',
  'AllowList',
  'ConfigEnv',
  'ConnectOptions',
  'DatabasesOptions',
  'DatabasesSettings',
  'EngineCacheStats',
  'EngineLease',
  'FailureBackoff',
  'Gettable',
  'GinoConfig',
  'GinoConfigOptions',
  'GinoInstance',
  'GinoIntegrationOptions',
  'GinoRegister',
  'IntegrationLogger',
  'ModelLike',
  'RegisteredGino',
  'RequestEntry',
  'RequestHeaders',
  'RequestOutcome',
  'RequestScopeInit',
  'RequestSelector',
  'ResponseLike',
  'SchemasOptions',
  'SchemasSettings',
]

/** Every exported name of an entry file, split into values and type-only names. */
function exportsOf(entries: readonly string[]): Map<string, { values: string[]; types: string[] }> {
  const program = ts.createProgram(
    entries.map((entry) => join(root, entry)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    },
  )
  const checker = program.getTypeChecker()
  const result = new Map<string, { values: string[]; types: string[] }>()
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(join(root, entry))!)!
    const symbols = checker.getExportsOfModule(module)
    const isValue = (symbol: ts.Symbol): boolean => {
      // `export type { SomeClass }` exports a type only, though its target is also a value.
      if (
        symbol.declarations?.some((declaration) =>
          ts.isTypeOnlyImportOrExportDeclaration(declaration),
        )
      )
        return false
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
      return (target.flags & ts.SymbolFlags.Value) !== 0
    }
    result.set(entry, {
      values: symbols
        .filter(isValue)
        .map((symbol) => symbol.name)
        .sort(),
      types: symbols
        .filter((symbol) => !isValue(symbol))
        .map((symbol) => symbol.name)
        .sort(),
    })
  }
  return result
}

const sorted = (names: readonly string[]): string[] => [...names].sort()

describe('public API', () => {
  it('the main entry exports exactly the listed values at run time', async () => {
    const entry = await import('../src/index.js')
    expect(Object.keys(entry).sort()).toEqual(sorted(MAIN_VALUES))
  })

  it('the integration entry exports exactly the listed values at run time', async () => {
    const entry = await import('../src/integration/index.js')
    expect(Object.keys(entry).sort()).toEqual(sorted(INTEGRATION_VALUES))
  })

  it('both entries export exactly the listed types', { timeout: 60_000 }, () => {
    const entries = exportsOf(['src/index.ts', 'src/integration/index.ts'])
    expect(entries.get('src/index.ts')).toEqual({
      values: sorted(MAIN_VALUES),
      types: sorted(MAIN_TYPES),
    })
    expect(entries.get('src/integration/index.ts')).toEqual({
      values: sorted(INTEGRATION_VALUES),
      types: sorted(INTEGRATION_TYPES),
    })
  })

  it('keeps internals out of the main entry', async () => {
    const entry: Record<string, unknown> = await import('../src/index.js')
    for (const internal of [
      'TO_LOADER',
      'MODEL_META',
      'metaOf',
      'resolveReference',
      'inferJoinOn',
      'LoaderPlugin',
      'GinoDialect',
    ]) {
      expect(entry[internal], internal).toBeUndefined()
    }
  })

  it('package.json maps each entry to its built files, types first', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, Record<string, string> | string>
    }
    expect(Object.keys(manifest.exports)).toEqual(['.', './integration', './package.json'])
    expect(manifest.exports['.']).toEqual({
      types: './dist/index.d.ts',
      import: './dist/index.js',
      default: './dist/index.js',
    })
    expect(manifest.exports['./integration']).toEqual({
      types: './dist/integration/index.d.ts',
      import: './dist/integration/index.js',
      default: './dist/integration/index.js',
    })
    expect(Object.keys(manifest.exports['.'] as object)[0]).toBe('types')
  })
})
