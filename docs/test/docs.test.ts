/**
 * Keeps the docs true: every ```ts block of docs/*.md, README.md and each published
 * package's README is type-checked
 * against the built packages, and every ```ts run block is executed and must exit 0.
 * Blocks assert their own results. They run against a database of their own on the
 * PostgreSQL server (GINO_TEST_DSN's server), or on embedded PGlite when no server is
 * reachable outside CI.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codeBlocks } from './code-blocks.js'
import { onMaintenance } from '../../tools/vitest/server-database.js'

const run = promisify(execFile)
const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..', '..')
const build = join(here, '..', '.blocks')
const pages = [
  'docs/faq.md',
  'README.md',
  'packages/core/README.md',
  'packages/fastify/README.md',
  'packages/express/README.md',
  'packages/koa/README.md',
  'packages/migrate/README.md',
  'packages/schema/README.md',
  'packages/admin/README.md',
]

rmSync(build, { recursive: true, force: true })
mkdirSync(build, { recursive: true })
afterAll(() => rmSync(build, { recursive: true, force: true }))

const serverDsn = process.env.GINO_TEST_DSN ?? 'postgres://postgres@127.0.0.1:5432/test'
const docsDatabase = `gino_docs_${process.pid}_${Date.now().toString(36)}`
let databaseUrl: string | undefined

function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  return onMaintenance(fn, serverDsn)
}

beforeAll(async () => {
  try {
    await admin((client) => client.query(`CREATE DATABASE ${docsDatabase}`))
    const url = new URL(serverDsn)
    url.pathname = `/${docsDatabase}`
    databaseUrl = url.toString()
  } catch (error) {
    if (process.env.CI) throw error
    console.warn(`\n!!! PostgreSQL unreachable (${String(error)}): documentation blocks run on PGlite.\n`)
  }
})

afterAll(async () => {
  if (databaseUrl !== undefined) {
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${docsDatabase} WITH (FORCE)`))
  }
})

const files: Array<{ page: string; line: number; file: string; runnable: boolean }> = []
for (const page of pages) {
  for (const block of codeBlocks(join(root, page))) {
    const file = join(build, `${page.replace(/[/.]/g, '_')}_L${block.line}.ts`)
    // Each block is its own module, so top-level names never clash across blocks.
    writeFileSync(file, block.code.includes('import ') || block.code.includes('export ') ? block.code : `${block.code}\nexport {}\n`)
    files.push({ page, line: block.line, file, runnable: block.runnable })
  }
}
// A block that registers its db (`declare module '@gino-ts/core' { interface GinoRegister ... }`)
// changes the types of every file in its program, as it would in an application: each such
// block is type-checked in a program of its own, the others all together.
const registering = (file: string): boolean => readFileSync(file, 'utf8').includes("declare module '@gino-ts/core'")
/** Type instantiations the main program of the blocks may take (about 1.5 times today's). */
const INSTANTIATION_BUDGET = 320_000

const programs = [
  { name: 'tsconfig.json', files: files.map(({ file }) => file).filter((file) => !registering(file)) },
  ...files
    .filter(({ file }) => registering(file))
    .map(({ file }) => ({ name: `tsconfig.${basename(file, '.ts')}.json`, files: [file] })),
]
for (const program of programs) {
  writeFileSync(
    join(build, program.name),
    JSON.stringify({
      extends: '../../tsconfig.base.json',
      compilerOptions: { noEmit: true, noUnusedLocals: false },
      files: program.files.map((file) => basename(file)),
    }),
  )
}

describe('documentation code blocks', () => {
  it('has code blocks to check', () => {
    expect(files.length).toBeGreaterThan(5)
  })

  it('type-checks every block against the built packages, within the compile-time budget', async () => {
    const tsc = join(root, 'node_modules', '.bin', 'tsc')
    const results = await Promise.all(
      programs.map((program, index) =>
        // The main program reports its statistics (after its errors, if any).
        run(tsc, ['-p', join(build, program.name), ...(index === 0 ? ['--extendedDiagnostics'] : [])], { cwd: build }).catch(
          (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? 'tsc failed' }),
        ),
      ),
    )
    const [main, ...others] = results.map((result) => `${result.stdout}${result.stderr}`)
    const statistics = /^Files:\s/m.exec(main!)?.index ?? main!.length
    expect([main!.slice(0, statistics), ...others].join('\n').trim()).toBe('')
    // The types users rely on must stay cheap to check: about 212,000 instantiations for the
    // 50 blocks of these pages when this budget was set (FAQ and README alone: 151,500 before
    // the typing work, 174,500 after, for 22 then 30 blocks).
    const instantiations = Number(/^Instantiations:\s+(\d+)/m.exec(main!)?.[1])
    expect(instantiations).toBeGreaterThan(0)
    expect(instantiations).toBeLessThan(INSTANTIATION_BUDGET)
  })

  // Blocks run in this process, one after another, as the modules they are: a block fails
  // when importing it throws (its own assertions, or an error it does not catch).
  for (const { page, line, file, runnable } of files) {
    if (!runnable) continue
    it(`runs ${page} block at line ${line}`, async () => {
      if (databaseUrl === undefined) delete process.env.DATABASE_URL
      else process.env.DATABASE_URL = databaseUrl
      await import(pathToFileURL(file).href)
    })
  }
})
