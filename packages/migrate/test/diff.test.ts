import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Gino } from '@gino-ts/core'
import { describe, expect, it } from 'vitest'
import {
  diffSnapshots,
  invertRenames,
  isWidening,
  loadMigration,
  MigrationError,
  migrationFileName,
  parseRenames,
  renderMigration,
  type SchemaSnapshot,
  type TableSnapshot,
} from '../src/index.js'
import { tempFolder } from './support/databases.js'

const table = (name: string, columns: string[]): TableSnapshot => ({
  schema: 'public',
  name,
  comment: null,
  columns: columns.map((column) => ({
    name: column,
    type: 'text',
    nullable: true,
    default: null,
    identity: null,
    serial: null,
    comment: null,
  })),
  primaryKey: null,
  uniques: [],
  checks: [],
  foreignKeys: [],
  indexes: [],
})
const snapshot = (...tables: TableSnapshot[]): SchemaSnapshot => ({
  schemas: ['public'],
  enums: [],
  tables,
})

describe('diffSnapshots', () => {
  it('orders a drop+add and flags the data loss, with the rename hint in the warning', () => {
    const { operations, warnings } = diffSnapshots(
      snapshot(table('users', ['fullname'])),
      snapshot(table('users', ['full_name'])),
    )
    expect(operations.map((o) => o.kind)).toEqual(['dropColumn', 'addColumn'])
    expect(operations[0]!.dataLoss).toMatch(/fullname/)
    expect(warnings[0]).toMatch(/--rename users\.fullname=full_name/)
  })

  it('turns hints into renames, both ways', () => {
    const from = snapshot(table('people', ['fullname']))
    const to = snapshot(table('persons', ['full_name']))
    const hints = parseRenames(['people.fullname=full_name', 'people=persons'], from)
    const up = diffSnapshots(from, to, { renames: hints })
    expect(up.operations.flatMap((o) => o.statements)).toEqual([
      'ALTER TABLE "public"."people" RENAME COLUMN "fullname" TO "full_name"',
      'ALTER TABLE "public"."people" RENAME TO "persons"',
    ])
    const down = diffSnapshots(to, from, { renames: invertRenames(hints) })
    expect(down.operations.flatMap((o) => o.statements)).toEqual([
      'ALTER TABLE "public"."persons" RENAME COLUMN "full_name" TO "fullname"',
      'ALTER TABLE "public"."persons" RENAME TO "people"',
    ])
    expect(down.warnings).toEqual([])
  })

  it('rejects malformed or unknown hints with a typed error', () => {
    const from = snapshot(table('users', ['a']))
    for (const hint of ['users.a', 'users.a=b;drop', 'nope=x', 'x.y.z.w=v']) {
      expect(() => parseRenames([hint], from)).toThrow(MigrationError)
    }
  })

  it('knows widening type changes from narrowing ones', () => {
    expect(isWidening('integer', 'bigint')).toBe(true)
    expect(isWidening('character varying(10)', 'character varying(20)')).toBe(true)
    expect(isWidening('character varying(10)', 'text')).toBe(true)
    expect(isWidening('bigint', 'integer')).toBe(false)
    expect(isWidening('character varying(20)', 'character varying(10)')).toBe(false)
    expect(isWidening('text', 'integer')).toBe(false)
  })
})

describe('migration files', () => {
  it('names files by UTC timestamp, always after the existing ones', () => {
    const now = new Date(Date.UTC(2026, 0, 2, 3, 4, 5))
    expect(migrationFileName('Add users!', [], now)).toBe('20260102030405_add_users.ts')
    expect(migrationFileName('again', ['20260102030405_add_users.ts'], now)).toBe(
      '20260102030406_again.ts',
    )
  })

  it('renders SQL with backticks, ${ and backslashes so that it runs unchanged', async () => {
    const statement = "SELECT '`tick` ${not_a_placeholder} back\\\\slash' AS t"
    const source = renderMigration({
      name: 'odd',
      up: {
        operations: [
          { kind: 'comment', summary: 'odd', statements: [statement], dataLoss: 'nothing really' },
        ],
        warnings: ['look'],
      },
      down: { operations: [], warnings: [] },
    })
    expect(source).toContain('// DATA LOSS: nothing really')
    expect(source).toContain('WARNING: look')
    const folder = tempFolder('render')
    try {
      const path = join(folder.path, '20260101000000_odd.ts')
      writeFileSync(path, source)
      const module = await loadMigration({ name: '20260101000000_odd', path, checksum: '' })
      const seen: string[] = []
      const compiler = new Gino()
      const recorder = {
        status: (query: Parameters<Gino['compile']>[0]) => {
          seen.push(compiler.compile(query).sql)
          return Promise.resolve()
        },
      }
      await module.up(recorder as never)
      expect(seen).toEqual([statement])
    } finally {
      folder.remove()
    }
  })
})

describe('output', () => {
  it('colours only on a terminal, honouring NO_COLOR and FORCE_COLOR', async () => {
    const { styler } = await import('../src/cli/output.js')
    expect(styler({ isTTY: true }, {}).red('x')).toBe('\u001b[31mx\u001b[39m')
    expect(styler({ isTTY: false }, {}).red('x')).toBe('x')
    expect(styler({ isTTY: true }, { NO_COLOR: '1' }).red('x')).toBe('x')
    expect(styler({ isTTY: false }, { FORCE_COLOR: '1' }).red('x')).toBe('\u001b[31mx\u001b[39m')
    expect(styler({ isTTY: true }, { FORCE_COLOR: '0' }).red('x')).toBe('x')
  })
})
