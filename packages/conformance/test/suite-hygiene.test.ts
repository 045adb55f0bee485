import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { uniqueName } from '../src/admin.js'
import { SERVER_DSN, serverUrlVia } from '../src/drivers.js'

const root = join(import.meta.dirname, '..', '..', '..')

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
}

describe('the test suite, as a contributor meets it', () => {
  it('lets one failing package not hide the others: npm test runs turbo with --continue', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(manifest.scripts.test).toMatch(/^turbo run .*\btest\b/)
    expect(manifest.scripts.test).toMatch(/--continue(=dependencies-successful|=always)?\b/)
  })

  it('reaches the server only through GINO_TEST_DSN: no suite names a database URL of its own', () => {
    // The suites every framework runs, and the tests here that reach the server
    // (config.test.ts only resolves made-up URLs).
    const files = [
      ...sources(join(import.meta.dirname, '..', 'src')),
      join(import.meta.dirname, 'integration.test.ts'),
      join(import.meta.dirname, 'databases.test.ts'),
    ].filter((file) => !file.endsWith('drivers.ts'))
    const offenders = files.filter((file) =>
      /postgres(ql)?:\/\/[^'"`\s]*(127\.0\.0\.1|localhost)/.test(readFileSync(file, 'utf8')),
    )
    expect(offenders).toEqual([])
  })

  it('keeps the database of GINO_TEST_DSN when it goes through a proxy', () => {
    const via = new URL(serverUrlVia(6543))
    const server = new URL(SERVER_DSN)
    expect(via.port).toBe('6543')
    expect(via.pathname).toBe(server.pathname)
    expect(via.username).toBe(server.username)
  })

  it('gives every database it creates a name unique to the run', () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueName('cf_x')))
    expect(names.size).toBe(100)
    for (const name of names) expect(name).toContain(`_${process.pid}_`)
  })
})
