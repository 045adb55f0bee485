import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine } from '../support/core.js'
import { pgliteTemplate } from '../support/pglite-template.js'

describe('GINO_PGLITE_TEMPLATE', () => {
  let dir: string
  let dump: string
  const before = process.env.GINO_PGLITE_TEMPLATE

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gino-template-'))
    dump = join(dir, 'template.tar')
    // From the run's own template, so that no initdb runs here.
    const seed = await PGlite.create({ loadDataDir: await pgliteTemplate() })
    await seed.exec('CREATE TABLE from_template (id int); INSERT INTO from_template VALUES (41)')
    writeFileSync(dump, Buffer.from(await (await seed.dumpDataDir('none')).arrayBuffer()))
    await seed.close()
  })
  afterAll(() => {
    process.env.GINO_PGLITE_TEMPLATE = before
    rmSync(dir, { recursive: true, force: true })
  })

  it('starts every new in-memory database from the dump it names', async () => {
    process.env.GINO_PGLITE_TEMPLATE = dump
    const engines = [await createEngine('pglite://'), await createEngine('pglite://memory')]
    try {
      for (const engine of engines) expect(await engine.scalar('SELECT id FROM from_template')).toBe(41)
      // Two databases from one template are still two databases.
      await engines[0]!.status('UPDATE from_template SET id = 1')
      expect(await engines[1]!.scalar('SELECT id FROM from_template')).toBe(41)
    } finally {
      for (const engine of engines) await engine.close()
    }
  })

  it('gives way to a loadDataDir of the driver options', async () => {
    process.env.GINO_PGLITE_TEMPLATE = dump
    const own = await createEngine('pglite://', { driverOptions: { loadDataDir: await pgliteTemplate() } })
    try {
      expect(await own.scalar("SELECT to_regclass('from_template') IS NULL")).toBe(true)
    } finally {
      await own.close()
    }
  })
})
