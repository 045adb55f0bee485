import { expect, it } from 'vitest'
import { column, Gino, index, QueryError, unique } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { useModels } from '../support/engines.js'

describeEachDriver('indexes and unique constraints of an abstract model', (driver) => {
  const db = new Gino()
  class Slugged extends db.abstractModel(
    { tenantId: column.integer().notNull().named('tenant_id'), slug: column.text().notNull() },
    {
      uniques: [unique('tenantId', 'slug'), unique('slug').named('slug_uq')],
      indexes: [index('tenant_idx').on('tenantId')],
    },
  ) {}
  class Post extends Slugged.model('mdl_absc_posts', { id: column.serial().primaryKey() }) {}
  class Page extends Slugged.model(
    'mdl_absc_pages',
    { id: column.serial().primaryKey(), title: column.text() },
    { indexes: [index('mdl_absc_pages_title_idx').on('title')] },
  ) {}

  useModels(db, driver)

  it('each concrete model gets them, named for its table', async () => {
    expect(Post.meta.indexes.map((i) => i.name)).toEqual(['mdl_absc_posts_tenant_idx'])
    expect(Page.meta.indexes.map((i) => i.name)).toEqual(['mdl_absc_pages_tenant_idx', 'mdl_absc_pages_title_idx'])
    expect(Post.meta.uniques.map((u) => u.name)).toEqual(['mdl_absc_posts_tenant_id_slug_key', 'mdl_absc_posts_slug_uq'])
    const indexes = await db.all(
      "SELECT tablename, indexname FROM pg_indexes WHERE tablename LIKE 'mdl_absc_%' AND indexname NOT LIKE '%_pkey' ORDER BY 2",
    )
    expect(indexes.map((row) => row.indexname)).toEqual([
      'mdl_absc_pages_slug_uq',
      'mdl_absc_pages_tenant_id_slug_key',
      'mdl_absc_pages_tenant_idx',
      'mdl_absc_pages_title_idx',
      'mdl_absc_posts_slug_uq',
      'mdl_absc_posts_tenant_id_slug_key',
      'mdl_absc_posts_tenant_idx',
    ])
  })

  it('the unique constraints hold on each table', async () => {
    await Post.create({ tenantId: 1, slug: 'a' })
    await expect(Post.create({ tenantId: 1, slug: 'a' })).rejects.toBeInstanceOf(QueryError)
    await Page.create({ tenantId: 1, slug: 'a' })
    await expect(Page.create({ tenantId: 2, slug: 'a' })).rejects.toThrow(/mdl_absc_pages_slug_uq/)
  })
})
