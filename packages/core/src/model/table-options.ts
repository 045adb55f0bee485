import type { Expression } from 'kysely'
import type { ReferentialAction } from './column.js'

/** Index methods PostgreSQL ships with. */
export type IndexMethod = 'btree' | 'hash' | 'gist' | 'spgist' | 'gin' | 'brin'

/** The declaration of an index (see `index()`). `K` is the column keys it names. */
export interface IndexDefinition<K extends string = string> {
  readonly name: string
  /** Attribute or column names, in index order. */
  readonly columns: readonly K[]
  /** Indexed expressions (`lower(email)`), after the columns. */
  readonly expressions: readonly Expression<unknown>[]
  readonly unique: boolean
  readonly method: IndexMethod | undefined
  /** Partial index predicate; its values are written as SQL literals. */
  readonly where: Expression<unknown> | undefined
}

/** An index being declared: `index('name').on(...)` or `.expression(...)`, then options. */
export class IndexBuilder<K extends string = never> {
  readonly definition: IndexDefinition<K>

  /** @internal Use `index(name)`. */
  constructor(definition: IndexDefinition<K>) {
    this.definition = definition
  }

  /** The indexed columns, by attribute or column name. */
  on<const K2 extends string>(...columns: K2[]): IndexBuilder<K | K2> {
    const definition: IndexDefinition<K | K2> = this.definition
    return new IndexBuilder<K | K2>({ ...definition, columns: [...definition.columns, ...columns] })
  }

  /** An indexed expression, e.g. `sql\`lower(email)\``. */
  expression(expression: Expression<unknown>): IndexBuilder<K> {
    return new IndexBuilder({
      ...this.definition,
      expressions: [...this.definition.expressions, expression],
    })
  }

  /** `CREATE UNIQUE INDEX`. */
  unique(): IndexBuilder<K> {
    return new IndexBuilder({ ...this.definition, unique: true })
  }

  /** The index method: `USING gin`. */
  using(method: IndexMethod): IndexBuilder<K> {
    return new IndexBuilder({ ...this.definition, method })
  }

  /** A partial index: `WHERE <predicate>`; values inside become SQL literals. */
  where(predicate: Expression<unknown>): IndexBuilder<K> {
    return new IndexBuilder({ ...this.definition, where: predicate })
  }
}

/**
 * Declares an index in the model options; `db.createAll()` creates it after its table.
 * Name it: index names are unique per schema and `checkFirst` finds indexes by name.
 *
 * @example
 * ```ts
 * db.model('users', columns, {
 *   indexes: [
 *     index('index_on_name').on('first_name', 'last_name'),          // multi-column
 *     index('users_email_lower').expression(sql`lower(email)`).unique(),
 *     index('users_tags').on('tags').using('gin'),
 *     index('users_live_email').on('email').where(sql`deleted_at IS NULL`),
 *   ],
 * })
 * ```
 */
export function index(name: string): IndexBuilder {
  return new IndexBuilder({
    name,
    columns: [],
    expressions: [],
    unique: false,
    method: undefined,
    where: undefined,
  })
}

/** The declaration of a `UNIQUE` constraint over one or more columns. */
export interface UniqueDefinition<K extends string = string> {
  readonly columns: readonly K[]
  /** Constraint name; default `<table>_<col>_<col>_key` as PostgreSQL names it. */
  readonly name: string | undefined
}

/** A unique constraint being declared; see `unique()`. */
export class UniqueBuilder<K extends string> {
  readonly definition: UniqueDefinition<K>

  /** @internal Use `unique(...)`. */
  constructor(definition: UniqueDefinition<K>) {
    this.definition = definition
  }

  /** Names the constraint. */
  named(name: string): UniqueBuilder<K> {
    return new UniqueBuilder({ ...this.definition, name })
  }
}

/**
 * A table-level `UNIQUE (a, b)` constraint for the model options.
 *
 * @example
 * ```ts
 * db.model('members', columns, { uniques: [unique('teamId', 'email'), unique('slug').named('members_slug_uq')] })
 * ```
 */
export function unique<const K extends string>(...columns: [K, ...K[]]): UniqueBuilder<K> {
  return new UniqueBuilder({ columns, name: undefined })
}

/** The declaration of a named table-level `CHECK` constraint. */
export interface CheckDefinition {
  readonly name: string
  /** The predicate; values inside become SQL literals. */
  readonly expression: Expression<unknown>
}

/** A check constraint; see `check()`. */
export class CheckBuilder {
  readonly definition: CheckDefinition

  /** @internal Use `check(name, expression)`. */
  constructor(definition: CheckDefinition) {
    this.definition = definition
  }
}

/**
 * A named table-level `CHECK` constraint for the model options.
 *
 * @example
 * ```ts
 * db.model('accounts', columns, { checks: [check('accounts_balance_positive', sql`balance >= 0`)] })
 * ```
 */
export function check(name: string, expression: Expression<unknown>): CheckBuilder {
  return new CheckBuilder({ name, expression })
}

/** A model class (or anything with its `meta`), resolved lazily by a foreign key. */
export interface ReferencedTable {
  readonly meta: { readonly tableName: string; readonly schema: string | undefined }
}

/** What a table-level foreign key points at: `'table'`, `'schema.table'` or `() => Model`. */
export type ForeignKeyTarget = string | (() => ReferencedTable)

/** The declaration of a (possibly composite) table-level foreign key. */
export interface ForeignKeyDefinition<K extends string = string> {
  /** Local columns, by attribute or column name. */
  readonly columns: readonly K[]
  readonly target: ForeignKeyTarget | undefined
  /** Referenced column names (database names), in the order of `columns`. */
  readonly targetColumns: readonly string[]
  readonly onDelete: ReferentialAction | undefined
  readonly onUpdate: ReferentialAction | undefined
  /** Constraint name; default `<table>_<col>_<col>_fkey` as PostgreSQL names it. */
  readonly name: string | undefined
}

/** A foreign key being declared; see `foreignKey()`. */
export class ForeignKeyBuilder<K extends string> {
  readonly definition: ForeignKeyDefinition<K>

  /** @internal Use `foreignKey(...)`. */
  constructor(definition: ForeignKeyDefinition<K>) {
    this.definition = definition
  }

  /** The referenced table and its columns (database names), in the order of the local columns. */
  references(target: ForeignKeyTarget, columns: readonly string[]): ForeignKeyBuilder<K> {
    return new ForeignKeyBuilder({ ...this.definition, target, targetColumns: [...columns] })
  }

  /** `ON DELETE <action>`. */
  onDelete(action: ReferentialAction): ForeignKeyBuilder<K> {
    return new ForeignKeyBuilder({ ...this.definition, onDelete: action })
  }

  /** `ON UPDATE <action>`. */
  onUpdate(action: ReferentialAction): ForeignKeyBuilder<K> {
    return new ForeignKeyBuilder({ ...this.definition, onUpdate: action })
  }

  /** Names the constraint. */
  named(name: string): ForeignKeyBuilder<K> {
    return new ForeignKeyBuilder({ ...this.definition, name })
  }
}

/**
 * A table-level foreign key, for composite keys (a single column can use
 * `column.integer().references(...)`).
 *
 * @example
 * ```ts
 * db.model('line_notes', columns, {
 *   foreignKeys: [
 *     foreignKey('orderId', 'lineNo').references(() => OrderLine, ['order_id', 'line_no']).onDelete('cascade'),
 *   ],
 * })
 * ```
 */
export function foreignKey<const K extends string>(...columns: [K, ...K[]]): ForeignKeyBuilder<K> {
  return new ForeignKeyBuilder<K>({
    columns,
    target: undefined,
    targetColumns: [],
    onDelete: undefined,
    onUpdate: undefined,
    name: undefined,
  })
}
