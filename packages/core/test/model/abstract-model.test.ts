import { describe, expect, it } from 'vitest'
import { AbstractModelError, column, Gino, type ModelBase, prop, sql } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

// TypeScript's mixin pattern requires a constructor type taking `any[]`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor<T> = abstract new (...args: any[]) => T

/** A TypeScript mixin: methods shared by models that have a `name`. */
function Named<B extends Constructor<ModelBase & { name: string | null }>>(Base: B) {
  abstract class NamedModel extends Base {
    shout(): string {
      return (this.name ?? '').toUpperCase()
    }
  }
  return NamedModel
}

describeEachDriver('abstract models and mixins', (driver) => {
  const db = new Gino()

  // Shared columns as a plain object, spread into several models.
  const timestamps = {
    createdAt: column
      .timestamptz()
      .notNull()
      .serverDefault(sql`now()`)
      .named('created_at'),
    updatedAt: column.timestamptz().named('updated_at'),
  }
  const Tag = db.model('mdl_abs_tags', { id: column.serial().primaryKey(), ...timestamps })
  const Label = db.model('mdl_abs_labels', { code: column.text().primaryKey(), ...timestamps })

  // An abstract model: columns, a JSON property and methods, no table.
  class Entity extends db.abstractModel(
    {
      id: column.serial().primaryKey(),
      name: column.text(),
      profile: column
        .jsonb()
        .notNull()
        .serverDefault(sql`'{}'::jsonb`),
      ...timestamps,
    },
    { properties: { note: prop.string() } },
  ) {
    describe(): string {
      return `#${this.id} ${this.name ?? '?'}`
    }
  }

  class Post extends Entity.model('mdl_abs_posts', { body: column.text().notNull() }) {
    get short(): string {
      return this.body.slice(0, 3)
    }
  }
  class Page extends Named(
    Entity.model(
      'mdl_abs_pages',
      { slug: column.text().notNull().unique() },
      { properties: { views: prop.integer().default(0) } },
    ),
  ) {}

  useModels(db, driver)

  it('a shared column object spread into models gives each the columns', async () => {
    const tag = await Tag.create({})
    const label = await Label.create({ code: 'x' })
    expect(tag.createdAt).toBeInstanceOf(Date)
    expect(label.createdAt).toBeInstanceOf(Date)
    expect(label.updatedAt).toBeNull()
  })

  it('concrete models inherit the columns, properties and methods of the abstract one', async () => {
    const post = await Post.create({ name: 'hello', body: 'world', note: 'n' })
    expect(post).toBeInstanceOf(Entity)
    expect(post).toBeInstanceOf(Post)
    expect(post.describe()).toBe(`#${post.id} hello`)
    expect(post.short).toBe('wor')
    expect(post.note).toBe('n')
    expect(post.createdAt).toBeInstanceOf(Date)
    expect(Post.meta.columns.map((c) => c.name)).toEqual([
      'id',
      'name',
      'profile',
      'created_at',
      'updated_at',
      'body',
    ])
    const loaded = await Post.get(post.id)
    expect(loaded?.describe()).toBe(`#${post.id} hello`)
  })

  it('mixins compose with model classes', async () => {
    const page = await Page.create({ name: 'home', slug: 'home' })
    expect(page.shout()).toBe('HOME')
    expect(page.describe()).toMatch(/home$/)
    expect(page.views).toBe(0)
    expect(page.note).toBeNull()
    expect((await Page.get(page.id))?.shout()).toBe('HOME')
  })

  it('only concrete models are registered', () => {
    expect(db.models.map((m) => m.meta.tableName)).toEqual([
      'mdl_abs_tags',
      'mdl_abs_labels',
      'mdl_abs_posts',
      'mdl_abs_pages',
    ])
  })

  it('the abstract model refuses table operations with AbstractModelError', async () => {
    const Untyped = Entity as unknown as typeof ModelBase
    await expect(Untyped.create({ name: 'x' })).rejects.toBeInstanceOf(AbstractModelError)
    await expect(Untyped.get(1)).rejects.toThrow(
      /Entity is an abstract model \(no table\): get\(\) needs a table/,
    )
    await expect(Untyped.insertMany([{ name: 'x' }])).rejects.toMatchObject({
      code: 'ABSTRACT_MODEL',
    })
    await expect(Untyped.exists()).rejects.toBeInstanceOf(AbstractModelError)
    await expect(Untyped.createTable()).rejects.toBeInstanceOf(AbstractModelError)
    expect(() => Untyped.query).toThrow(AbstractModelError)
    expect(() => Untyped.insert).toThrow(AbstractModelError)
    expect(() => Untyped.tableName).toThrow(AbstractModelError)
    await expect(db.createAll({ models: [Entity] })).rejects.toBeInstanceOf(AbstractModelError)
  })
})

describe('abstract model declarations', () => {
  it('a concrete model overrides an inherited column of the same name', () => {
    const db = new Gino()
    const Base = db.abstractModel({ id: column.serial().primaryKey(), kind: column.text() })
    const Thing = Base.model('mdl_abs_things', { kind: column.text().notNull().default('thing') })
    expect(Thing.meta.columns.map((c) => [c.name, c.spec.nullable])).toEqual([
      ['id', false],
      ['kind', false],
    ])
  })
})
