import { column, Gino, prop, sql } from '@gino-ts/core'
import type { FromSchema } from 'json-schema-to-ts'
import { describe, expectTypeOf, it } from 'vitest'
import { modelSchemas } from '../src/index.js'

const db = new Gino()
class Book extends db.model(
  'type_books',
  {
    id: column.serial().primaryKey(),
    title: column.varchar(200).notNull(),
    pages: column.smallint(),
    isbn: column.bigint(),
    price: column.numeric(10, 2).notNull().default('0'),
    status: column.enum('type_book_status', ['draft', 'published']).notNull(),
    tags: column.array(column.text()).notNull().default(() => []),
    printed: column.timestamptz(),
    meta: column.jsonb(),
    profile: column.jsonb().notNull().serverDefault(sql`'{}'::jsonb`),
    cover: column.bytea(),
  },
  { properties: { rating: prop.integer().default(0), blurb: prop.string() } },
) {}

const schemas = modelSchemas(Book, { readOnly: ['id'] })

describe('modelSchemas types', () => {
  it('infers the create body with json-schema-to-ts: required as create() requires, no read-only fields', () => {
    expectTypeOf<FromSchema<typeof schemas.create>>().toEqualTypeOf<{
      title: string
      status: 'draft' | 'published'
      pages?: number | null
      isbn?: string | null
      price?: string
      tags?: string[]
      printed?: string | null
      meta?: unknown
      profile?: unknown
      cover?: unknown
      rating?: number
      blurb?: string | null
    }>()
  })

  it('infers the update body with every field optional', () => {
    type Update = FromSchema<typeof schemas.update>
    expectTypeOf<Update>().toEqualTypeOf<Partial<FromSchema<typeof schemas.create>>>()
    expectTypeOf<Update>().not.toHaveProperty('id')
  })

  it('infers the row with every attribute, read-only ones included', () => {
    type Row = FromSchema<typeof schemas.row>
    expectTypeOf<Row['id']>().toEqualTypeOf<number>()
    expectTypeOf<Row['printed']>().toEqualTypeOf<string | null>()
    expectTypeOf<Row['rating']>().toEqualTypeOf<number>()
    expectTypeOf<Row['blurb']>().toEqualTypeOf<string | null>()
  })

  it('takes only attributes of the model as read-only', () => {
    // @ts-expect-error: not an attribute of Book
    modelSchemas(Book, { readOnly: ['nope'] })
    modelSchemas(Book, { readOnly: ['rating'] })
  })

  it('types the schema objects as the literals they are', () => {
    expectTypeOf(schemas.create.additionalProperties).toEqualTypeOf<false>()
    expectTypeOf(schemas.create.properties.status.enum).toEqualTypeOf<readonly ('draft' | 'published')[]>()
    expectTypeOf(schemas.create.properties.tags.items.type).toEqualTypeOf<'string'>()
  })
})
