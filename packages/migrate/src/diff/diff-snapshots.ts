import {
  type ColumnSnapshot,
  type ConstraintSnapshot,
  type EnumSnapshot,
  type ForeignKeySnapshot,
  type IndexSnapshot,
  qualifiedName,
  type SchemaSnapshot,
  type TableSnapshot,
} from '../snapshot/schema-snapshot.js'
import type { Operation, SchemaDiff } from './operation.js'
import type { RenameHint } from './rename-hints.js'
import { ident, literal, qualified } from './sql-text.js'

/** Options of `diffSnapshots()`. */
export interface DiffOptions {
  /** Explicit renames (see `parseRenames()`); otherwise a rename is a drop and an add. */
  readonly renames?: readonly RenameHint[]
}

const tableKey = (table: { schema: string; name: string }): string => qualifiedName(table)
const sameList = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i])

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]))
}

/** Pairs dropped and added items of the same shape: those are renames. */
function pairRenamed<T>(
  dropped: readonly T[],
  added: readonly T[],
  shape: (item: T) => string,
): { renamed: Array<[T, T]>; dropped: T[]; added: T[] } {
  const left = [...added]
  const renamed: Array<[T, T]> = []
  const stillDropped: T[] = []
  for (const item of dropped) {
    const at = left.findIndex((candidate) => shape(candidate) === shape(item))
    if (at < 0) stillDropped.push(item)
    else renamed.push([item, left.splice(at, 1)[0]!])
  }
  return { renamed, dropped: stillDropped, added: left }
}

/** An index definition without its own and its table's names. */
function indexShape(definition: string): string {
  return definition.replace(
    /^(CREATE (?:UNIQUE )?INDEX )("(?:[^"]|"")+"|\S+)( ON (?:ONLY )?)("(?:[^"]|"")+"|\S+)\.("(?:[^"]|"")+"|\S+)/,
    '$1_$3_',
  )
}

/** Applies rename hints to a snapshot, returning the renamed snapshot and the steps. */
function applyRenames(
  from: SchemaSnapshot,
  hints: readonly RenameHint[],
): { snapshot: SchemaSnapshot; operations: Operation[] } {
  const operations: Operation[] = []
  let tables = [...from.tables]
  for (const hint of hints.filter((h) => h.kind === 'column')) {
    const table = tables.find((t) => t.schema === hint.schema && t.name === hint.table)
    if (table === undefined || !table.columns.some((c) => c.name === hint.from)) continue
    const rename = (name: string | null): string | null => (name === hint.from ? hint.to : name)
    const renameAll = (names: readonly string[]): string[] => names.map((n) => rename(n)!)
    tables = tables.map((t) => {
      const own = t === table
      return {
        ...t,
        columns: own ? t.columns.map((c) => ({ ...c, name: rename(c.name)! })) : t.columns,
        primaryKey:
          own && t.primaryKey !== null
            ? { ...t.primaryKey, columns: renameAll(t.primaryKey.columns) }
            : t.primaryKey,
        uniques: own ? t.uniques.map((u) => ({ ...u, columns: renameAll(u.columns) })) : t.uniques,
        indexes: own ? t.indexes.map((x) => ({ ...x, columns: x.columns.map(rename) })) : t.indexes,
        foreignKeys: t.foreignKeys.map((fk) => ({
          ...fk,
          columns: own ? renameAll(fk.columns) : fk.columns,
          refColumns:
            fk.refSchema === table.schema && fk.refTable === table.name
              ? renameAll(fk.refColumns)
              : fk.refColumns,
        })),
      }
    })
    operations.push({
      kind: 'renameColumn',
      summary: `rename column ${hint.schema}.${hint.table}.${hint.from} to ${hint.to}`,
      statements: [
        `ALTER TABLE ${qualified(hint.schema, hint.table)} RENAME COLUMN ${ident(hint.from)} TO ${ident(hint.to)}`,
      ],
    })
  }
  for (const hint of hints.filter((h) => h.kind === 'table')) {
    if (!tables.some((t) => t.schema === hint.schema && t.name === hint.from)) continue
    tables = tables.map((t) => ({
      ...t,
      name: t.schema === hint.schema && t.name === hint.from ? hint.to : t.name,
      foreignKeys: t.foreignKeys.map((fk) =>
        fk.refSchema === hint.schema && fk.refTable === hint.from
          ? { ...fk, refTable: hint.to }
          : fk,
      ),
    }))
    operations.push({
      kind: 'renameTable',
      summary: `rename table ${hint.schema}.${hint.from} to ${hint.to}`,
      statements: [`ALTER TABLE ${qualified(hint.schema, hint.from)} RENAME TO ${ident(hint.to)}`],
    })
  }
  return { snapshot: { ...from, tables }, operations }
}

function columnDefinition(column: ColumnSnapshot): string {
  let text = `${ident(column.name)} ${column.serial ?? column.type}`
  if (column.identity !== null)
    text += ` GENERATED ${column.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`
  if (!column.nullable) text += ' NOT NULL'
  if (column.default !== null) text += ` DEFAULT ${column.default}`
  return text
}

function foreignKeyDefinition(fk: ForeignKeySnapshot): string {
  let text = `FOREIGN KEY (${fk.columns.map(ident).join(', ')}) REFERENCES ${qualified(fk.refSchema, fk.refTable)} (${fk.refColumns.map(ident).join(', ')})`
  if (fk.onDelete !== 'NO ACTION') text += ` ON DELETE ${fk.onDelete}`
  if (fk.onUpdate !== 'NO ACTION') text += ` ON UPDATE ${fk.onUpdate}`
  return text
}

const sameForeignKey = (a: ForeignKeySnapshot, b: ForeignKeySnapshot): boolean =>
  sameList(a.columns, b.columns) &&
  a.refSchema === b.refSchema &&
  a.refTable === b.refTable &&
  sameList(a.refColumns, b.refColumns) &&
  a.onDelete === b.onDelete &&
  a.onUpdate === b.onUpdate

const sameConstraint = (a: ConstraintSnapshot, b: ConstraintSnapshot): boolean =>
  a.columns.length > 0 ? sameList(a.columns, b.columns) : a.definition === b.definition

const INTEGER_RANK: Record<string, number> = { smallint: 1, integer: 2, bigint: 3 }

/** True when every value of type `from` fits `to` unchanged. */
export function isWidening(from: string, to: string): boolean {
  if (from === to) return true
  const rankFrom = INTEGER_RANK[from]
  const rankTo = INTEGER_RANK[to]
  if (rankFrom !== undefined && rankTo !== undefined) return rankTo >= rankFrom
  if (rankFrom !== undefined && to === 'numeric') return true
  if (from === 'real' && to === 'double precision') return true
  const textual = /^(character varying|character)(\((\d+)\))?$/.exec(from)
  if (textual !== null) {
    if (to === 'text' || to === 'character varying') return true
    const target = /^character varying\((\d+)\)$/.exec(to)
    if (target !== null && textual[3] !== undefined) return Number(target[1]) >= Number(textual[3])
  }
  return from === 'text' && to === 'character varying'
}

function enumSpellings(type: EnumSnapshot): Set<string> {
  const names = [type.name, ident(type.name)]
  const spellings = new Set<string>()
  for (const name of names) {
    for (const prefix of ['', `${type.schema}.`, `${ident(type.schema)}.`]) {
      spellings.add(`${prefix}${name}`)
      spellings.add(`${prefix}${name}[]`)
    }
  }
  return spellings
}

function enumOperations(
  from: SchemaSnapshot,
  to: SchemaSnapshot,
): { early: Operation[]; late: Operation[] } {
  const early: Operation[] = []
  const late: Operation[] = []
  const before = byKey(from.enums, tableKey)
  const after = byKey(to.enums, tableKey)
  for (const [key, type] of after) {
    const old = before.get(key)
    const name = qualified(type.schema, type.name)
    if (old === undefined) {
      early.push({
        kind: 'createEnum',
        summary: `create enum ${key} (${type.values.join(', ')})`,
        statements: [`CREATE TYPE ${name} AS ENUM (${type.values.map(literal).join(', ')})`],
      })
      continue
    }
    if (sameList(old.values, type.values)) continue
    // Additions that keep the old order: ALTER TYPE ... ADD VALUE in place.
    const kept = type.values.filter((value) => old.values.includes(value))
    if (kept.length === old.values.length && sameList(kept, old.values)) {
      type.values.forEach((value, i) => {
        if (old.values.includes(value)) return
        const position =
          i > 0 ? ` AFTER ${literal(type.values[i - 1]!)}` : ` BEFORE ${literal(type.values[1]!)}`
        early.push({
          kind: 'addEnumValue',
          summary: `add value ${value} to enum ${key}`,
          statements: [`ALTER TYPE ${name} ADD VALUE ${literal(value)}${position}`],
          warning: `new value ${value} of enum ${key} cannot be used in the transaction that adds it: if this migration uses it (e.g. as a default), move that to a later migration`,
        })
      })
      continue
    }
    // Removed or reordered values: a new type, with every column cast over to it.
    const removed = old.values.filter((value) => !type.values.includes(value))
    const spellings = enumSpellings(type)
    const statements = [
      `ALTER TYPE ${name} RENAME TO ${ident(`${type.name}__old`)}`,
      `CREATE TYPE ${name} AS ENUM (${type.values.map(literal).join(', ')})`,
    ]
    for (const table of from.tables) {
      for (const column of table.columns) {
        if (!spellings.has(column.type)) continue
        const array = column.type.endsWith('[]')
        const target = `${name}${array ? '[]' : ''}`
        const alter = `ALTER TABLE ${qualified(table.schema, table.name)} ALTER COLUMN ${ident(column.name)}`
        if (column.default !== null) statements.push(`${alter} DROP DEFAULT`)
        statements.push(
          `${alter} TYPE ${target} USING ${ident(column.name)}::text${array ? '[]' : ''}::${target}`,
        )
        if (column.default !== null) statements.push(`${alter} SET DEFAULT ${column.default}`)
      }
    }
    statements.push(`DROP TYPE ${qualified(type.schema, `${type.name}__old`)}`)
    early.push({
      kind: 'recreateEnum',
      summary: `recreate enum ${key} (${type.values.join(', ')})`,
      statements,
      ...(removed.length > 0
        ? {
            dataLoss: `removes value(s) ${removed.join(', ')} of enum ${key}: fails while rows still hold them`,
          }
        : {}),
    })
  }
  for (const [key, type] of before) {
    if (after.has(key)) continue
    late.push({
      kind: 'dropEnum',
      summary: `drop enum ${key}`,
      statements: [`DROP TYPE ${qualified(type.schema, type.name)}`],
    })
  }
  return { early, late }
}

function alterColumn(table: TableSnapshot, a: ColumnSnapshot, b: ColumnSnapshot): Operation[] {
  const operations: Operation[] = []
  const where = `${tableKey(table)}.${b.name}`
  const alter = `ALTER TABLE ${qualified(table.schema, table.name)} ALTER COLUMN ${ident(b.name)}`
  const sequence = qualified(table.schema, `${table.name}_${b.name}_seq`)
  const baseOf = (column: ColumnSnapshot): string =>
    column.serial === 'smallserial'
      ? 'smallint'
      : column.serial === 'serial'
        ? 'integer'
        : column.serial === 'bigserial'
          ? 'bigint'
          : column.type
  const statements: string[] = []
  const typeChanged = baseOf(a) !== baseOf(b)
  const defaultChanged = a.default !== b.default || a.serial !== b.serial
  if (a.identity !== null && b.identity === null) statements.push(`${alter} DROP IDENTITY`)
  if ((a.default !== null || a.serial !== null) && (typeChanged || defaultChanged))
    statements.push(`${alter} DROP DEFAULT`)
  if (typeChanged)
    statements.push(`${alter} TYPE ${baseOf(b)} USING ${ident(b.name)}::${baseOf(b)}`)
  if (a.serial !== null && b.serial === null) statements.push(`DROP SEQUENCE IF EXISTS ${sequence}`)
  if (b.serial !== null) {
    if (a.serial === null) {
      statements.push(
        `CREATE SEQUENCE ${sequence} AS ${baseOf(b)} OWNED BY ${qualified(table.schema, table.name)}.${ident(b.name)}`,
        `SELECT setval(${literal(sequence)}, coalesce(max(${ident(b.name)}), 0) + 1, false) FROM ${qualified(table.schema, table.name)}`,
      )
    } else if (typeChanged) {
      statements.push(`ALTER SEQUENCE ${sequence} AS ${baseOf(b)}`)
    }
    if (defaultChanged || typeChanged)
      statements.push(`${alter} SET DEFAULT nextval(${literal(sequence)}::regclass)`)
  } else if (b.default !== null && (typeChanged || defaultChanged)) {
    statements.push(`${alter} SET DEFAULT ${b.default}`)
  }
  if (a.nullable && !b.nullable) statements.push(`${alter} SET NOT NULL`)
  if (!a.nullable && b.nullable && b.identity === null) statements.push(`${alter} DROP NOT NULL`)
  if (b.identity !== null && a.identity === null) {
    statements.push(
      `${alter} ADD GENERATED ${b.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`,
    )
  } else if (b.identity !== null && a.identity !== b.identity) {
    statements.push(`${alter} SET GENERATED ${b.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`)
  }
  if (statements.length > 0) {
    const changes = [
      typeChanged ? `type ${baseOf(a)} -> ${baseOf(b)}` : '',
      defaultChanged ? 'default' : '',
      a.nullable !== b.nullable ? (b.nullable ? 'drop not null' : 'set not null') : '',
      a.identity !== b.identity ? 'identity' : '',
    ].filter((text) => text !== '')
    operations.push({
      kind: 'alterColumn',
      summary: `alter column ${where}: ${changes.join(', ')}`,
      statements,
      ...(typeChanged && !isWidening(baseOf(a), baseOf(b))
        ? {
            dataLoss: `type change ${baseOf(a)} -> ${baseOf(b)} of ${where} may truncate values or fail`,
          }
        : {}),
      ...(a.nullable && !b.nullable
        ? { warning: `SET NOT NULL on ${where} fails while NULLs remain` }
        : {}),
    })
  }
  if (a.comment !== b.comment)
    operations.push(
      commentOperation(
        'COLUMN',
        `${qualified(table.schema, table.name)}.${ident(b.name)}`,
        where,
        b.comment,
      ),
    )
  return operations
}

function commentOperation(
  what: 'TABLE' | 'COLUMN',
  target: string,
  where: string,
  comment: string | null,
): Operation {
  return {
    kind: 'comment',
    summary: `comment on ${what.toLowerCase()} ${where}`,
    statements: [`COMMENT ON ${what} ${target} IS ${comment === null ? 'NULL' : literal(comment)}`],
  }
}

function createTableOperation(table: TableSnapshot): Operation {
  const lines = table.columns.map(columnDefinition)
  const constraints = [
    ...(table.primaryKey === null ? [] : [table.primaryKey]),
    ...table.uniques,
    ...table.checks,
  ]
  for (const constraint of constraints)
    lines.push(`CONSTRAINT ${ident(constraint.name)} ${constraint.definition}`)
  return {
    kind: 'createTable',
    summary: `create table ${tableKey(table)}`,
    statements: [
      `CREATE TABLE ${qualified(table.schema, table.name)} (\n  ${lines.join(',\n  ')}\n)`,
    ],
  }
}

/**
 * The steps turning the schema `from` (usually the live database) into `to` (usually the
 * models), in an order PostgreSQL accepts: schemas, renames, enums, dropped foreign keys,
 * indexes and constraints, dropped tables, new tables, column changes, new constraints
 * and indexes, new foreign keys, comments, dropped enums and schemas. `down` is
 * `diffSnapshots(to, from)` with the hints inverted.
 *
 * @example
 * ```ts
 * const { operations, warnings } = diffSnapshots(await introspect(engine), await modelSnapshot(db))
 * ```
 */
export function diffSnapshots(
  original: SchemaSnapshot,
  to: SchemaSnapshot,
  options: DiffOptions = {},
): SchemaDiff {
  const warnings: string[] = []
  const { snapshot: from, operations: renames } = applyRenames(original, options.renames ?? [])
  const fromTables = byKey(from.tables, tableKey)
  const toTables = byKey(to.tables, tableKey)
  const kept = [...toTables.values()].filter((table) => fromTables.has(tableKey(table)))
  const added = [...toTables.values()].filter((table) => !fromTables.has(tableKey(table)))
  const removed = [...fromTables.values()].filter((table) => !toTables.has(tableKey(table)))

  const schemasCreated: Operation[] = to.schemas
    .filter((schema) => !from.schemas.includes(schema))
    .map((schema) => ({
      kind: 'createSchema',
      summary: `create schema ${schema}`,
      statements: [`CREATE SCHEMA ${ident(schema)}`],
    }))
  const schemasDropped: Operation[] = from.schemas
    .filter((schema) => !to.schemas.includes(schema))
    .map((schema) => ({
      kind: 'dropSchema',
      summary: `drop schema ${schema}`,
      statements: [`DROP SCHEMA ${ident(schema)}`],
      dataLoss: `drops schema ${schema}`,
    }))
  const enums = enumOperations(from, to)

  const dropForeignKeys: Operation[] = []
  const dropIndexes: Operation[] = []
  const dropConstraints: Operation[] = []
  const renamedObjects: Operation[] = []
  const columnChanges: Operation[] = []
  const addConstraints: Operation[] = []
  const createIndexes: Operation[] = []
  const addForeignKeys: Operation[] = []
  const comments: Operation[] = []

  const dropConstraint = (table: TableSnapshot, name: string): string =>
    `ALTER TABLE ${qualified(table.schema, table.name)} DROP CONSTRAINT ${ident(name)}`
  const addConstraint = (table: TableSnapshot, name: string, definition: string): string =>
    `ALTER TABLE ${qualified(table.schema, table.name)} ADD CONSTRAINT ${ident(name)} ${definition}`
  const createIndex = (table: TableSnapshot, index: IndexSnapshot): Operation => ({
    kind: 'createIndex',
    summary: `create index ${index.name} on ${tableKey(table)}`,
    statements: [index.definition],
  })

  for (const table of removed) {
    for (const fk of table.foreignKeys) {
      dropForeignKeys.push({
        kind: 'dropConstraint',
        summary: `drop foreign key ${fk.name} on ${tableKey(table)}`,
        statements: [dropConstraint(table, fk.name)],
      })
    }
  }
  for (const table of added) {
    for (const index of table.indexes) createIndexes.push(createIndex(table, index))
    for (const fk of table.foreignKeys) {
      addForeignKeys.push({
        kind: 'addConstraint',
        summary: `add foreign key ${fk.name} on ${tableKey(table)}`,
        statements: [addConstraint(table, fk.name, foreignKeyDefinition(fk))],
      })
    }
    if (table.comment !== null)
      comments.push(
        commentOperation(
          'TABLE',
          qualified(table.schema, table.name),
          tableKey(table),
          table.comment,
        ),
      )
    for (const column of table.columns) {
      if (column.comment !== null) {
        comments.push(
          commentOperation(
            'COLUMN',
            `${qualified(table.schema, table.name)}.${ident(column.name)}`,
            `${tableKey(table)}.${column.name}`,
            column.comment,
          ),
        )
      }
    }
  }

  for (const table of kept) {
    const old = fromTables.get(tableKey(table))!
    const key = tableKey(table)
    // Foreign keys.
    const oldFks = byKey(old.foreignKeys, (fk) => fk.name)
    const newFks = byKey(table.foreignKeys, (fk) => fk.name)
    for (const [name, fk] of oldFks) {
      const next = newFks.get(name)
      if (next !== undefined && sameForeignKey(fk, next)) continue
      dropForeignKeys.push({
        kind: 'dropConstraint',
        summary: `drop foreign key ${name} on ${key}`,
        statements: [dropConstraint(table, name)],
      })
    }
    for (const [name, fk] of newFks) {
      const prev = oldFks.get(name)
      if (prev !== undefined && sameForeignKey(prev, fk)) continue
      addForeignKeys.push({
        kind: 'addConstraint',
        summary: `add foreign key ${name} on ${key}`,
        statements: [addConstraint(table, name, foreignKeyDefinition(fk))],
      })
    }
    // Indexes: same definition under another name (e.g. after a table rename) is a rename.
    const oldIndexes = byKey(old.indexes, (index) => index.name)
    const newIndexes = byKey(table.indexes, (index) => index.name)
    const indexPairs = pairRenamed(
      old.indexes.filter((index) => newIndexes.get(index.name)?.definition !== index.definition),
      table.indexes.filter((index) => oldIndexes.get(index.name)?.definition !== index.definition),
      (index) => indexShape(index.definition),
    )
    for (const [before, after] of indexPairs.renamed) {
      renamedObjects.push({
        kind: 'renameIndex',
        summary: `rename index ${before.name} to ${after.name} on ${key}`,
        statements: [
          `ALTER INDEX ${qualified(table.schema, before.name)} RENAME TO ${ident(after.name)}`,
        ],
      })
    }
    for (const index of indexPairs.dropped) {
      dropIndexes.push({
        kind: 'dropIndex',
        summary: `drop index ${index.name} on ${key}`,
        statements: [`DROP INDEX ${qualified(table.schema, index.name)}`],
      })
    }
    for (const index of indexPairs.added) createIndexes.push(createIndex(table, index))
    // Primary key, uniques, checks: the same constraint under another name is a rename.
    const tagged = (t: TableSnapshot): Array<ConstraintSnapshot & { tag: string }> => [
      ...(t.primaryKey === null ? [] : [{ ...t.primaryKey, tag: 'p' }]),
      ...t.uniques.map((u) => ({ ...u, tag: 'u' })),
      ...t.checks.map((c) => ({ ...c, tag: 'c' })),
    ]
    const oldConstraints = tagged(old)
    const newConstraints = tagged(table)
    const oldByName = byKey(oldConstraints, (k) => k.name)
    const newByName = byKey(newConstraints, (k) => k.name)
    const same = (
      a: ConstraintSnapshot & { tag: string },
      b: (ConstraintSnapshot & { tag: string }) | undefined,
    ): boolean => b !== undefined && a.tag === b.tag && sameConstraint(a, b)
    const constraintPairs = pairRenamed(
      oldConstraints.filter((k) => !same(k, newByName.get(k.name))),
      newConstraints.filter((k) => !same(k, oldByName.get(k.name))),
      (k) => (k.tag === 'c' ? `c:${k.definition}` : `${k.tag}:${k.columns.join(',')}`),
    )
    for (const [before, after] of constraintPairs.renamed) {
      renamedObjects.push({
        kind: 'renameConstraint',
        summary: `rename constraint ${before.name} to ${after.name} on ${key}`,
        statements: [
          `ALTER TABLE ${qualified(table.schema, table.name)} RENAME CONSTRAINT ${ident(before.name)} TO ${ident(after.name)}`,
        ],
      })
    }
    for (const constraint of constraintPairs.dropped) {
      dropConstraints.push({
        kind: 'dropConstraint',
        summary: `drop constraint ${constraint.name} on ${key}`,
        statements: [dropConstraint(table, constraint.name)],
      })
    }
    for (const constraint of constraintPairs.added) {
      addConstraints.push({
        kind: 'addConstraint',
        summary: `add constraint ${constraint.name} on ${key}`,
        statements: [addConstraint(table, constraint.name, constraint.definition)],
      })
    }
    // Columns.
    const oldColumns = byKey(old.columns, (c) => c.name)
    const newColumns = byKey(table.columns, (c) => c.name)
    const droppedColumns = old.columns.filter((c) => !newColumns.has(c.name))
    const addedColumns = table.columns.filter((c) => !oldColumns.has(c.name))
    for (const column of droppedColumns) {
      columnChanges.push({
        kind: 'dropColumn',
        summary: `drop column ${key}.${column.name}`,
        statements: [
          `ALTER TABLE ${qualified(table.schema, table.name)} DROP COLUMN ${ident(column.name)}`,
        ],
        dataLoss: `drops column ${key}.${column.name} and its data`,
      })
    }
    for (const column of addedColumns) {
      const needsValue =
        !column.nullable &&
        column.default === null &&
        column.serial === null &&
        column.identity === null
      columnChanges.push({
        kind: 'addColumn',
        summary: `add column ${key}.${column.name}`,
        statements: [
          `ALTER TABLE ${qualified(table.schema, table.name)} ADD COLUMN ${columnDefinition(column)}`,
        ],
        ...(needsValue
          ? {
              warning: `NOT NULL column ${key}.${column.name} without a default fails on a non-empty table: add a default or backfill`,
            }
          : {}),
      })
      if (column.comment !== null)
        comments.push(
          commentOperation(
            'COLUMN',
            `${qualified(table.schema, table.name)}.${ident(column.name)}`,
            `${key}.${column.name}`,
            column.comment,
          ),
        )
    }
    for (const column of table.columns) {
      const previous = oldColumns.get(column.name)
      if (previous !== undefined) columnChanges.push(...alterColumn(table, previous, column))
    }
    if (droppedColumns.length > 0 && addedColumns.length > 0) {
      warnings.push(
        `${key}: column(s) ${droppedColumns.map((c) => c.name).join(', ')} dropped and ${addedColumns.map((c) => c.name).join(', ')} added. ` +
          `If this is a rename, generate again with --rename ${table.name}.${droppedColumns[0]!.name}=${addedColumns[0]!.name}; as it stands the data of the dropped column is LOST.`,
      )
    }
    if (old.comment !== table.comment)
      comments.push(
        commentOperation('TABLE', qualified(table.schema, table.name), key, table.comment),
      )
  }

  if (removed.length > 0 && added.length > 0) {
    warnings.push(
      `table(s) ${removed.map(tableKey).join(', ')} dropped and ${added.map(tableKey).join(', ')} created. ` +
        `If this is a rename, generate again with --rename ${removed[0]!.schema}.${removed[0]!.name}=${added[0]!.name}; as it stands the data of the dropped table is LOST.`,
    )
  }

  const operations: Operation[] = [
    ...schemasCreated,
    ...renames,
    ...enums.early,
    ...dropForeignKeys,
    ...dropIndexes,
    ...dropConstraints,
    ...renamedObjects,
    ...removed.map((table): Operation => ({
      kind: 'dropTable',
      summary: `drop table ${tableKey(table)}`,
      statements: [`DROP TABLE ${qualified(table.schema, table.name)}`],
      dataLoss: `drops table ${tableKey(table)} and its rows`,
    })),
    ...added.map(createTableOperation),
    ...columnChanges,
    ...addConstraints,
    ...createIndexes,
    ...addForeignKeys,
    ...comments,
    ...enums.late,
    ...schemasDropped,
  ]
  return { operations, warnings }
}
