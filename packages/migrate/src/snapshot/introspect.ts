import { type QueryMethods, sql } from '@gino-ts/core'
import {
  type ColumnSnapshot,
  type ConstraintSnapshot,
  compareText,
  type EnumSnapshot,
  type ForeignKeySnapshot,
  type IndexSnapshot,
  type ReferentialActionName,
  type SchemaSnapshot,
  type TableSnapshot,
} from './schema-snapshot.js'

/** What `introspect()` leaves out. */
export interface IntrospectOptions {
  /** Tables to skip, as `schema.table` (the migrations table, tables managed elsewhere). */
  readonly ignoreTables?: readonly string[]
  /** Schemas to skip entirely. */
  readonly ignoreSchemas?: readonly string[]
}

// Objects of the system and of extensions are never part of the application's schema.
const USER_NAMESPACE = sql`left(n.nspname, 3) <> 'pg_' AND n.nspname <> 'information_schema'`
const NOT_FROM_EXTENSION = (catalog: string, oid: string) =>
  sql`NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = ${sql.lit(catalog)}::regclass AND e.objid = ${sql.raw(oid)} AND e.deptype = 'e')`
const USER_TABLE = sql`c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${USER_NAMESPACE} AND ${NOT_FROM_EXTENSION('pg_catalog.pg_class', 'c.oid')}`

interface TableRow {
  schema: string
  table: string
  comment: string | null
}
interface ColumnRow extends TableRow {
  name: string
  type: string
  nullable: boolean
  default: string | null
  identity: string
  owns_sequence: boolean
}
interface ConstraintRow {
  schema: string
  table: string
  name: string
  type: 'p' | 'u' | 'c' | 'f'
  definition: string
  columns: string[] | null
  ref_schema: string | null
  ref_table: string | null
  ref_columns: string[] | null
  on_delete: string
  on_update: string
}
interface IndexRow {
  schema: string
  table: string
  name: string
  unique: boolean
  method: string
  definition: string
  where: string | null
  columns: Array<string | null> | null
}

const ACTIONS: Record<string, ReferentialActionName> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
}

const SERIALS: Record<string, ColumnSnapshot['serial']> = {
  smallint: 'smallserial',
  integer: 'serial',
  bigint: 'bigserial',
}

/**
 * Reads the schema of the database behind `runner` from `pg_catalog`: schemas, enums,
 * tables, columns (type, nullability, default, identity, serial), primary keys, unique,
 * check and foreign key constraints, indexes that back no constraint, comments.
 *
 * @example
 * ```ts
 * const snapshot = await introspect(engine, { ignoreTables: ['public.gino_migrations'] })
 * console.log(snapshot.tables.map((table) => table.name))
 * ```
 */
export async function introspect(
  runner: QueryMethods,
  options: IntrospectOptions = {},
): Promise<SchemaSnapshot> {
  const ignoredSchemas = new Set(options.ignoreSchemas ?? [])
  const ignoredTables = new Set(options.ignoreTables ?? [])
  const keep = (row: { schema: string; table: string }): boolean =>
    !ignoredSchemas.has(row.schema) && !ignoredTables.has(`${row.schema}.${row.table}`)

  const schemaRows = await runner.all(sql<{ name: string }>`
    SELECT n.nspname AS name FROM pg_catalog.pg_namespace n
    WHERE ${USER_NAMESPACE} AND ${NOT_FROM_EXTENSION('pg_catalog.pg_namespace', 'n.oid')}`)
  const enumRows = await runner.all(sql<{ schema: string; name: string; values: string[] }>`
    SELECT n.nspname AS schema, t.typname AS name,
      json_agg(e.enumlabel ORDER BY e.enumsortorder) AS values
    FROM pg_catalog.pg_type t
    JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
    JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
    WHERE ${USER_NAMESPACE} AND ${NOT_FROM_EXTENSION('pg_catalog.pg_type', 't.oid')}
    GROUP BY n.nspname, t.typname`)
  const tableRows = await runner.all(sql<TableRow>`
    SELECT n.nspname AS schema, c.relname AS table, obj_description(c.oid, 'pg_class') AS comment
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_TABLE}`)
  const columnRows = await runner.all(sql<ColumnRow>`
    SELECT n.nspname AS schema, c.relname AS table, a.attname AS name,
      format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
      pg_get_expr(ad.adbin, ad.adrelid) AS default, a.attidentity::text AS identity,
      col_description(c.oid, a.attnum) AS comment,
      EXISTS (
        SELECT 1 FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class s ON s.oid = d.objid
        WHERE d.classid = 'pg_catalog.pg_class'::regclass AND s.relkind = 'S'
          AND d.refobjid = c.oid AND d.refobjsubid = a.attnum AND d.deptype = 'a'
      ) AS owns_sequence
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped AND ${USER_TABLE}
    ORDER BY n.nspname, c.relname, a.attnum`)
  const constraintRows = await runner.all(sql<ConstraintRow>`
    SELECT n.nspname AS schema, c.relname AS table, k.conname AS name, k.contype::text AS type,
      pg_get_constraintdef(k.oid) AS definition,
      (SELECT json_agg(a.attname ORDER BY u.ord) FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum) AS columns,
      fn.nspname AS ref_schema, f.relname AS ref_table,
      (SELECT json_agg(a.attname ORDER BY u.ord) FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum) AS ref_columns,
      k.confdeltype::text AS on_delete, k.confupdtype::text AS on_update
    FROM pg_catalog.pg_constraint k
    JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_class f ON f.oid = k.confrelid
    LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace
    WHERE k.contype IN ('p', 'u', 'c', 'f') AND ${USER_TABLE}`)
  const indexRows = await runner.all(sql<IndexRow>`
    SELECT n.nspname AS schema, c.relname AS table, i.relname AS name, x.indisunique AS unique,
      am.amname AS method, pg_get_indexdef(x.indexrelid) AS definition,
      pg_get_expr(x.indpred, x.indrelid) AS where,
      (SELECT json_agg(a.attname ORDER BY u.ord) FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS u(attnum, ord)
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.attnum
        WHERE u.ord <= x.indnkeyatts) AS columns
    FROM pg_catalog.pg_index x
    JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
    JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_catalog.pg_am am ON am.oid = i.relam
    WHERE ${USER_TABLE} AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_constraint k
      WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x')
    )`)

  const key = (row: { schema: string; table: string }): string => `${row.schema}\u0000${row.table}`
  const group = <R extends { schema: string; table: string }>(
    rows: readonly R[],
  ): Map<string, R[]> => {
    const groups = new Map<string, R[]>()
    for (const row of rows) {
      const list = groups.get(key(row))
      if (list === undefined) groups.set(key(row), [row])
      else list.push(row)
    }
    return groups
  }
  const columnsOf = group(columnRows)
  const constraintsOf = group(constraintRows)
  const indexesOf = group(indexRows)
  const byName = <T extends { name: string }>(items: T[]): T[] =>
    items.sort((a, b) => compareText(a.name, b.name))

  const tables: TableSnapshot[] = tableRows.filter(keep).map((row) => {
    const constraints = constraintsOf.get(key(row)) ?? []
    const plain = (type: ConstraintRow['type']): ConstraintSnapshot[] =>
      byName(
        constraints
          .filter((k) => k.type === type)
          .map((k) => ({ name: k.name, columns: k.columns ?? [], definition: k.definition })),
      )
    const foreignKeys: ForeignKeySnapshot[] = byName(
      constraints
        .filter((k) => k.type === 'f')
        .map((k) => ({
          name: k.name,
          columns: k.columns ?? [],
          refSchema: k.ref_schema ?? row.schema,
          refTable: k.ref_table ?? '',
          refColumns: k.ref_columns ?? [],
          onDelete: ACTIONS[k.on_delete] ?? 'NO ACTION',
          onUpdate: ACTIONS[k.on_update] ?? 'NO ACTION',
        })),
    )
    const indexes: IndexSnapshot[] = byName(
      (indexesOf.get(key(row)) ?? []).map((x) => ({
        name: x.name,
        unique: x.unique,
        method: x.method,
        columns: x.columns ?? [],
        where: x.where,
        definition: x.definition,
      })),
    )
    return {
      schema: row.schema,
      name: row.table,
      comment: row.comment,
      columns: (columnsOf.get(key(row)) ?? []).map(toColumn),
      primaryKey: plain('p')[0] ?? null,
      uniques: plain('u'),
      checks: plain('c'),
      foreignKeys,
      indexes,
    }
  })
  tables.sort((a, b) => compareText(a.schema, b.schema) || compareText(a.name, b.name))
  const enums: EnumSnapshot[] = enumRows
    .filter((row) => !ignoredSchemas.has(row.schema))
    .map((row) => ({ schema: row.schema, name: row.name, values: row.values }))
    .sort((a, b) => compareText(a.schema, b.schema) || compareText(a.name, b.name))
  const schemas = schemaRows
    .map((row) => row.name)
    .filter((name) => !ignoredSchemas.has(name))
    .sort(compareText)
  return { schemas, enums, tables }
}

function toColumn(row: ColumnRow): ColumnSnapshot {
  const serial =
    row.owns_sequence && row.default?.startsWith('nextval(') ? (SERIALS[row.type] ?? null) : null
  return {
    name: row.name,
    type: row.type,
    nullable: row.nullable,
    default: serial === null ? row.default : null,
    identity: row.identity === 'a' ? 'always' : row.identity === 'd' ? 'by default' : null,
    serial,
    comment: row.comment,
  }
}
