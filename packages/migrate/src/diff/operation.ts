/** What an operation does, for tools reading `--json`. */
export type OperationKind =
  | 'createSchema'
  | 'dropSchema'
  | 'createEnum'
  | 'addEnumValue'
  | 'recreateEnum'
  | 'dropEnum'
  | 'renameTable'
  | 'renameColumn'
  | 'createTable'
  | 'dropTable'
  | 'addColumn'
  | 'dropColumn'
  | 'alterColumn'
  | 'addConstraint'
  | 'dropConstraint'
  | 'renameConstraint'
  | 'createIndex'
  | 'dropIndex'
  | 'renameIndex'
  | 'comment'

/** One step of a migration: a summary and the SQL statements that perform it. */
export interface Operation {
  readonly kind: OperationKind
  /** A one-line description, e.g. `add column public.users.email`. */
  readonly summary: string
  readonly statements: readonly string[]
  /** Set when the step destroys data (drop table/column, narrowing type change, ...). */
  readonly dataLoss?: string
  /** Set when the step may fail on existing data (NOT NULL without a default, ...). */
  readonly warning?: string
}

/** The result of comparing two snapshots. */
export interface SchemaDiff {
  /** Steps turning the first snapshot into the second, in a safe order. */
  readonly operations: readonly Operation[]
  /** Possible renames seen as drop+add, and other things to review. */
  readonly warnings: readonly string[]
}
