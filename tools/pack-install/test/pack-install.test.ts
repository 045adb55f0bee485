/**
 * Each published package works when installed from its tarball alone: `npm pack` every
 * package, install the tarballs into fresh projects outside the repository (third-party
 * packages from the registry, through npm's cache), type-check a strict `nodenext`
 * consumer against the shipped .d.ts files (skipLibCheck off) and run it:
 * - core alone (no PGlite) against PostgreSQL, and pglite:// failing with the error that
 *   names the package to install;
 * - core with PGlite installed: pglite:// loads it;
 * - the framework packages (and migrate), installed with their READMEs' install lines,
 *   serving requests against PostgreSQL;
 * - the admin with its README's install line, mounted on Fastify: its pages and its
 *   stylesheet (from the package's assets/) over HTTP, against PostgreSQL.
 * Each run creates its own databases on GINO_TEST_DSN's server and drops them.
 */
import { execFile } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..', '..', '..')
const consumers = resolve(here, '..', 'consumers')
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
const packages = ['core', 'fastify', 'express', 'koa', 'migrate', 'admin', 'schema', 'opentelemetry'] as const

const serverDsn = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'
const runId = `${process.pid}_${Date.now().toString(36)}`
const work = mkdtempSync(join(tmpdir(), 'gino-pack-install-'))
const tarballs = new Map<string, string>()
const databases: string[] = []

async function admin(statement: string): Promise<void> {
  const url = new URL(serverDsn)
  url.pathname = '/postgres'
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/** A database of this run on the test server; its URL. */
async function createDatabase(purpose: string): Promise<string> {
  const name = `gino_pack_${purpose}_${runId}`
  await admin(`CREATE DATABASE ${name}`)
  databases.push(name)
  const url = new URL(serverDsn)
  url.pathname = `/${name}`
  return url.toString()
}

const timings: string[] = []
async function timed<T>(label: string, work: Promise<T>): Promise<T> {
  const start = performance.now()
  try {
    return await work
  } finally {
    timings.push(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`)
  }
}

async function npm(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  })
  return stdout
}

/** A fresh project with the given tarballs and registry packages, and a consumer's sources. */
async function project(
  name: string,
  ours: readonly (typeof packages)[number][],
  theirs: readonly string[],
): Promise<string> {
  const dir = join(work, name)
  mkdirSync(join(dir, 'src'), { recursive: true })
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }, null, 2),
  )
  cpSync(join(consumers, 'tsconfig.json'), join(dir, 'tsconfig.json'))
  cpSync(join(consumers, name), join(dir, 'src'), { recursive: true })
  await timed(
    `install ${name}`,
    npm(dir, ['install', '--prefer-offline', ...ours.map((pkg) => tarballs.get(pkg)!), ...theirs]),
  )
  return dir
}

/** Runs a compiled consumer script; its standard output. */
async function runScript(dir: string, script: string, databaseUrl: string): Promise<string> {
  const { stdout } = await timed(
    `run ${dir.split('/').pop()}/${script}`,
    run(process.execPath, [join(dir, 'dist', script)], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
    }),
  )
  return stdout
}

/** Type-checks and compiles the consumer (strict, nodenext, our .d.ts checked), then runs main.js. */
async function typecheckAndRun(dir: string, databaseUrl: string): Promise<string> {
  const output = await timed(
    `tsc ${dir.split('/').pop()}`,
    run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir }).then(
      () => '',
      (error: Error & { stdout?: string }) => error.stdout ?? error.message,
    ),
  )
  // Our code and our .d.ts files must be clean; a third party's own .d.ts (checked too, as
  // skipLibCheck is off) is not ours to fix, so its errors alone do not fail the test.
  const ours = output
    .split('\n')
    .filter(
      (line) =>
        /error TS\d+/.test(line) &&
        (!line.startsWith('node_modules/') || line.startsWith('node_modules/@gino-ts/')),
    )
  expect(ours, output).toEqual([])
  return runScript(dir, 'main.js', databaseUrl)
}

function installed(dir: string): string[] {
  const modules = join(dir, 'node_modules')
  return readdirSync(modules).flatMap((entry) =>
    entry.startsWith('@')
      ? readdirSync(join(modules, entry)).map((sub) => `${entry}/${sub}`)
      : [entry],
  )
}

beforeAll(async () => {
  const packed = JSON.parse(
    await timed(
      'npm pack',
      npm(root, [
        'pack',
        '--json',
        '--pack-destination',
        work,
        ...packages.flatMap((pkg) => ['-w', `@gino-ts/${pkg}`]),
      ]),
    ),
  ) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>
  for (const tarball of packed)
    tarballs.set(tarball.name.replace('@gino-ts/', ''), join(work, tarball.filename))
  writeFileSync(join(work, 'packed.json'), JSON.stringify(packed))
})

afterAll(async () => {
  console.log(`pack-install timings: ${timings.join(', ')}`)
  for (const name of databases) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  if (process.env.GINO_PACK_KEEP === undefined) rmSync(work, { recursive: true, force: true })
  else console.log(`pack-install projects kept in ${work}`)
})

describe('packages installed from their tarballs', () => {
  it('each tarball ships its build, README and LICENSE, and no source maps', () => {
    const packed = JSON.parse(readFileSync(join(work, 'packed.json'), 'utf8')) as Array<{
      name: string
      files: Array<{ path: string }>
    }>
    expect(packed.map((tarball) => tarball.name).sort()).toEqual(
      packages.map((pkg) => `@gino-ts/${pkg}`).sort(),
    )
    for (const tarball of packed) {
      const files = tarball.files.map((file) => file.path)
      expect(files, tarball.name).toEqual(
        expect.arrayContaining([
          'LICENSE',
          'README.md',
          'package.json',
          'dist/index.js',
          'dist/index.d.ts',
        ]),
      )
      expect(
        files.filter((file) => file.endsWith('.map') || file.startsWith('src/')),
        tarball.name,
      ).toEqual([])
    }
    // The admin serves its stylesheet and script from the package itself (no CDN, no build step).
    const admin = packed.find((tarball) => tarball.name === '@gino-ts/admin')!
    expect(admin.files.map((file) => file.path)).toEqual(
      expect.arrayContaining(['assets/admin.css', 'assets/admin.js', 'dist/fastify.js', 'dist/express.js', 'dist/koa.js']),
    )
  })

  describe.concurrent('consumers', () => {
    it('core alone, without PGlite: type-checks, runs against PostgreSQL, and pglite:// names the package to install', async () => {
      const [dir, url] = await Promise.all([
        project('core', ['core'], ['@types/node@^20.19.0']),
        createDatabase('core'),
      ])
      expect(installed(dir)).not.toContain('@electric-sql/pglite')
      expect(await typecheckAndRun(dir, url)).toContain('core consumer: ok')
      const megabytes = async (path: string): Promise<string> =>
        (Number.parseInt((await run('du', ['-sk', path])).stdout, 10) / 1024).toFixed(1)
      const [all, types] = await Promise.all([
        megabytes(join(dir, 'node_modules')),
        megabytes(join(dir, 'node_modules', '@types')),
      ])
      timings.push(`core-only node_modules: ${all} MB (${types} MB of it @types)`)
    })

    // PGlite's WebAssembly start-up costs seconds of CPU; the monorepo's suites load it the
    // same way (a dynamic import resolved from @gino-ts/core), so this one is opt-in.
    it.runIf(process.env.GINO_PACK_PGLITE === '1')(
      'core with the optional PGlite installed: pglite:// loads it',
      async () => {
        const dir = await project('embedded', ['core'], ['@electric-sql/pglite@^0.5'])
        const { stdout } = await timed(
          'run embedded',
          run(process.execPath, [join(dir, 'src', 'main.mjs')], { cwd: dir }),
        )
        expect(stdout).toContain('embedded consumer: ok')
      },
    )

    it('fastify, express, koa, migrate, schema and opentelemetry, with their READMEs install lines: type-check and serve requests', async () => {
      const [dir, url] = await Promise.all([
        project(
          'frameworks',
          ['core', 'fastify', 'express', 'koa', 'migrate', 'schema', 'opentelemetry'],
          [
            '@opentelemetry/api@^1',
            'fastify@^5',
            'express@^5',
            'koa@^3',
            '@types/express@^5',
            '@types/koa@^3',
            '@types/node@^20.19.0',
          ],
        ),
        createDatabase('frameworks'),
      ])
      expect(await typecheckAndRun(dir, url)).toContain('frameworks consumer: ok')
    })

    it('admin, with its README install line (admin, core, fastify): type-checks, serves its pages and stylesheet', async () => {
      const [dir, url] = await Promise.all([
        project('admin', ['core', 'admin'], ['fastify@^5', '@types/node@^20.19.0']),
        createDatabase('admin'),
      ])
      expect(installed(dir)).not.toContain('express')
      expect(await typecheckAndRun(dir, url)).toContain('admin consumer: ok')
    })
  })
})
