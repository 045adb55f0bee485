/**
 * The package.json of every published package says what a registry user needs: exports
 * with `types` first, `import` and `default`; engines; the license and where the source
 * lives; accurate sideEffects; and peers (never "*") for what the application shares.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
// Every package of packages/ that is not private: a new package is checked from its first commit.
const published = readdirSync(join(root, 'packages')).filter(
  (pkg) => (JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')) as { private?: boolean }).private !== true,
)

interface Manifest {
  name: string
  private?: boolean
  license?: string
  engines?: Record<string, string>
  repository?: { type: string; url: string; directory?: string }
  exports: Record<string, string | Record<string, string>>
  files?: string[]
  sideEffects?: boolean | string[]
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
}

const manifest = (pkg: string): Manifest =>
  JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')) as Manifest

describe.each(published)('@gino-ts/%s package.json', (pkg) => {
  const json = manifest(pkg)

  it('is publishable, with license, engines and repository', () => {
    expect(json.private).toBeUndefined()
    expect(json.license).toBe('BSD-3-Clause')
    expect(json.engines?.node).toMatch(/^>=\d/)
    expect(json.repository).toMatchObject({ type: 'git', directory: `packages/${pkg}` })
    expect(json.files).toEqual(expect.arrayContaining(['dist', 'README.md', 'LICENSE']))
    expect(json.sideEffects).toBeDefined()
  })

  it('maps every entry to types first, then import and default', () => {
    for (const [subpath, target] of Object.entries(json.exports)) {
      if (subpath === './package.json') continue
      expect(typeof target, subpath).toBe('object')
      expect(Object.keys(target as object), subpath).toEqual(['types', 'import', 'default'])
    }
  })

  it('takes what the application shares as peers with a range, never "*"', () => {
    const peers = json.peerDependencies ?? {}
    for (const [name, range] of Object.entries(peers)) expect(range, name).not.toBe('*')
    if (pkg !== 'core') {
      expect(peers['@gino-ts/core']).toMatch(/^\^\d/)
      expect(json.dependencies?.['@gino-ts/core']).toBeUndefined()
    }
    for (const [name, meta] of Object.entries(json.peerDependenciesMeta ?? {})) {
      expect(peers[name], name).toBeDefined()
      expect(meta.optional, name).toBe(true)
    }
  })
})

it('PGlite is an optional peer of core, never a dependency', () => {
  const core = manifest('core')
  expect(core.dependencies?.['@electric-sql/pglite']).toBeUndefined()
  expect(core.peerDependencies?.['@electric-sql/pglite']).toBeDefined()
  expect(core.peerDependenciesMeta?.['@electric-sql/pglite']).toEqual({ optional: true })
})

it('the frameworks are peers, their @types optional peers', () => {
  expect(manifest('fastify').peerDependencies).toHaveProperty('fastify')
  for (const [pkg, framework] of [
    ['express', 'express'],
    ['koa', 'koa'],
  ] as const) {
    const json = manifest(pkg)
    expect(json.peerDependencies).toHaveProperty(framework)
    expect(json.peerDependencies).toHaveProperty(`@types/${framework}`)
    expect(json.peerDependenciesMeta?.[`@types/${framework}`]).toEqual({ optional: true })
  }
})
