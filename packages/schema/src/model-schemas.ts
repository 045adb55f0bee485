import type { ColumnMeta, ModelMeta } from '@gino-ts/core'
import { columnValueSchema, nullable, type JsonSchema } from './column-json-schema.js'
import type { ColumnsOf, ModelJsonSchemas, PropertiesOf } from './json-schema-types.js'
import { propertySchema } from './property-json-schema.js'

/** Options of `modelSchemas()`. */
export interface ModelSchemasOptions<A extends string = string> {
  /**
   * Attributes a client may not write: left out of the create and update inputs (still in
   * the row). Typically the key the server generates: `readOnly: ['id']`.
   */
  readonly readOnly?: readonly A[]
}

// The model's attributes: its columns and its JSON properties.
type AttributeOf<M> = (keyof ColumnsOf<M> | keyof PropertiesOf<M>) & string

// Whether create() may leave the column out: a default (JS or server), serial, identity, or NULL.
function optionalOnCreate(column: ColumnMeta): boolean {
  const { spec } = column
  return (
    spec.nullable ||
    spec.defaultValue !== undefined ||
    spec.serverDefault !== undefined ||
    spec.autoIncrement !== undefined ||
    spec.identity !== undefined
  )
}

function objectSchema(properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false }
}

function fields(meta: ModelMeta, skip: ReadonlySet<string>): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {}
  for (const column of meta.columns) {
    if (skip.has(column.attribute)) continue
    out[column.attribute] = nullable(columnValueSchema(column.spec), column.spec.nullable)
  }
  for (const [attribute, property] of meta.properties) {
    if (!skip.has(attribute)) out[attribute] = propertySchema(property.spec)
  }
  return out
}

/** The model's declaration, through its public `meta` (which refuses abstract models). */
function metaOfModel(model: object): ModelMeta {
  const meta = (model as { readonly meta?: ModelMeta }).meta
  if (meta === undefined) throw new TypeError('modelSchemas() takes a model class declared with db.model().')
  return meta
}

/**
 * JSON Schemas (draft 2020-12 and draft-07 alike, as Ajv 8 and Fastify take them) of a
 * model's create input, update input (every field optional) and output row, from its column
 * types: integers within their range, `bigint` / `numeric` as strings with a pattern, text
 * without NUL characters and within its length, enums, booleans, dates and timestamps as
 * `date` / `date-time` strings, arrays, `null` for nullable columns. Unknown fields are
 * refused. Columns with a default, serial or identity columns, and nullable ones are optional
 * in the create input. The schemas are typed precisely enough for `json-schema-to-ts`
 * (Fastify's type provider) to infer the body type. The `date`, `date-time` and `uuid`
 * formats need `ajv-formats` (Fastify adds it).
 *
 * @example
 * ```ts
 * const schemas = modelSchemas(User, { readOnly: ['id'] })
 * app.post('/users', { schema: { body: schemas.create, response: { 201: schemas.row } } }, handler)
 * const validate = new Ajv().compile(schemas.update)
 * ```
 */
export function modelSchemas<
  M extends abstract new (...args: never[]) => object,
  const A extends AttributeOf<M> = never,
>(
  model: M,
  options: ModelSchemasOptions<A> = {},
): ModelJsonSchemas<ColumnsOf<M>, PropertiesOf<M>, A> {
  const meta = metaOfModel(model)
  const readOnly = new Set<string>(options.readOnly ?? [])
  for (const attribute of readOnly) {
    if (!meta.byAttribute.has(attribute) && !meta.properties.has(attribute)) {
      throw new TypeError(`readOnly names "${attribute}", which is no attribute of ${meta.qualifiedName}.`)
    }
  }
  const required = meta.columns
    .filter((column) => !readOnly.has(column.attribute) && !optionalOnCreate(column))
    .map((column) => column.attribute)
  const inputs = fields(meta, readOnly)
  const all = fields(meta, new Set())
  const schemas = {
    create: objectSchema(inputs, required),
    update: objectSchema({ ...inputs }, []),
    row: objectSchema(all, Object.keys(all)),
  }
  return schemas as unknown as ModelJsonSchemas<ColumnsOf<M>, PropertiesOf<M>, A>
}
