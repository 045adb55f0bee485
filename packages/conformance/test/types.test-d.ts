import {
  column,
  Gino,
  type RegisteredGino,
  text,
} from '@gino-ts/core'
import { firstOr404, getOr404, type GinoInstance } from '@gino-ts/core/integration'
import { describe, expectTypeOf, it } from 'vitest'

interface Shop {
  products: { id: number; title: string }
}

declare module '@gino-ts/core' {
  interface GinoRegister {
    db: Gino<Shop>
  }
}

describe('integration types', () => {
  it('types the framework db decorators with the registered Gino', () => {
    expectTypeOf<RegisteredGino>().toEqualTypeOf<Gino<Shop>>()
  })

  it('accepts any Gino<DB> where an integration takes a db', () => {
    expectTypeOf<Gino<Shop>>().toMatchTypeOf<GinoInstance>()
    expectTypeOf<Gino>().toMatchTypeOf<GinoInstance>()
  })

  it('resolves getOr404 to the model instance and checks the key type', () => {
    const db = new Gino()
    class Product extends db.model('products', {
      id: column.serial().primaryKey(),
      title: column.text().notNull(),
    }) {
      get label(): string {
        return this.title
      }
    }
    expectTypeOf(getOr404(Product, 1)).toEqualTypeOf<Promise<Product>>()
    const repository = { get: (id: string) => Promise.resolve(id === 'x' ? { id } : null) }
    expectTypeOf(getOr404(repository, 'x')).toEqualTypeOf<Promise<{ id: string }>>()
    // @ts-expect-error the repository takes string keys
    void getOr404(repository, 1)
  })

  it('resolves firstOr404 to the row type of the query', () => {
    const db = new Gino()
    const Product = db.model('products', {
      id: column.serial().primaryKey(),
      title: column.text().notNull(),
    })
    expectTypeOf(firstOr404(Product.query.where('id', '=', 1)))
      .resolves.toHaveProperty('title')
      .toEqualTypeOf<string>()
    expectTypeOf(firstOr404(text<{ n: number }>('SELECT 1 AS n'))).toEqualTypeOf<
      Promise<{ n: number }>
    >()
  })
})
