/**
 * The static shapes of the schemas this package builds. Each is a supertype of the object
 * built at run time, written so that `json-schema-to-ts` (`FromSchema`, the Fastify type
 * provider) infers the TypeScript type of what the schema accepts.
 */
import type {
  ColumnMap,
  ColumnOptional,
  ColumnValue,
  PropertyMap,
  PropertyValue,
  TypedInstance,
} from '@gino-ts/core'

/** A schema accepting any JSON value: json/jsonb columns, `bytea`, types this package does not know. */
export type AnyJsonSchema = { readonly [keyword: string]: unknown }

/** `smallint`, `integer`, `serial` and `prop.integer()`: a JSON integer within the type's range. */
export interface IntegerJsonSchema {
  readonly type: 'integer'
  readonly minimum: number
  readonly maximum: number
}

/** `real`, `double precision` and `prop.number()`. */
export interface NumberJsonSchema {
  readonly type: 'number'
}

/** A string: text types (no NUL), `bigint` / `numeric` (patterns), dates (formats), `uuid`... */
export interface StringJsonSchema {
  readonly type: 'string'
  readonly pattern?: string
  readonly format?: string
  readonly maxLength?: number
}

/** An enum column: one of its values. */
export interface EnumJsonSchema<V extends string> {
  readonly type: 'string'
  readonly enum: readonly V[]
}

/** `timestamp` / `timestamptz` / `prop.datetime()`: read as a `Date`, carried in JSON as ISO 8601. */
export interface DateTimeJsonSchema {
  readonly type: 'string'
  readonly format: 'date-time'
}

/** `boolean`. */
export interface BooleanJsonSchema {
  readonly type: 'boolean'
}

/** An array column (`column.array(...)`). */
export interface ArrayJsonSchema<S> {
  readonly type: 'array'
  readonly items: S
}

/** A nullable column, or a JSON property without a default. */
export interface NullableJsonSchema<S> {
  readonly anyOf: readonly [S, { readonly type: 'null' }]
}

/**
 * The schema of a non-null value of TypeScript type `T`, as this package builds it. Objects
 * other than dates and arrays (json/jsonb columns, `bytea`) accept any JSON value. A
 * json/jsonb column declared with a string, number, boolean or array type is typed by that
 * type here but accepts any JSON value at run time: give such a column its own schema.
 */
export type ValueJsonSchema<T> = [T] extends [boolean]
  ? BooleanJsonSchema
  : [T] extends [number]
    ? IntegerJsonSchema | NumberJsonSchema
    : [T] extends [string]
      ? string extends T
        ? StringJsonSchema
        : EnumJsonSchema<T>
      : [T] extends [Date]
        ? DateTimeJsonSchema
        : [T] extends [ReadonlyArray<infer E>]
          ? ArrayJsonSchema<ValueJsonSchema<E>>
          : AnyJsonSchema

/** The schema of a value of type `T`, `null` included when `T` admits it. */
export type FieldJsonSchema<T> = unknown extends T
  ? AnyJsonSchema
  : null extends T
    ? OrNull<ValueJsonSchema<Exclude<T, null>>>
    : ValueJsonSchema<T>

// A schema accepting anything already accepts null: it stays as it is.
type OrNull<S> = AnyJsonSchema extends S ? AnyJsonSchema : NullableJsonSchema<S>

/** A JSON object of the listed properties, `R` required, nothing else. */
export interface ObjectJsonSchema<P, R extends string> {
  readonly type: 'object'
  readonly properties: P
  readonly required: readonly R[]
  readonly additionalProperties: false
}

/** The columns of a model class. */
export type ColumnsOf<M> =
  M extends abstract new (...args: never[]) => TypedInstance<infer C, PropertyMap> ? C : never

/** The JSON properties of a model class. */
export type PropertiesOf<M> =
  M extends abstract new (...args: never[]) => TypedInstance<ColumnMap, infer P> ? P : never

type ColumnFields<C extends ColumnMap, K extends keyof C> = {
  readonly [A in K]: FieldJsonSchema<ColumnValue<C[A]>>
}
type PropertyFields<P extends PropertyMap, K extends keyof P> = {
  readonly [A in K]: FieldJsonSchema<PropertyValue<P[A]>>
}
type CreateRequired<C extends ColumnMap, K extends keyof C> = {
  [A in K]: ColumnOptional<C[A]> extends true ? never : A
}[K] &
  string

/** The create input of a model: required are the columns `create()` requires. */
export type CreateJsonSchema<
  C extends ColumnMap,
  P extends PropertyMap,
  O extends string,
> = ObjectJsonSchema<
  ColumnFields<C, Exclude<keyof C, O>> & PropertyFields<P, Exclude<keyof P, O>>,
  CreateRequired<C, Exclude<keyof C, O>>
>

/** The update input of a model: every field optional. */
export type UpdateJsonSchema<
  C extends ColumnMap,
  P extends PropertyMap,
  O extends string,
> = ObjectJsonSchema<ColumnFields<C, Exclude<keyof C, O>> & PropertyFields<P, Exclude<keyof P, O>>, never>

/** A row as `toJSON()` writes it: every column and JSON property. */
export type RowJsonSchema<C extends ColumnMap, P extends PropertyMap> = ObjectJsonSchema<
  ColumnFields<C, keyof C> & PropertyFields<P, keyof P>,
  (keyof C | keyof P) & string
>

/** What `modelSchemas()` returns. */
export interface ModelJsonSchemas<C extends ColumnMap, P extends PropertyMap, O extends string> {
  /** The body of a create: `Model.create(body)`. */
  readonly create: CreateJsonSchema<C, P, O>
  /** The body of an update, every field optional: `instance.update(body).apply()`. */
  readonly update: UpdateJsonSchema<C, P, O>
  /** A row as the API answers it (`JSON.stringify(instance)`). */
  readonly row: RowJsonSchema<C, P>
}
