/**
 * The page-load budget of issue 15: a 50-row list page of a 100,000-row table answers in
 * under 100 ms (median of several requests, through the Express router, on PostgreSQL),
 * on its first page, sorted by another (indexed) column, and a few pages in.
 */
import express from 'express'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminRouter } from '../src/express.js'
import { serverDatabase } from './support/databases.js'
import { bindModels, signedIn, testAdmin, testModels } from './support/fixture.js'

const ROWS = 100_000
const BUDGET_MS = 100

describe('list page load on PostgreSQL', () => {
  const models = testModels()
  const app = express().use(adminRouter(testAdmin(models).admin))
  let close: () => Promise<void>
  let agent: supertest.Agent

  beforeAll(async () => {
    close = await bindModels(models, await serverDatabase())
    const author = await models.Author.create({ name: 'Prolific' })
    await models.db.status(
      `INSERT INTO books (title, pages, author_id, meta)
       SELECT 'Book ' || n, n % 900, ${author.id}, jsonb_build_object('n', n) FROM generate_series(1, ${ROWS}) AS n`,
    )
    await models.db.status('ANALYZE books')
    ;({ agent } = await signedIn(supertest.agent(app)))
  }, 120_000)
  afterAll(() => close())

  async function median(path: string): Promise<{ ms: number; page: string }> {
    let page = ''
    for (let i = 0; i < 2; i++) page = (await agent.get(path).expect(200)).text
    const times: number[] = []
    for (let i = 0; i < 7; i++) {
      const start = performance.now()
      await agent.get(path).expect(200)
      times.push(performance.now() - start)
    }
    times.sort((a, b) => a - b)
    return { ms: times[3]!, page }
  }

  it(`answers a 50-row page in under ${BUDGET_MS} ms`, async () => {
    const first = await median('/admin/books')
    expect(first.page.match(/name="key" value=/g)).toHaveLength(50)
    const sorted = await median('/admin/books?sort=title&dir=desc')
    let next = '/admin/books'
    for (let i = 0; i < 5; i++) {
      const page = (await agent.get(next).expect(200)).text
      next = /<a rel="next" href="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&')
    }
    const deep = await median(next)
    console.log(`admin list page of ${ROWS} rows: first ${first.ms.toFixed(1)} ms, sorted by title ${sorted.ms.toFixed(1)} ms, page 6 ${deep.ms.toFixed(1)} ms (median of 7)`)
    expect(first.ms).toBeLessThan(BUDGET_MS)
    expect(sorted.ms).toBeLessThan(BUDGET_MS)
    expect(deep.ms).toBeLessThan(BUDGET_MS)
  })
})
