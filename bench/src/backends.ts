import { Gino } from '@gino-ts/core'
import { CompiledQuery } from 'kysely'
import { POOL_SIZE, SERVER_DSN } from './config.js'
import { DROP, createAndSeed, seedRows } from './data.js'
import { declareModels, type Models } from './models.js'
import { RawPg, RawPglite, type RawDriver } from './raw-driver.js'

/** One database product with a gino-ts side and a raw side on the same data. */
export interface Backend {
  readonly label: string
  readonly db: Gino
  readonly models: Models
  readonly raw: RawDriver
  readonly poolSize: number
  /** `SELECT version()` of the database. */
  readonly version: string
  /** Runs untimed SQL (a TRUNCATE between rounds) on the gino-ts side's database. */
  ginoExec(sql: string): Promise<void>
  /** Runs untimed SQL on the raw side's database. */
  rawExec(sql: string): Promise<void>
  /**
   * Untimed, before each workload: lets the database write out what earlier workloads
   * changed (a `CHECKPOINT` on a server, when the role may run one), so that those disk
   * writes do not fall into the next workload's rounds.
   */
  settle(): Promise<void>
  close(): Promise<void>
}

async function version(raw: RawDriver): Promise<string> {
  const { rows } = await raw.query<{ version: string }>('SELECT version() AS version')
  return rows[0]?.version ?? 'unknown'
}

function ginoExecutor(db: Gino) {
  return async (sql: string, parameters: unknown[] = []): Promise<void> => {
    await db.status(CompiledQuery.raw(sql, parameters))
  }
}

/**
 * A PostgreSQL server: gino-ts engine and a raw `pg.Pool`, both of POOL_SIZE connections,
 * reading and writing the same tables.
 */
export async function openServer(): Promise<Backend> {
  const raw = new RawPg(SERVER_DSN, POOL_SIZE)
  const db = new Gino()
  await db.setBind(SERVER_DSN, { max: POOL_SIZE })
  const models = declareModels(db)
  const rawExec = async (sql: string, parameters?: unknown[]): Promise<void> => {
    await raw.query(sql, parameters)
  }
  // gino-ts creates the schema from the models; raw pg fills it (both sides share it).
  await rawExec(DROP)
  await db.createAll()
  await seedRows(rawExec)
  return {
    label: 'PostgreSQL server',
    db,
    models,
    raw,
    poolSize: POOL_SIZE,
    version: await version(raw),
    ginoExec: ginoExecutor(db),
    rawExec,
    async settle() {
      // A role without the right to CHECKPOINT measures without it.
      await rawExec('CHECKPOINT').catch(() => undefined)
    },
    async close() {
      await db.dropAll()
      await db.popBind()?.close()
      await raw.close()
    },
  }
}

/** PGlite: gino-ts on `pglite://` and a raw PGlite instance, each in memory, seeded alike. */
export async function openPglite(): Promise<Backend> {
  const raw = await RawPglite.open()
  const db = new Gino()
  await db.setBind('pglite://')
  const models = declareModels(db)
  const ginoExec = ginoExecutor(db)
  const rawExec = async (sql: string, parameters?: unknown[]): Promise<void> => {
    await raw.query(sql, parameters)
  }
  await db.createAll()
  await seedRows(ginoExec)
  await createAndSeed(rawExec)
  return {
    label: 'PGlite',
    db,
    models,
    raw,
    poolSize: 1,
    version: await version(raw),
    ginoExec,
    rawExec,
    async settle() {},
    async close() {
      await db.popBind()?.close()
      await raw.close()
    },
  }
}
