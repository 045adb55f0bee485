import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../support/core.js'
import { EMBEDDED_DSN } from '../support/drivers.js'

describe('PGlite: statements without parameters go by the simple protocol (exec)', () => {
  let engine: Engine

  beforeAll(async () => {
    engine = await createEngine(EMBEDDED_DSN)
  })

  afterAll(async () => {
    await engine.close()
  })

  it('text of several statements runs as one (the extended protocol refuses it); the last result is returned', async () => {
    const rows = await engine.all(
      'CREATE TEMP TABLE pge_t (n int); INSERT INTO pge_t VALUES (1), (2); SELECT n FROM pge_t ORDER BY n',
    )
    expect(rows).toEqual([{ n: 1 }, { n: 2 }])
  })

  it('rows keep their types and the row mode asked for; the status is that of the statement', async () => {
    const stamp = await engine.scalar("SELECT '2024-05-01 12:00:00+02'::timestamptz")
    expect((stamp as Date).toISOString()).toBe('2024-05-01T10:00:00.000Z')
    const status = await engine.status('UPDATE pge_t SET n = n + 10')
    expect([status.tag, status.rowCount]).toEqual(['UPDATE 2', 2])
    expect(await engine.all('SELECT n FROM pge_t WHERE n > 100')).toEqual([])
  })
})
