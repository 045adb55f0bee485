/**
 * Databases for the tests: the PostgreSQL server (GINO_TEST_DSN) with fresh databases
 * of per-run unique names created through the `postgres` maintenance database, and PGlite.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createEngine, type Engine } from '@gino-ts/core'
import type pg from 'pg'
import { describe } from 'vitest'
import { onMaintenance } from '../../../../tools/vitest/server-database.js'

export const SERVER_DSN = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'

function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  return onMaintenance(fn, SERVER_DSN)
}

async function probe(): Promise<boolean> {
  try {
    await admin((client) => client.query('SELECT 1'))
    return true
  } catch (error) {
    if (process.env.CI) throw error
    console.warn(`\n!!! PostgreSQL at ${SERVER_DSN} unreachable: server suites SKIPPED.\n`)
    return false
  }
}

export const serverAvailable: boolean = await probe()

/** A new empty database on the server; `drop()` removes it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `mig_${process.pid}_${randomBytes(4).toString('hex')}`
  await admin((client) => client.query(`CREATE DATABASE ${name}`))
  const url = new URL(SERVER_DSN)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: () =>
      admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  }
}

/** A target and a scratch (shadow) engine of one driver, and their cleanup. */
export interface DriverDatabases {
  readonly driver: 'pg' | 'pglite'
  readonly target: Engine
  readonly targetUrl: string
  readonly shadow: Engine
  close(): Promise<void>
}

/** Opens the two databases a suite needs on `driver`. */
export async function openDatabases(driver: 'pg' | 'pglite'): Promise<DriverDatabases> {
  if (driver === 'pglite') {
    // Both start from the run's template data folder (GINO_PGLITE_TEMPLATE): no initdb.
    const target = await createEngine('pglite://')
    const shadow = await createEngine('pglite://')
    return {
      driver,
      target,
      targetUrl: 'pglite://',
      shadow,
      close: async () => {
        await target.close()
        await shadow.close()
      },
    }
  }
  const [a, b] = [await freshDatabase(), await freshDatabase()]
  const target = await createEngine(a.url)
  const shadow = await createEngine(b.url)
  return {
    driver,
    target,
    targetUrl: a.url,
    shadow,
    close: async () => {
      await target.close()
      await shadow.close()
      await a.drop()
      await b.drop()
    },
  }
}

/** `describe` for both drivers; the server one skipped (outside CI) when unreachable. */
export function describeEachDriver(title: string, body: (driver: 'pg' | 'pglite') => void): void {
  for (const driver of ['pg', 'pglite'] as const) {
    describe.skipIf(driver === 'pg' && !serverAvailable)(`${title} [${driver}]`, () => body(driver))
  }
}

const here = dirname(fileURLToPath(import.meta.url))

/**
 * A temporary folder inside the package (so `@gino-ts/migrate` resolves from files
 * written there); removed by `remove()`.
 */
export function tempFolder(prefix: string): { path: string; remove: () => void } {
  const path = join(
    here,
    '..',
    '..',
    '.tmp',
    `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`,
  )
  mkdirSync(path, { recursive: true })
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}
