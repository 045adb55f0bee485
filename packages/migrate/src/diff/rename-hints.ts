import { MigrationError } from '../errors.js'
import type { SchemaSnapshot, TableSnapshot } from '../snapshot/schema-snapshot.js'

/** An explicit rename: what a drop+add really is. */
export type RenameHint =
  | { readonly kind: 'table'; readonly schema: string; readonly from: string; readonly to: string }
  | {
      readonly kind: 'column'
      readonly schema: string
      /** The table's name before any table rename. */
      readonly table: string
      readonly from: string
      readonly to: string
    }

const NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/

function findTables(snapshot: SchemaSnapshot, name: string, schema?: string): TableSnapshot[] {
  return snapshot.tables.filter(
    (table) => table.name === name && (schema === undefined || table.schema === schema),
  )
}

/**
 * Parses `--rename` hints against the database snapshot: `table.old=new` /
 * `schema.table.old=new` rename a column, `old=new` / `schema.old=new` a table.
 *
 * @example
 * ```ts
 * parseRenames(['users.fullname=full_name'], current) // [{ kind: 'column', schema: 'public', table: 'users', ... }]
 * ```
 */
export function parseRenames(hints: readonly string[], from: SchemaSnapshot): RenameHint[] {
  return hints.map((hint) => {
    const match = /^([^=]+)=([^=]+)$/.exec(hint.trim())
    const left = match?.[1]?.split('.') ?? []
    const to = match?.[2] ?? ''
    if (
      match === null ||
      !NAME.test(to) ||
      left.length > 3 ||
      !left.every((part) => NAME.test(part))
    ) {
      throw new MigrationError(
        'INVALID_RENAME',
        `Invalid rename hint "${hint}": expected table.old_column=new_column or old_table=new_table.`,
      )
    }
    const unique = (tables: TableSnapshot[], what: string): TableSnapshot => {
      if (tables.length === 1) return tables[0]!
      throw new MigrationError(
        'INVALID_RENAME',
        tables.length === 0
          ? `Rename hint "${hint}": the database has no table ${what}.`
          : `Rename hint "${hint}": table ${what} exists in several schemas; prefix the schema.`,
      )
    }
    if (left.length === 3) {
      const table = unique(findTables(from, left[1]!, left[0]), `${left[0]}.${left[1]}`)
      return { kind: 'column', schema: table.schema, table: table.name, from: left[2]!, to }
    }
    if (left.length === 2) {
      const withColumn = findTables(from, left[0]!).filter((table) =>
        table.columns.some((column) => column.name === left[1]),
      )
      if (withColumn.length > 0) {
        const table = unique(withColumn, left[0]!)
        return { kind: 'column', schema: table.schema, table: table.name, from: left[1]!, to }
      }
      const table = unique(findTables(from, left[1]!, left[0]), `${left[0]}.${left[1]}`)
      return { kind: 'table', schema: table.schema, from: table.name, to }
    }
    const table = unique(findTables(from, left[0]!), left[0]!)
    return { kind: 'table', schema: table.schema, from: table.name, to }
  })
}

/** The hints of the opposite direction (for `down`). */
export function invertRenames(hints: readonly RenameHint[]): RenameHint[] {
  const tableRenames = new Map(
    hints
      .filter((hint) => hint.kind === 'table')
      .map((hint) => [`${hint.schema}.${hint.from}`, hint.to]),
  )
  return hints.map((hint) =>
    hint.kind === 'table'
      ? { ...hint, from: hint.to, to: hint.from }
      : {
          ...hint,
          table: tableRenames.get(`${hint.schema}.${hint.table}`) ?? hint.table,
          from: hint.to,
          to: hint.from,
        },
  )
}
