/** The JSON shapes a property may have; each maps to a cast in queries. */
export type JsonPropertyKind =
  'string' | 'integer' | 'number' | 'boolean' | 'datetime' | 'object' | 'array'

/** The declaration of one JSON property, filled in by the builder. */
export interface JsonPropertySpec {
  readonly kind: JsonPropertyKind
  /** Used when the key is absent: a value, or a function called each time one is needed. */
  readonly defaultValue: { readonly value: unknown } | undefined
  /** The json/jsonb column (attribute or name) holding it; default: the model's `propertiesColumn`. */
  readonly column?: string
}

/**
 * A typed attribute stored as a key of the model's JSONB column (see `prop`). `T` is the
 * value type; `D` whether a default exists (then reads never give `null`).
 */
export class JsonProperty<T, D extends boolean = false> {
  readonly spec: JsonPropertySpec
  declare readonly __type: T
  declare readonly __default: D

  /** @internal Use the `prop.*` factories. */
  constructor(spec: JsonPropertySpec) {
    this.spec = spec
  }

  /**
   * The value read when the key is absent (and written by `create()`): a value, or a
   * function called each time (use one for arrays and objects).
   */
  default(value: T | (() => T)): JsonProperty<T, true> {
    return new JsonProperty<T, true>({ ...this.spec, defaultValue: { value } })
  }

  /**
   * Keeps this property in another json/jsonb column of the model (GINO's `column_name` of
   * a property): a model may spread its properties over several JSON columns.
   *
   * @example
   * ```ts
   * db.model('users', { id: column.serial().primaryKey(), profile: column.jsonb(), parameter: column.jsonb() }, {
   *   properties: { age: prop.integer(), theme: prop.string().in('parameter') },
   * })
   * ```
   */
  in(column: string): JsonProperty<T, D> {
    return new JsonProperty<T, D>({ ...this.spec, column })
  }
}

const make = <T>(kind: JsonPropertyKind): JsonProperty<T> =>
  new JsonProperty<T>({ kind, defaultValue: undefined })

/**
 * Factories of JSON properties: typed attributes kept as keys of one JSONB column
 * (`profile` unless `propertiesColumn` says otherwise). In queries, `Model.props.<name>`
 * is the key as an SQL expression cast to its type.
 *
 * | factory            | JS type  | in SQL                                  |
 * |--------------------|----------|-----------------------------------------|
 * | `prop.string()`    | string   | `profile ->> 'key'`                     |
 * | `prop.integer()`   | number   | `(profile ->> 'key')::integer`          |
 * | `prop.number()`    | number   | `(profile ->> 'key')::double precision` |
 * | `prop.boolean()`   | boolean  | `(profile ->> 'key')::boolean`          |
 * | `prop.datetime()`  | Date     | `(profile ->> 'key')::timestamptz` (stored as ISO 8601) |
 * | `prop.object<T>()` | T        | `profile -> 'key'` (jsonb)              |
 * | `prop.array<T>()`  | T[]      | `profile -> 'key'` (jsonb)              |
 *
 * @example
 * ```ts
 * class User extends db.model('users', {
 *   id: column.serial().primaryKey(),
 *   profile: column.jsonb().notNull().serverDefault(sql`'{}'::jsonb`),
 * }, {
 *   properties: {
 *     age: prop.integer().default(18),
 *     nickname: prop.string(),
 *     tags: prop.array<string>().default(() => []),
 *   },
 * }) {}
 * const adults = await db.all(User.query.where(User.props.age, '>=', 18))
 * ```
 */
export const prop = {
  string: () => make<string>('string'),
  integer: () => make<number>('integer'),
  number: () => make<number>('number'),
  boolean: () => make<boolean>('boolean'),
  datetime: () => make<Date>('datetime'),
  object: <T extends object = Record<string, unknown>>() => make<T>('object'),
  array: <T = unknown>() => make<T[]>('array'),
}

/** The properties of a model, by attribute name. */
export type PropertyMap = Record<string, JsonProperty<unknown, boolean>>

/** A model without JSON properties. */
export type NoProperties = Record<never, never>

/** The value type of a property: `T`, or `T | null` without a default. */
export type PropertyValue<P> =
  P extends JsonProperty<infer T, infer D> ? (D extends true ? T : T | null) : never
