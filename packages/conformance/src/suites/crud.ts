import request from 'supertest'
import { expect, it } from 'vitest'
import type { SuiteContext } from '../context.js'

interface ItemBody {
  id: number
  name: string
}

/** Models in handlers: create, get, query, update, delete; `db` decorators. */
export function crudTests(ctx: SuiteContext): void {
  it('exposes the same db on the app and on each request, bound at startup', async () => {
    const app = await ctx.build(ctx.baseOptions('decorators').options)
    expect(app.appDb).toBe(ctx.db)
    const res = await request(app.server).get('/decorators').expect(200)
    expect(res.body).toEqual({ same: true, bound: true })
  })

  it('creates, reads, queries, updates and deletes rows through models in handlers', async () => {
    const app = await ctx.build(ctx.baseOptions('crud').options)
    const created = await request(app.server).post('/items').send({ name: 'crud-ann' }).expect(201)
    const ann = created.body as ItemBody
    expect(ann).toMatchObject({ name: 'crud-ann' })
    expect(typeof ann.id).toBe('number')

    expect((await request(app.server).get(`/items/${ann.id}`).expect(200)).body).toEqual(ann)
    expect((await request(app.server).get('/items-by-name/crud-ann').expect(200)).body).toEqual(ann)

    await request(app.server).post(`/items/${ann.id}/rename`).send({ name: 'crud-bob' }).expect(200)
    expect((await request(app.server).get(`/items/${ann.id}`).expect(200)).body).toEqual({
      id: ann.id,
      name: 'crud-bob',
    })
    const listed = (await request(app.server).get('/items').expect(200)).body as ItemBody[]
    expect(listed).toContainEqual({ id: ann.id, name: 'crud-bob' })

    await request(app.server).post(`/items/${ann.id}/delete`).expect(200, { deleted: ann.id })
    await request(app.server).get(`/items/${ann.id}`).expect(404)
  })

  it('answers getOr404 and firstOr404 misses with the framework 404, naming what was missing', async () => {
    const app = await ctx.build(ctx.baseOptions('404').options)
    // The app's error handler shapes every body `{ error, code }`: the 404 went through it.
    const byId = await request(app.server).get('/items/987654').expect(404)
    expect(byId.body).toEqual({ error: `${ctx.table} 987654 was not found.`, code: 'NOT_FOUND' })
    const byQuery = await request(app.server).get('/items-by-name/nobody-has-this-name').expect(404)
    expect(byQuery.body).toEqual({ error: 'No row matched the query.', code: 'NOT_FOUND' })
  })
}
