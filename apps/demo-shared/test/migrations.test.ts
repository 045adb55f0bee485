import { compareWithModels, migrationStatus } from '@gino-ts/migrate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db, MIGRATIONS_DIR, prepareDatabase, SEED, User } from '../src/index.js'
import { createDatabase, dropDatabase, probeServer, serverUrl } from '../src/testing/server-databases.js'

const serverUp = await probeServer()
const name = `gino_demo_mig_${process.pid}_${Date.now().toString(36)}`

describe.skipIf(!serverUp)('the demo schema comes from its migrations [pg]', () => {
  beforeAll(async () => {
    await createDatabase(name)
    await db.setBind(serverUrl(name))
  })

  afterAll(async () => {
    await db.popBind()?.close()
    await dropDatabase(name)
  })

  it('prepareDatabase("migrations") applies every migration once, then seeds', async () => {
    await prepareDatabase('migrations')
    await prepareDatabase('migrations')
    const status = await migrationStatus(db, { dir: MIGRATIONS_DIR })
    expect([status.pending, status.missing, status.changed]).toEqual([[], [], []])
    expect(status.applied.length).toBeGreaterThan(0)
    expect(await User.all()).toHaveLength(SEED.length)
  })

  it('the migrated database equals the models (a model change needs `gino-ts migrate generate`)', async () => {
    const comparison = await compareWithModels(db, db.bind)
    expect(comparison.up.operations.map((operation) => operation.summary)).toEqual([])
  })
})
