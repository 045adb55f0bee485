import { execFile } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../src/index.js'
import { closeShadow } from '../src/snapshot/shadow.js'
import { freshDatabase, serverAvailable, tempFolder } from './support/databases.js'

const run = promisify(execFile)
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'bin.js')

interface Outcome {
  code: number
  stdout: string
  stderr: string
}

async function cli(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'migrate', ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

/** `runCli` in this process (fast), with captured output. */
async function inProcess(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Outcome> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(['migrate', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  })
  return { code, stdout, stderr }
}

const MODELS_V1 = `import { Gino, column } from '@gino-ts/core'
export const db = new Gino()
export class User extends db.model('users', {
  id: column.serial().primaryKey(),
  fullname: column.text().notNull(),
}) {}
`
const MODELS_V2 = `import { Gino, column } from '@gino-ts/core'
export const db = new Gino()
export class User extends db.model('users', {
  id: column.serial().primaryKey(),
  fullName: column.text().named('full_name').notNull(),
  email: column.text(),
}) {}
`

describe.skipIf(!serverAvailable)('gino-ts migrate, end to end in a temporary project [pg]', () => {
  let database: { url: string; drop: () => Promise<void> }
  let project: { path: string; remove: () => void }
  let client: pg.Client
  beforeAll(async () => {
    database = await freshDatabase()
    project = tempFolder('project')
    client = new pg.Client({ connectionString: database.url })
    await client.connect()
    writeFileSync(join(project.path, 'models.ts'), MODELS_V1)
    writeFileSync(
      join(project.path, 'gino.config.ts'),
      `import { defineConfig } from '@gino-ts/migrate'
export default defineConfig({ models: './models.ts', migrations: './migrations' })
`,
    )
  })
  afterAll(async () => {
    await closeShadow()
    await client?.end()
    await database?.drop()
    project?.remove()
  })

  it('generate, edit, sql, status, up, check, drift, rename, down', async () => {
    const env = { DATABASE_URL: database.url }
    const cwd = project.path

    // The real command once (bin, config file and models loaded through tsx), then in process.
    const generated = await cli(cwd, ['generate', 'init'], env)
    expect(generated.code).toBe(0)
    expect(generated.stdout).toMatch(/\+ create table public\.users/)
    expect(generated.stdout).toMatch(/Wrote migrations\/\d{14}_init\.ts \(1 step\(s\)\)/)
    const [file] = readdirSync(join(cwd, 'migrations'))
    const name = file!.replace(/\.ts$/, '')
    const path = join(cwd, 'migrations', file!)
    const source = readFileSync(path, 'utf8')
    expect(source).toMatch(/export async function up\(db: MigrationDb\)/)
    expect(source).toMatch(/export async function down\(db: MigrationDb\)/)
    expect(source).toMatch(/DROP TABLE "public"\."users"/)

    // Edit: seed a row in the same transaction.
    writeFileSync(
      path,
      source.replace(
        /(export async function up[^\n]*\n[\s\S]*?)(\n}\n)/,
        `$1\n  await db.status(sql\`INSERT INTO users (fullname) VALUES ('seed')\`)$2`,
      ),
    )

    const pending = await inProcess(cwd, ['status'], env)
    expect(pending.stdout).toContain(`pending  ${name}`)
    expect(pending.stdout).toContain('0 applied, 1 pending, 0 missing, 0 changed.')

    const printed = await inProcess(cwd, ['sql'], env)
    expect(printed.stdout).toContain(`-- ${name} (up)`)
    expect(printed.stdout).toContain('CREATE TABLE "public"."users"')
    expect(printed.stdout).toContain(`INSERT INTO users (fullname) VALUES ('seed');`)
    expect((await client.query(`SELECT to_regclass('users') AS t`)).rows[0].t).toBeNull()

    const up = await inProcess(cwd, ['up'], env)
    expect(up.code).toBe(0)
    expect(up.stdout).toMatch(new RegExp(`↑ ${name}  \\d+ ms, 2 statement\\(s\\)`))
    expect(up.stdout).toContain('Applied 1 migration(s)')
    expect((await client.query('SELECT fullname FROM users')).rows).toEqual([{ fullname: 'seed' }])
    expect((await inProcess(cwd, ['up'], env)).stdout).toContain('Nothing to apply')
    writeFileSync(path, `${readFileSync(path, 'utf8')}// edited after it was applied\n`)
    expect((await inProcess(cwd, ['up'], env)).stderr).toContain(
      `warning ${name} changed since it was applied`,
    )
    expect((await inProcess(cwd, ['status'], env)).stdout).toContain('(changed since applied)')

    const inSync = await inProcess(cwd, ['check'], env)
    expect(inSync).toMatchObject({ code: 0 })
    expect(inSync.stdout).toContain('The database matches the models.')

    await client.query('ALTER TABLE users ADD COLUMN by_hand integer')
    const drift = await inProcess(cwd, ['check'], env)
    expect(drift.code).toBe(1)
    expect(drift.stdout).toContain('drop column public.users.by_hand')
    const driftJson = await inProcess(cwd, ['check', '--json'], env)
    expect(driftJson.code).toBe(1)
    expect(JSON.parse(driftJson.stdout)).toMatchObject({ inSync: false, pending: [] })
    await client.query('ALTER TABLE users DROP COLUMN by_hand')

    // The models change: a rename is reported loudly, then generated as a rename with a hint.
    writeFileSync(join(cwd, 'models-v2.ts'), MODELS_V2)
    const v2 = ['--models', 'models-v2.ts']
    const blind = await inProcess(cwd, ['generate', 'rename blind', '--json', ...v2], env)
    const blindJson = JSON.parse(blind.stdout) as { file: string; warnings: string[] }
    expect(blindJson.warnings.join('\n')).toContain('--rename users.fullname=full_name')
    const { rmSync } = await import('node:fs')
    rmSync(blindJson.file)
    const lossy = await inProcess(cwd, ['generate', 'lossy', ...v2], env)
    expect(lossy.stderr).toMatch(/WARNING .*--rename users\.fullname=full_name/)
    expect(lossy.stderr).toContain('DATA LOSS drops column public.users.fullname and its data')
    rmSync(
      join(
        cwd,
        'migrations',
        readdirSync(join(cwd, 'migrations')).find((f) => f.includes('lossy'))!,
      ),
    )

    const renamed = await inProcess(
      cwd,
      ['generate', 'rename fullname', '--rename', 'users.fullname=full_name', ...v2],
      env,
    )
    expect(renamed.code).toBe(0)
    expect(renamed.stderr).toBe('')
    expect(renamed.stdout).toContain('+ rename column public.users.fullname to full_name')
    expect(renamed.stdout).toContain('+ add column public.users.email')
    const upAgain = await inProcess(cwd, ['up', '--json'], env)
    expect(JSON.parse(upAgain.stdout).applied).toHaveLength(1)
    expect((await client.query('SELECT full_name FROM users')).rows).toEqual([
      { full_name: 'seed' },
    ])

    const statusJson = JSON.parse((await inProcess(cwd, ['status', '--json'], env)).stdout)
    expect(statusJson.applied).toHaveLength(2)
    expect(statusJson.pending).toEqual([])

    const down = await inProcess(cwd, ['down'], env)
    expect(down.code).toBe(0)
    expect(down.stdout).toMatch(/↓ \d{14}_rename_fullname {2}\d+ ms, \d+ statement\(s\)/)
    expect(down.stdout).toContain('Reverted 1 migration(s).')
    expect((await client.query('SELECT fullname FROM users')).rows).toEqual([{ fullname: 'seed' }])

    const all = await inProcess(cwd, ['down', '--to', '0'], env)
    expect(all.stdout).toContain('Reverted 1 migration(s).')
    expect((await client.query(`SELECT to_regclass('users') AS t`)).rows[0].t).toBeNull()
  }, 240_000)

  it('--schema runs up, status and down in a tenant schema, created by up', async () => {
    const folder = tempFolder('tenant')
    const env = { DATABASE_URL: database.url }
    const regclass = async (name: string): Promise<unknown> =>
      (await client.query('SELECT to_regclass($1)::text AS t', [name])).rows[0].t
    try {
      writeFileSync(
        join(folder.path, '20260101000000_notes.ts'),
        `import { sql, type MigrationDb } from '@gino-ts/migrate'
export async function up(db: MigrationDb): Promise<void> { await db.status(sql\`CREATE TABLE notes (id integer)\`) }
export async function down(db: MigrationDb): Promise<void> { await db.status(sql\`DROP TABLE notes\`) }
`,
      )
      const args = ['--dir', folder.path, '--schema', 'cli_tenant']
      expect((await inProcess(project.path, ['up', ...args], env)).code).toBe(0)
      expect(await regclass('cli_tenant.notes')).toBe('cli_tenant.notes')
      expect(await regclass('public.notes')).toBeNull()
      const status = await inProcess(project.path, ['status', ...args], env)
      expect(status.stdout).toContain('1 applied, 0 pending')
      expect((await inProcess(project.path, ['down', ...args], env)).code).toBe(0)
      expect(await regclass('cli_tenant.notes')).toBeNull()
      const refused = await inProcess(project.path, ['check', '--schema', 'cli_tenant'], env)
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain('--schema applies to up, down, status and sql')
    } finally {
      folder.remove()
      await client.query('DROP SCHEMA IF EXISTS cli_tenant CASCADE')
    }
  }, 60_000)

  it('reports bad usage and configuration without a stack or the DSN', async () => {
    const noDsn = await inProcess(project.path, ['status'], { DATABASE_URL: '', DB_DSN: '' })
    expect(noDsn.code).toBe(1)
    expect(noDsn.stderr).toContain('No database: pass --dsn')
    const secret = 'postgres://postgres:s3cret@127.0.0.1:1/nowhere'
    const unreachable = await inProcess(project.path, ['status', '--dsn', secret])
    expect(unreachable.code).toBe(1)
    expect(unreachable.stderr).not.toContain('s3cret')
    expect(unreachable.stderr).not.toMatch(/\n\s+at /)
    const usage = await inProcess(project.path, ['frobnicate'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('Usage: gino-ts migrate')
  }, 60_000)

  it('two processes running up at once apply each migration once', async () => {
    const other = await freshDatabase()
    const folder = tempFolder('concurrent')
    try {
      for (const [i, table] of ['alpha', 'beta', 'gamma'].entries()) {
        writeFileSync(
          join(folder.path, `2026010${i + 1}000000_${table}.ts`),
          `import { sql, type MigrationDb } from '@gino-ts/migrate'
export async function up(db: MigrationDb): Promise<void> {
  await db.status(sql\`CREATE TABLE IF NOT EXISTS applied_log (name text)\`)
  await db.status(sql\`SELECT pg_sleep(0.2)\`)
  await db.status(sql\`INSERT INTO applied_log VALUES ('${table}')\`)
  await db.status(sql\`CREATE TABLE ${table} (id integer)\`)
}
`,
        )
      }
      const args = ['up', '--dsn', other.url, '--dir', folder.path, '--json']
      const [a, b] = await Promise.all([cli(folder.path, args), cli(folder.path, args)])
      expect(a.code).toBe(0)
      expect(b.code).toBe(0)
      const applied = [...JSON.parse(a.stdout).applied, ...JSON.parse(b.stdout).applied].map(
        (m: { name: string }) => m.name,
      )
      expect(applied.sort()).toEqual([
        '20260101000000_alpha',
        '20260102000000_beta',
        '20260103000000_gamma',
      ])
      const check = new pg.Client({ connectionString: other.url })
      await check.connect()
      try {
        expect(
          (await check.query('SELECT name FROM applied_log ORDER BY name')).rows.map(
            (r: { name: string }) => r.name,
          ),
        ).toEqual(['alpha', 'beta', 'gamma'])
        expect(
          (await check.query('SELECT count(*)::int AS n FROM gino_migrations')).rows[0].n,
        ).toBe(3)
      } finally {
        await check.end()
      }
    } finally {
      folder.remove()
      await other.drop()
    }
  }, 60_000)
})
