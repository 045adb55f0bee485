import { type Expression, sql } from 'kysely'

/** Referential actions of a foreign key. */
export type ReferentialAction = 'cascade' | 'set null' | 'set default' | 'restrict' | 'no action'

/** A foreign key target: `'table.column'`, or a function returning a model column reference. */
export type ReferenceTarget = string | (() => ColumnRefLike)

/** What a model exposes for a column: enough to point a foreign key at it. */
export interface ColumnRefLike {
  readonly table: string
  readonly schema: string | undefined
  readonly column: string
}

/** A PostgreSQL enum type a column uses; `createAll()` creates it before the tables. */
export interface EnumTypeSpec {
  readonly name: string
  /** Schema of the type; default: the search path (usually `public`). */
  readonly schema: string | undefined
  readonly values: readonly string[]
}

/** A sequence a column takes its default from; `createAll()` creates it before the tables. */
export interface SequenceSpec {
  readonly name: string
  readonly schema: string | undefined
  readonly start: number | undefined
  readonly increment: number | undefined
}

/** @internal The brand of a sequence object (`db.sequence()`), readable by column builders. */
export const SEQUENCE_SPEC: unique symbol = Symbol.for('gino-ts.sequenceSpec')

/** What `column.*().default(sequence)` takes: a sequence declared with `db.sequence()`. */
export interface SequenceSource {
  readonly [SEQUENCE_SPEC]: SequenceSpec
}

function isSequenceSource(value: unknown): value is SequenceSource {
  return typeof value === 'object' && value !== null && SEQUENCE_SPEC in value
}

/**
 * Conversions of a custom column type (SQLAlchemy's `TypeDecorator`): `toDatabase` turns
 * the JS value into what the base type stores, `fromDatabase` turns it back.
 */
export interface ColumnCodec<T = unknown, B = unknown> {
  toDatabase(value: T): B
  fromDatabase(value: B): T
}

/** A server default: an SQL expression (`sql\`now()\``) or a literal, emitted as a quoted SQL literal. */
export type ServerDefault = Expression<unknown> | string | number | boolean | null

/** The DDL-relevant description of a column, filled in by the builder. */
export interface ColumnSpec {
  /** SQL type as written in DDL (`integer`, `varchar(80)`, `numeric(10, 2)`, `text[]`, `mood`). */
  readonly sqlType: string
  /** The element type without array brackets (`text` for `text[]`); a built-in type name. */
  readonly baseType: string
  /** Set for enum columns: the PostgreSQL enum type created with the schema. */
  readonly enumType: EnumTypeSpec | undefined
  /** Array dimensions: 1 for `text[]`. */
  readonly arrayDims: number
  readonly nullable: boolean
  readonly primaryKey: boolean
  readonly unique: boolean
  readonly autoIncrement: 'serial' | 'bigserial' | undefined
  readonly identity: 'always' | 'by default' | undefined
  /** JS-side default: a value or a function called per insert. */
  readonly defaultValue: { readonly value: unknown } | undefined
  /** Server-side default: an SQL expression (`sql\`now()\``) or a literal. */
  readonly serverDefault: ServerDefault | undefined
  readonly references:
    | {
        readonly target: ReferenceTarget
        readonly onDelete?: ReferentialAction
        readonly onUpdate?: ReferentialAction
      }
    | undefined
  /** A column `CHECK` constraint (PostgreSQL names it `<table>_<column>_check`). */
  readonly check: Expression<unknown> | undefined
  /** Database column name when it differs from the attribute name. */
  readonly name: string | undefined
  /** Declares a single-column index. */
  readonly index: boolean
  /** `COMMENT ON COLUMN`, set by `createAll()` / `createTable()`. */
  readonly comment: string | undefined
  /** The sequence of a `default(sequence)` column, created with the schema. */
  readonly sequence: SequenceSpec | undefined
  /** Conversions of a `column.custom()` type (never applied to null or SQL expressions). */
  readonly codec: ColumnCodec | undefined
}

const BASE_SPEC: ColumnSpec = {
  sqlType: 'text',
  baseType: 'text',
  enumType: undefined,
  arrayDims: 0,
  nullable: true,
  primaryKey: false,
  unique: false,
  autoIncrement: undefined,
  identity: undefined,
  defaultValue: undefined,
  serverDefault: undefined,
  references: undefined,
  check: undefined,
  name: undefined,
  index: false,
  comment: undefined,
  sequence: undefined,
  codec: undefined,
}

/**
 * A column declaration. Type parameters carry what the model infers:
 * `T` the value type (with `null` while nullable), `D` whether the column has a default
 * (JS or server default, serial, identity), `N` the database column name when `named()`
 * renamed it, `S` whether the *server* fills it in (server default, serial, identity),
 * `K` whether it is part of the primary key (so `Model.get()` takes exactly the key's types).
 * `create()` may omit a column that has a default or is nullable; a plain Kysely insert
 * (`Model.insert`) may omit it only when the server fills it in or it is nullable, since
 * JS defaults are applied by the model's own methods.
 *
 * Columns are nullable until `notNull()` or `primaryKey()`, as in SQL.
 *
 * @example
 * ```ts
 * const columns = {
 *   id: column.serial().primaryKey(),
 *   email: column.varchar(255).notNull().unique(),
 *   firstName: column.text().named('first_name'),
 *   createdAt: column.timestamptz().notNull().serverDefault(sql`now()`),
 * }
 * ```
 */
export class ColumnBuilder<
  T,
  D extends boolean = false,
  N extends string = never,
  S extends boolean = D,
  K extends boolean = false,
> {
  /** The declaration so far. */
  readonly spec: ColumnSpec
  declare readonly __type: T
  declare readonly __optional: D
  declare readonly __name: N
  declare readonly __server: S
  declare readonly __key: K

  /** @internal Use the `column.*` factories. */
  constructor(spec: Partial<ColumnSpec>) {
    this.spec = { ...BASE_SPEC, ...spec }
  }

  #with<T2, D2 extends boolean, N2 extends string, S2 extends boolean, K2 extends boolean>(
    changes: Partial<ColumnSpec>,
  ): ColumnBuilder<T2, D2, N2, S2, K2> {
    return new ColumnBuilder<T2, D2, N2, S2, K2>({ ...this.spec, ...changes })
  }

  /** `NOT NULL`: inserts must give a value unless a default exists. */
  notNull(): ColumnBuilder<Exclude<T, null>, D, N, S, K> {
    return this.#with({ nullable: false })
  }

  /** Nullable again (the default). */
  nullable(): ColumnBuilder<T | null, D, N, S, K> {
    return this.#with({ nullable: true })
  }

  /** Part of the primary key (implies NOT NULL). Several columns make a composite key. */
  primaryKey(): ColumnBuilder<Exclude<T, null>, D, N, S, true> {
    return this.#with({ primaryKey: true, nullable: false })
  }

  /** A `UNIQUE` constraint on this column. */
  unique(): ColumnBuilder<T, D, N, S, K> {
    return this.#with({ unique: true })
  }

  /** A single-column index. */
  index(): ColumnBuilder<T, D, N, S, K> {
    return this.#with({ index: true })
  }

  /**
   * A JS-side default: a value, or a function called for each insert. Given a sequence
   * (`db.sequence()`), the server default `nextval('<sequence>')`, and `createAll()`
   * creates the sequence before the table (SQLAlchemy's `Column(Integer, Sequence(...))`).
   *
   * @example
   * ```ts
   * const orderNo = db.sequence('order_no_seq', { start: 1000 })
   * const Order = db.model('orders', { no: column.integer().primaryKey().default(orderNo) })
   * ```
   */
  default(sequence: SequenceSource): ColumnBuilder<T, true, N, true, K>
  default(value: Exclude<T, undefined> | (() => Exclude<T, undefined>)): ColumnBuilder<T, true, N, S, K>
  default(value: unknown): ColumnBuilder<T, true, N, boolean, K> {
    if (isSequenceSource(value)) {
      const spec = value[SEQUENCE_SPEC]
      const name = spec.schema === undefined ? spec.name : `${spec.schema}.${spec.name}`
      return this.#with({ sequence: spec, serverDefault: sql`nextval(${sql.lit(name)}::regclass)` })
    }
    return this.#with({ defaultValue: { value } })
  }

  /**
   * A server-side default: an SQL expression such as `sql\`now()\``, or a literal value
   * (written into the DDL as a quoted SQL literal, never spliced in as SQL). Values in an
   * `sql` template become literals too, since DDL takes no parameters.
   * `create()` returns what the server filled in.
   *
   * @example
   * ```ts
   * createdAt: column.timestamptz().notNull().serverDefault(sql`now()`),
   * status: column.text().notNull().serverDefault("it's new"), // DEFAULT 'it''s new'
   * ```
   */
  serverDefault(expression: ServerDefault): ColumnBuilder<T, true, N, true, K> {
    return this.#with({ serverDefault: expression })
  }

  /**
   * A foreign key to `'table.column'` (`'schema.table.column'`) or `() => Other.columns.attr`.
   * A model referencing itself uses the string form (`'users.id'`): TypeScript cannot type a
   * class that mentions itself in its own `extends` clause.
   *
   * @example
   * ```ts
   * authorId: column.integer().notNull().references(() => User.columns.id, { onDelete: 'cascade' }),
   * parentId: column.integer().references('users.id', { onDelete: 'set null' }),
   * ```
   */
  references(
    target: ReferenceTarget,
    actions: { onDelete?: ReferentialAction; onUpdate?: ReferentialAction } = {},
  ): ColumnBuilder<T, D, N, S, K> {
    return this.#with({ references: { target, ...actions } })
  }

  /**
   * A `CHECK` constraint on the column, e.g. `sql\`price >= 0\``; table-wide and named
   * checks go in the model options (`checks: [check('name', sql\`...\`)]`).
   */
  check(expression: Expression<unknown>): ColumnBuilder<T, D, N, S, K> {
    return this.#with({ check: expression })
  }

  /**
   * A comment on the column (`COMMENT ON COLUMN`), written by `createAll()` / `createTable()`.
   *
   * @example
   * ```ts
   * email: column.text().notNull().comment('Lower-cased, unique per tenant'),
   * ```
   */
  comment(text: string): ColumnBuilder<T, D, N, S, K> {
    return this.#with({ comment: text })
  }

  /** Stores the attribute in a column of another name. */
  named<const Name extends string>(name: Name): ColumnBuilder<T, D, Name, S, K> {
    return this.#with({ name })
  }

  /** `GENERATED ALWAYS AS IDENTITY` (or `BY DEFAULT`). */
  identity(
    mode: 'always' | 'by default' = 'by default',
  ): ColumnBuilder<Exclude<T, null>, true, N, true, K> {
    return this.#with({ identity: mode, nullable: false })
  }
}

/** The value type a column declares. */
export type ColumnValue<C> = C extends ColumnBuilder<infer T, boolean, string, boolean, boolean> ? T : never

/** True when inserts may leave the column out. */
export type ColumnOptional<C> =
  C extends ColumnBuilder<infer T, infer D, string, boolean, boolean>
    ? D extends true
      ? true
      : null extends T
        ? true
        : false
    : never

/** True when a plain SQL insert may leave the column out: the server fills it in, or NULL. */
export type ColumnServerOptional<C> =
  C extends ColumnBuilder<infer T, boolean, string, infer S, boolean>
    ? S extends true
      ? true
      : null extends T
        ? true
        : false
    : never

/** The database name of a column declared under attribute `K`. */
export type ColumnDbName<K, C> =
  C extends ColumnBuilder<unknown, boolean, infer N, boolean, boolean> ? ([N] extends [never] ? K : N) : K
