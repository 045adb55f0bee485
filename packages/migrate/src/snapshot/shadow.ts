import { randomBytes } from 'node:crypto'
import { createEngine, type Engine, sql } from '@gino-ts/core'

/** Where the models are materialized to be read back. */
export interface ShadowOptions {
  /**
   * `'pglite'`: an in-memory PGlite (kept for the process and wiped between uses);
   * a `postgres://` DSN: a scratch database created on that server and dropped after.
   * Default: a scratch database next to `dsn` when it is a server (PGlite when the role
   * may not create databases), PGlite otherwise.
   * An `Engine` is used as is: it must be a scratch database, as it is wiped before and after.
   */
  readonly shadow?: string | Engine
  /** The target's DSN (lets the shadow live on the same server, same version). */
  readonly dsn?: string
}

let embedded: Promise<Engine> | undefined

/** Closes the in-memory PGlite shadow kept by `withShadow()` (the CLI and tests call it at the end). */
export async function closeShadow(): Promise<void> {
  const pending = embedded
  embedded = undefined
  if (pending !== undefined) await (await pending).close()
}

/** Drops every user schema and recreates an empty `public`. */
export async function wipe(engine: Engine): Promise<void> {
  const schemas = await engine.all(sql<{ name: string }>`
    SELECT nspname AS name FROM pg_catalog.pg_namespace
    WHERE left(nspname, 3) <> 'pg_' AND nspname <> 'information_schema'`)
  for (const { name } of schemas) await engine.status(sql`DROP SCHEMA ${sql.id(name)} CASCADE`)
  await engine.status(sql`CREATE SCHEMA public`)
}

function isServer(dsn: string | undefined): dsn is string {
  return dsn !== undefined && /^postgres(ql)?:\/\//i.test(dsn)
}

/**
 * Runs `fn` on an empty scratch database (the "shadow"), then cleans it up.
 *
 * @example
 * ```ts
 * const snapshot = await withShadow({ dsn }, async (shadow) => { await db.createAll({ bind: shadow }); return introspect(shadow) })
 * ```
 */
export async function withShadow<T>(
  options: ShadowOptions,
  fn: (engine: Engine) => Promise<T>,
): Promise<T> {
  if (typeof options.shadow === 'object') {
    const engine = options.shadow
    await wipe(engine)
    try {
      return await fn(engine)
    } finally {
      await wipe(engine)
    }
  }
  const server = options.shadow === undefined ? options.dsn : options.shadow
  if (server === undefined || server === 'pglite' || !isServer(server)) return withEmbedded(fn)
  const name = `gino_shadow_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = await createEngine(server, { max: 1 })
  try {
    try {
      await admin.status(sql`CREATE DATABASE ${sql.id(name)}`)
    } catch {
      // No CREATEDB privilege (or a pooler that forbids it): fall back to embedded PGlite.
      return await withEmbedded(fn)
    }
    const url = new URL(server)
    url.pathname = `/${name}`
    const engine = await createEngine(url.toString(), { max: 1 })
    try {
      return await fn(engine)
    } finally {
      await engine.close()
      await admin.status(sql`DROP DATABASE IF EXISTS ${sql.id(name)}`)
    }
  } finally {
    await admin.close()
  }
}

/** The process's in-memory PGlite shadow, wiped before and after `fn`. */
async function withEmbedded<T>(fn: (engine: Engine) => Promise<T>): Promise<T> {
  embedded ??= createEngine('pglite://')
  const engine = await embedded
  await wipe(engine)
  try {
    return await fn(engine)
  } finally {
    await wipe(engine)
  }
}
