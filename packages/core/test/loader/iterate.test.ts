import { afterAll, beforeAll, expect, it } from 'vitest'
import { many } from '../../src/index.js'
import { describeEachDriver } from '../support/drivers.js'
import { Book, Chapter, db, setUp, tearDown, User } from './fixture.js'

describeEachDriver('loaders: streaming with iterate()', (driver) => {
  beforeAll(() => setUp(driver))
  afterAll(tearDown)

  // Six rows: alice×Alpha×a1, alice×Alpha×a2, alice×Beta×b1, bob×Gamma, carol, dave.
  const graph = () =>
    User.distinct('id')
      .load({ books: many(Book.distinct('id').load({ chapters: many(Chapter.distinct('id')) })) })
      .orderBy('ldr_users.id')
      .orderBy('ldr_books.id')
      .orderBy('ldr_chapters.id')

  const shape = (
    user: InstanceType<typeof User> & { books: Array<Book & { chapters: Chapter[] }> },
  ) =>
    `${user.name}[${user.books.map((b) => `${b.name}(${b.chapters.map((c) => c.name).join(' ')})`).join(', ')}]`

  it('yields each distinct parent once, when first seen; children from later chunks are added to it', async () => {
    const yielded: Array<
      InstanceType<typeof User> & { books: Array<Book & { chapters: Chapter[] }> }
    > = []
    const atYield: string[] = []
    await db.transaction(async () => {
      for await (const user of db.iterate(graph(), { chunkSize: 1 })) {
        yielded.push(user)
        atYield.push(shape(user))
      }
    })
    // With one row per chunk, alice is yielded knowing only her first chapter...
    expect(atYield).toEqual(['alice[Alpha(a1)]', 'bob[Gamma()]', 'carol[]', 'dave[]'])
    // ...and the same object received the rest as later chunks arrived.
    expect(yielded.map(shape)).toEqual([
      'alice[Alpha(a1 a2), Beta(b1)]',
      'bob[Gamma()]',
      'carol[]',
      'dave[]',
    ])
  })

  it('gives the same graph as db.all() whatever the chunk size', async () => {
    const all = (await db.all(graph())).map(shape)
    for (const chunkSize of [2, 3, 5, 100]) {
      const streamed: string[] = []
      await db.transaction(async () => {
        const users = []
        for await (const user of db.iterate(graph(), { chunkSize })) users.push(user)
        streamed.push(...users.map(shape))
      })
      expect(streamed, `chunkSize ${chunkSize}`).toEqual(all)
    }
  })

  it('cursor.many(n) fetches n rows and returns the objects that are new among them', async () => {
    await db.transaction(async () => {
      const cursor = db.iterate(graph())
      const first = await cursor.many(3) // alice's three rows
      expect(first.map((u) => u.name)).toEqual(['alice'])
      const next = await cursor.many(2) // bob, carol
      expect(next.map((u) => u.name)).toEqual(['bob', 'carol'])
      expect((await cursor.next())?.name).toBe('dave')
      expect(await cursor.next()).toBeNull()
      expect(shape(first[0]!)).toBe('alice[Alpha(a1 a2), Beta(b1)]')
    })
  })
})
