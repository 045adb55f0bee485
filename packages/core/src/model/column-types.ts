import { ColumnBuilder, type ColumnSpec } from './column.js'

const make = <T, D extends boolean = false>(spec: Partial<ColumnSpec>): ColumnBuilder<T | null, D> =>
  new ColumnBuilder<T | null, D>(spec)

function positiveInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${what} must be a positive integer, got ${value}.`)
  return value
}

const ENUM_NAME = /^[a-z_][a-z0-9_]*$/i

/**
 * Column factories for the PostgreSQL types in common use. Values read back as:
 * integers and floats as `number`; `bigint`, `bigserial` and `numeric` as `string`
 * (exact: JS numbers lose precision past 2^53 and on decimals, and strings survive
 * JSON); `date`, `time`, `interval` as strings; timestamps as `Date`; `json`/`jsonb` as
 * the declared type; `bytea` as `Uint8Array`.
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
  smallint: () => make<number>({ sqlType: 'smallint' }),
  integer: () => make<number>({ sqlType: 'integer' }),
  /** int8, read as a string (exact). */
  bigint: () => make<string>({ sqlType: 'bigint' }),
  /** Auto-incrementing integer: `serial`. */
  serial: () => make<number, true>({ sqlType: 'serial', autoIncrement: 'serial', nullable: false }),
  /** Auto-incrementing int8 (`bigserial`), read as a string. */
  bigserial: () => make<string, true>({ sqlType: 'bigserial', autoIncrement: 'bigserial', nullable: false }),
  /** Exact decimal, read as a string. */
  numeric: (precision?: number, scale?: number) =>
    make<string>({
      sqlType:
        precision === undefined
          ? 'numeric'
          : `numeric(${positiveInt(precision, 'precision')}${scale === undefined ? '' : `, ${Math.max(0, Math.trunc(scale))}`})`,
    }),
  real: () => make<number>({ sqlType: 'real' }),
  double: () => make<number>({ sqlType: 'double precision' }),
  boolean: () => make<boolean>({ sqlType: 'boolean' }),
  text: () => make<string>({ sqlType: 'text' }),
  varchar: (length?: number) =>
    make<string>({ sqlType: length === undefined ? 'varchar' : `varchar(${positiveInt(length, 'length')})` }),
  char: (length = 1) => make<string>({ sqlType: `char(${positiveInt(length, 'length')})` }),
  uuid: () => make<string>({ sqlType: 'uuid' }),
  /** A calendar date as `YYYY-MM-DD`. */
  date: () => make<string>({ sqlType: 'date' }),
  time: () => make<string>({ sqlType: 'time' }),
  /** `timestamp without time zone`, read as UTC. */
  timestamp: () => make<Date>({ sqlType: 'timestamp' }),
  timestamptz: () => make<Date>({ sqlType: 'timestamptz' }),
  interval: () => make<string>({ sqlType: 'interval' }),
  json: <T = unknown>() => make<T>({ sqlType: 'json' }),
  jsonb: <T = unknown>() => make<T>({ sqlType: 'jsonb' }),
  bytea: () => make<Uint8Array>({ sqlType: 'bytea' }),
  /** A PostgreSQL enum type, created and dropped with the schema. */
  enum: <const V extends readonly [string, ...string[]]>(name: string, values: V) => {
    if (!ENUM_NAME.test(name)) throw new TypeError(`Invalid enum type name "${name}".`)
    return make<V[number]>({ sqlType: name, enumType: { name, values } })
  },
  /** An array of another column type: `column.array(column.text())` is `text[]`. */
  array: <T>(element: ColumnBuilder<T, boolean, string>) =>
    make<Array<Exclude<T, null>>>({
      sqlType: `${element.spec.sqlType}[]`,
      enumType: element.spec.enumType,
      arrayDims: element.spec.arrayDims + 1,
    }),
}
