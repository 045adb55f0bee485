/**
 * A normalized description of a database schema, read from `pg_catalog` (see
 * `introspect()`): the same shape for the live database and for the models (which are
 * materialized with `createAll()` in a shadow database, then read back). Two snapshots
 * are compared with `diffSnapshots()`; `comparableSnapshot()` gives a form where column
 * order does not matter, for equality checks.
 */
export interface SchemaSnapshot {
  /** User schemas (`public` included), sorted. */
  readonly schemas: readonly string[]
  /** Enum types, sorted by schema then name. */
  readonly enums: readonly EnumSnapshot[]
  /** Ordinary and partitioned tables, sorted by schema then name. */
  readonly tables: readonly TableSnapshot[]
}

/** A PostgreSQL enum type with its values in sort order. */
export interface EnumSnapshot {
  readonly schema: string
  readonly name: string
  readonly values: readonly string[]
}

/** One column, as the catalog describes it. */
export interface ColumnSnapshot {
  readonly name: string
  /** `format_type()`: `integer`, `character varying(255)`, `mood[]`, `app.mood`. */
  readonly type: string
  readonly nullable: boolean
  /** `pg_get_expr()` of the default; `null` for none and for serial columns. */
  readonly default: string | null
  readonly identity: 'always' | 'by default' | null
  /** Set when the default is `nextval()` of a sequence owned by the column. */
  readonly serial: 'smallserial' | 'serial' | 'bigserial' | null
  readonly comment: string | null
}

/** A primary key, unique or check constraint. */
export interface ConstraintSnapshot {
  readonly name: string
  /** Constrained columns (empty for checks). */
  readonly columns: readonly string[]
  /** `pg_get_constraintdef()`: `UNIQUE (email)`, `CHECK ((price >= 0))`. */
  readonly definition: string
}

/** A foreign key constraint. */
export interface ForeignKeySnapshot {
  readonly name: string
  readonly columns: readonly string[]
  readonly refSchema: string
  readonly refTable: string
  readonly refColumns: readonly string[]
  readonly onDelete: ReferentialActionName
  readonly onUpdate: ReferentialActionName
}

/** Referential actions as SQL writes them. */
export type ReferentialActionName =
  'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT'

/** An index that backs no constraint. */
export interface IndexSnapshot {
  readonly name: string
  readonly unique: boolean
  /** Access method: `btree`, `gin`, ... */
  readonly method: string
  /** Key columns in order; `null` marks an expression. */
  readonly columns: ReadonlyArray<string | null>
  /** Partial index predicate, or `null`. */
  readonly where: string | null
  /** `pg_get_indexdef()`, the full `CREATE INDEX` statement. */
  readonly definition: string
}

/** A table with everything attached to it. */
export interface TableSnapshot {
  readonly schema: string
  readonly name: string
  readonly comment: string | null
  /** Columns in their physical order. */
  readonly columns: readonly ColumnSnapshot[]
  readonly primaryKey: ConstraintSnapshot | null
  readonly uniques: readonly ConstraintSnapshot[]
  readonly checks: readonly ConstraintSnapshot[]
  readonly foreignKeys: readonly ForeignKeySnapshot[]
  readonly indexes: readonly IndexSnapshot[]
}

/**
 * The snapshot with columns sorted by name: PostgreSQL appends added columns, so a
 * migrated table and a freshly created one may differ only in column order.
 *
 * @example
 * ```ts
 * expect(comparableSnapshot(await introspect(migrated))).toEqual(comparableSnapshot(await introspect(fresh)))
 * ```
 */
export function comparableSnapshot(snapshot: SchemaSnapshot): SchemaSnapshot {
  return {
    ...snapshot,
    tables: snapshot.tables.map((table) => ({
      ...table,
      columns: [...table.columns].sort((a, b) => compareText(a.name, b.name)),
    })),
  }
}

/** Locale-independent string order. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** `schema.name`, for keys and messages. */
export function qualifiedName(item: { readonly schema: string; readonly name: string }): string {
  return `${item.schema}.${item.name}`
}
