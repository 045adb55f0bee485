import { ColumnBuilder, type ColumnCodec, type ColumnSpec } from './column.js'

const make = <T, D extends boolean = false>(
  spec: Partial<ColumnSpec> & { sqlType: string },
): ColumnBuilder<T | null, D> => new ColumnBuilder<T | null, D>({ baseType: spec.sqlType, ...spec })

function positiveInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new TypeError(`${what} must be a positive integer, got ${value}.`)
  return value
}

function nonNegativeInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new TypeError(`${what} must be an integer >= 0, got ${value}.`)
  return value
}

const TYPE_NAME = /^[a-z_][a-z0-9_]*$/i

/** Options of `column.enum()`. */
export interface EnumOptions {
  /** Schema the enum type lives in; default: the search path (usually `public`). */
  readonly schema?: string
}

/**
 * Column factories for the PostgreSQL types in common use. Values read back as:
 * - `smallint`, `integer`, `serial`, `real`, `double` as `number`;
 * - `bigint`, `bigserial` and `numeric` as `string`: a JS number silently loses precision
 *   past 2^53 and on decimals, a `bigint` cannot go through `JSON.stringify`; a string is
 *   exact and survives JSON (convert with `BigInt(value)` / a decimal library when computing);
 * - `date` (`YYYY-MM-DD`), `time`, `interval` as strings (no time-zone shifting);
 * - `timestamp` (read as UTC) and `timestamptz` as `Date`;
 * - `json` / `jsonb` as the declared type; `bytea` as `Uint8Array`; arrays as arrays.
 *
 * Every column is nullable until `notNull()` / `primaryKey()`, as in SQL.
 *
 * @example
 * ```ts
 * class Book extends db.model('books', {
 *   id: column.uuid().primaryKey().serverDefault(sql`gen_random_uuid()`),
 *   title: column.varchar(200).notNull(),
 *   price: column.numeric(10, 2).notNull(),
 *   tags: column.array(column.text()).notNull().default(() => []),
 *   status: column.enum('book_status', ['draft', 'published']).notNull().default('draft'),
 * }) {}
 * ```
 */
export const column = {
  /** `smallint` (int2), read as a number. */
  smallint: () => make<number>({ sqlType: 'smallint' }),
  /** `integer` (int4), read as a number. */
  integer: () => make<number>({ sqlType: 'integer' }),
  /**
   * `bigint` (int8), read and written as a string: exact past 2^53 and JSON-safe. Add
   * `.identity()` for an identity column.
   */
  bigint: () => make<string>({ sqlType: 'bigint' }),
  /** Auto-incrementing integer: `serial` (inserts may omit it). */
  serial: () => make<number, true>({ sqlType: 'serial', autoIncrement: 'serial', nullable: false }),
  /** Auto-incrementing int8 (`bigserial`), read as a string (see `bigint`). */
  bigserial: () =>
    make<string, true>({ sqlType: 'bigserial', autoIncrement: 'bigserial', nullable: false }),
  /** Exact decimal `numeric(precision, scale)`, read and written as a string (exact). */
  numeric: (precision?: number, scale?: number) =>
    make<string>({
      sqlType:
        precision === undefined
          ? 'numeric'
          : `numeric(${positiveInt(precision, 'precision')}${scale === undefined ? '' : `, ${nonNegativeInt(scale, 'scale')}`})`,
    }),
  /** `real` (float4). */
  real: () => make<number>({ sqlType: 'real' }),
  /** `double precision` (float8). */
  double: () => make<number>({ sqlType: 'double precision' }),
  boolean: () => make<boolean>({ sqlType: 'boolean' }),
  text: () => make<string>({ sqlType: 'text' }),
  /** `varchar(length)`, or unbounded `varchar`. */
  varchar: (length?: number) =>
    make<string>({
      sqlType: length === undefined ? 'varchar' : `varchar(${positiveInt(length, 'length')})`,
    }),
  /** Blank-padded `char(length)`: PostgreSQL pads values to the length. */
  char: (length = 1) => make<string>({ sqlType: `char(${positiveInt(length, 'length')})` }),
  /** `uuid`; `.serverDefault(sql\`gen_random_uuid()\`)` generates it (built in since PostgreSQL 13). */
  uuid: () => make<string>({ sqlType: 'uuid' }),
  /** A calendar date as `YYYY-MM-DD`. */
  date: () => make<string>({ sqlType: 'date' }),
  /** Time of day as `HH:MM:SS[.ffffff]`. */
  time: () => make<string>({ sqlType: 'time' }),
  /** `timestamp without time zone`, read and written as UTC. */
  timestamp: () => make<Date>({ sqlType: 'timestamp' }),
  /** `timestamp with time zone`. */
  timestamptz: () => make<Date>({ sqlType: 'timestamptz' }),
  /** `interval`, as PostgreSQL prints it (`1 day 02:00:00`); write `'1 day 2 hours'` or ISO 8601. */
  interval: () => make<string>({ sqlType: 'interval' }),
  /** `json` of type `T`: values are sent as `JSON.stringify(value)`. Partial property updates need `jsonb`. */
  json: <T = unknown>() => make<T>({ sqlType: 'json' }),
  /** `jsonb` of type `T`: values are sent as `JSON.stringify(value)`. */
  jsonb: <T = unknown>() => make<T>({ sqlType: 'jsonb' }),
  /** `bytea`, read as `Uint8Array` (a `Buffer` on the server driver). */
  bytea: () => make<Uint8Array>({ sqlType: 'bytea' }),
  /**
   * A PostgreSQL enum type, created (before the tables) and dropped (after them) by
   * `db.createAll()` / `db.dropAll()`. Several columns may share it by name.
   *
   * @example
   * ```ts
   * mood: column.enum('mood', ['sad', 'ok', 'happy']).notNull().default('ok'),
   * ```
   */
  enum: <const V extends readonly [string, ...string[]]>(
    name: string,
    values: V,
    options: EnumOptions = {},
  ) => {
    if (!TYPE_NAME.test(name)) throw new TypeError(`Invalid enum type name "${name}".`)
    if (options.schema !== undefined && !TYPE_NAME.test(options.schema)) {
      throw new TypeError(`Invalid schema name "${options.schema}" for enum ${name}.`)
    }
    if (new Set(values).size !== values.length)
      throw new TypeError(`Enum ${name} lists a value twice.`)
    const qualified = options.schema === undefined ? name : `${options.schema}.${name}`
    return make<V[number]>({
      sqlType: qualified,
      baseType: qualified,
      enumType: { name, schema: options.schema, values: [...values] },
    })
  },
  /**
   * A custom type (SQLAlchemy's `TypeDecorator`): stored as `base`, read and written as
   * `T` through `toDatabase` / `fromDatabase`. Model methods and loaders convert (create,
   * update, upsert, insertMany, get, queries loading instances); in a Kysely `where`, pass
   * the stored form: `Model.toDatabase('attr', value)`.
   *
   * @example
   * ```ts
   * const cents = column.custom(column.integer(), {
   *   toDatabase: (euros: number) => Math.round(euros * 100),
   *   fromDatabase: (stored: number) => stored / 100,
   * })
   * class Item extends db.model('items', { id: column.serial().primaryKey(), price: cents.notNull() }) {}
   * ```
   */
  custom: <T, B>(
    base: ColumnBuilder<B, false, never, false, false>,
    codec: ColumnCodec<T, Exclude<B, null>>,
  ) => new ColumnBuilder<T | null>({ ...base.spec, codec }),
  /** An array of another column type: `column.array(column.text())` is `text[]`. */
  array: <T>(element: ColumnBuilder<T, boolean, string, boolean, boolean>) =>
    make<Array<Exclude<T, null>>>({
      sqlType: `${element.spec.sqlType}[]`,
      baseType: element.spec.baseType,
      enumType: element.spec.enumType,
      arrayDims: element.spec.arrayDims + 1,
    }),
}
