import { resolve } from 'node:path'
import { DEFAULT_SHUTDOWN_GRACE_MS } from '@gino-ts/core'
import { DATABASE_ENV_VARIABLES } from '@gino-ts/core/integration'
import type { SchemaSetup } from './seed.js'

/** What the app factories take: everything that differs between a run and a test. */
export interface DemoOptions {
  /**
   * The database URL (`postgres://...` or `pglite://...`). Left out, the framework
   * package reads `DB_DSN` / `DB_HOST`... itself.
   */
  readonly dsn?: string | undefined
  /** The names `GET /current-database?db=NAME` accepts (anything else is a 400). */
  readonly allowedDatabases: readonly string[]
  /** Log requests (Fastify's logger); off in tests. */
  readonly logger?: boolean
  /** How the tables are made at startup: `server.ts` migrates; tests default to `createAll`. */
  readonly schema?: SchemaSetup
  /** The token of the admin at `/admin` (`ADMIN_TOKEN`, at least 16 characters); unset: no admin. */
  readonly adminToken?: string | undefined
}

/** How `server.ts` runs an app: where it listens and the app's options. */
export interface DemoConfig {
  readonly port: number
  readonly host: string
  readonly options: DemoOptions
  /** The folder to create before starting, when the embedded database is persisted. */
  readonly dataDir: string | undefined
  /** Which database this is, for the startup line. */
  readonly database: string
  /**
   * How long in-flight requests may run after SIGTERM / SIGINT before their connections
   * are closed, in milliseconds (`SHUTDOWN_GRACE_MS`, default 10 000).
   */
  readonly shutdownGraceMs: number
}

/** Where a config is read from. */
export interface ConfigSource {
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly argv?: readonly string[]
  /** The app's `data/` folder: the embedded database lives in its `main/` sub-folder. */
  readonly dataDir: string
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on']

/** A `pglite://` URL of an absolute folder (each path segment percent-encoded). */
export function pgliteUrl(folder: string): string {
  return `pglite://${resolve(folder).split('/').map(encodeURIComponent).join('/')}`
}

function readPort(text: string | undefined): number {
  if (text === undefined || text === '') return 3000
  const port = /^\d+$/.test(text) ? Number(text) : NaN
  if (!Number.isInteger(port) || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(text)}.`)
  }
  return port
}

function readGrace(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_SHUTDOWN_GRACE_MS
  if (!/^\d{1,9}$/.test(text)) {
    throw new Error(
      `SHUTDOWN_GRACE_MS must be a non-negative integer (milliseconds), got ${JSON.stringify(text)}.`,
    )
  }
  return Number(text)
}

/**
 * Reads `PORT` (default 3000), `HOST` (default 127.0.0.1), `DB_ALLOWED_DATABASES`
 * (comma-separated), `SHUTDOWN_GRACE_MS` (default 10 000) and the database: a server
 * when `DB_DSN`, `DATABASE_URL` or `DB_HOST`... is set, else embedded PGlite persisted in
 * `<dataDir>/main`, or in memory with `DB_MEMORY=1` or the `--memory` flag. The embedded
 * database is always named by an explicit `pglite://` URL: the app never relies on a
 * framework package's fallback.
 *
 * @example
 * ```ts
 * const config = loadConfig({ dataDir: fileURLToPath(new URL('../data', import.meta.url)) })
 * ```
 */
export function loadConfig(source: ConfigSource): DemoConfig {
  const env = source.env ?? process.env
  const argv = source.argv ?? process.argv.slice(2)
  const allowedDatabases = (env.DB_ALLOWED_DATABASES ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
  const adminToken = env.ADMIN_TOKEN || undefined
  const base = {
    port: readPort(env.PORT),
    host: env.HOST || '127.0.0.1',
    shutdownGraceMs: readGrace(env.SHUTDOWN_GRACE_MS),
  }
  // Any variable the framework packages read to reach a PostgreSQL server.
  if (DATABASE_ENV_VARIABLES.some((name) => env[name])) {
    return {
      ...base,
      options: { allowedDatabases, logger: true, schema: 'migrations', adminToken },
      dataDir: undefined,
      database: 'PostgreSQL server (DB_* variables)',
    }
  }
  const memory =
    argv.includes('--memory') || TRUE_WORDS.includes((env.DB_MEMORY ?? '').toLowerCase())
  if (memory) {
    return {
      ...base,
      options: { dsn: 'pglite://', allowedDatabases, logger: true, schema: 'migrations', adminToken },
      dataDir: undefined,
      database: 'embedded PGlite, in memory',
    }
  }
  const folder = resolve(source.dataDir, 'main')
  return {
    ...base,
    options: { dsn: pgliteUrl(folder), allowedDatabases, logger: true, schema: 'migrations', adminToken },
    dataDir: resolve(source.dataDir),
    database: `embedded PGlite in ${folder}`,
  }
}
