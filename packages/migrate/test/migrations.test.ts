import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { check, column, type Engine, foreignKey, Gino, index, sql, unique } from '@gino-ts/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  comparableSnapshot,
  compareWithModels,
  generateMigration,
  introspect,
  migrate,
  MigrationError,
  migrationSql,
  migrateOnStartup,
  migrationStatus,
  modelSchemas,
  rollback,
  type SchemaSnapshot,
} from '../src/index.js'
import { withShadow } from '../src/snapshot/shadow.js'
import {
  describeEachDriver,
  type DriverDatabases,
  openDatabases,
  tempFolder,
} from './support/databases.js'

type Models = (db: Gino) => void

/** One kind of change: the models before (v1) and after (v2). */
interface ChangeCase {
  readonly name: string
  readonly v1: Models
  readonly v2: Models
}

const CASES: readonly ChangeCase[] = [
  {
    name: 'tables and columns (add table, add column, type, nullability, default)',
    v1: (db) => {
      db.model('users', { id: column.serial().primaryKey(), name: column.text() })
    },
    v2: (db) => {
      db.model('users', {
        id: column.serial().primaryKey(),
        name: column.varchar(100).notNull().serverDefault('anon'),
        email: column.text().notNull().serverDefault(''),
        createdAt: column
          .timestamptz()
          .named('created_at')
          .notNull()
          .serverDefault(sql`now()`),
      })
      db.model('posts', { id: column.bigserial().primaryKey(), title: column.text().notNull() })
    },
  },
  {
    name: 'drop table and column',
    v1: (db) => {
      db.model('users', {
        id: column.serial().primaryKey(),
        nickname: column.text(),
        age: column.smallint(),
      })
      db.model('legacy', { id: column.integer().primaryKey() })
    },
    v2: (db) => {
      db.model('users', { id: column.serial().primaryKey(), age: column.integer() })
    },
  },
  {
    name: 'primary, unique and check constraints',
    v1: (db) => {
      db.model('members', {
        teamId: column.integer().named('team_id').notNull(),
        email: column.text().notNull(),
      })
    },
    v2: (db) => {
      db.model(
        'members',
        {
          teamId: column.integer().named('team_id').notNull(),
          email: column.text().notNull().unique(),
          score: column.integer().check(sql`score >= ${0}`),
        },
        {
          primaryKey: ['teamId', 'email'],
          uniques: [unique('teamId', 'score').named('members_team_score_uq')],
          checks: [check('members_email_shape', sql`position('@' in email) > 1`)],
        },
      )
    },
  },
  {
    name: 'foreign keys with actions',
    v1: (db) => {
      db.model(
        'authors',
        { id: column.serial().primaryKey(), code: column.integer().notNull() },
        { uniques: [unique('id', 'code')] },
      )
      db.model('books', {
        id: column.serial().primaryKey(),
        authorId: column.integer().named('author_id').references('authors.id'),
      })
    },
    v2: (db) => {
      db.model(
        'authors',
        { id: column.serial().primaryKey(), code: column.integer().notNull() },
        { uniques: [unique('id', 'code')] },
      )
      db.model(
        'books',
        {
          id: column.serial().primaryKey(),
          authorId: column
            .integer()
            .named('author_id')
            .references('authors.id', { onDelete: 'cascade', onUpdate: 'restrict' }),
          authorCode: column.integer().named('author_code'),
        },
        {
          foreignKeys: [
            foreignKey('authorId', 'authorCode')
              .references('authors', ['id', 'code'])
              .onDelete('set null'),
          ],
        },
      )
    },
  },
  {
    name: 'indexes (multi-column, unique, partial, expression, method)',
    v1: (db) => {
      db.model(
        'people',
        {
          id: column.serial().primaryKey(),
          first: column.text(),
          last: column.text(),
          email: column.varchar(200),
          tags: column.array(column.text()),
        },
        { indexes: [index('people_first').on('first')] },
      )
    },
    v2: (db) => {
      db.model(
        'people',
        {
          id: column.serial().primaryKey(),
          first: column.text().index(),
          last: column.text(),
          email: column.varchar(200),
          tags: column.array(column.text()),
        },
        {
          indexes: [
            index('people_first').on('first', 'last'),
            index('people_email_lower')
              .expression(sql`lower(email)`)
              .unique(),
            index('people_live')
              .on('email')
              .where(sql`last IS NOT NULL`),
            index('people_tags').on('tags').using('gin'),
          ],
        },
      )
    },
  },
  {
    name: 'enums (create, add value, drop)',
    v1: (db) => {
      db.model('moods', {
        id: column.serial().primaryKey(),
        mood: column.enum('mood', ['sad', 'ok']).notNull().serverDefault('ok'),
        color: column.enum('color', ['red', 'blue']),
      })
    },
    v2: (db) => {
      db.model('moods', {
        id: column.serial().primaryKey(),
        mood: column.enum('mood', ['sad', 'ok', 'happy']).notNull().serverDefault('ok'),
        size: column.enum('size', ['s', 'm', 'l']),
      })
    },
  },
  {
    name: 'identity, serial and defaults',
    v1: (db) => {
      db.model('counters', {
        id: column.integer().primaryKey(),
        n: column.integer().notNull().serverDefault(0),
        code: column.bigint().identity(),
      })
    },
    v2: (db) => {
      db.model('counters', {
        id: column.integer().identity('always').primaryKey(),
        n: column
          .integer()
          .notNull()
          .serverDefault(sql`(1 + 1)`),
        code: column.bigserial(),
      })
    },
  },
  {
    name: 'schemas (table and enum in a new schema)',
    v1: (db) => {
      db.model('users', { id: column.serial().primaryKey() })
    },
    v2: (db) => {
      db.model('users', { id: column.serial().primaryKey() })
      db.model(
        'invoices',
        {
          id: column.serial().primaryKey(),
          userId: column.integer().named('user_id').references('users.id', { onDelete: 'cascade' }),
          state: column.enum('invoice_state', ['open', 'paid'], { schema: 'billing' }).notNull(),
        },
        { schema: 'billing' },
      )
    },
  },
]

function modelsOf(define: Models): Gino {
  const db = new Gino()
  define(db)
  return db
}

const MIGRATIONS_TABLE = 'public.gino_migrations'

async function snapshotOf(engine: Engine): Promise<SchemaSnapshot> {
  return comparableSnapshot(await introspect(engine, { ignoreTables: [MIGRATIONS_TABLE] }))
}

describeEachDriver('migrations generated from the models', (driver) => {
  let dbs: DriverDatabases
  const folders: Array<() => void> = []
  beforeAll(async () => {
    dbs = await openDatabases(driver)
  }, 120_000)
  afterAll(async () => {
    await dbs?.close()
    for (const remove of folders) remove()
  })

  /** What `createAll()` makes of the models on an empty database. */
  async function createAllSnapshot(db: Gino): Promise<SchemaSnapshot> {
    return withShadow({ shadow: dbs.shadow }, async (fresh) => {
      for (const schema of modelSchemas(db))
        await fresh.status(sql`CREATE SCHEMA ${sql.id(schema)}`)
      await db.createAll({ bind: fresh })
      return comparableSnapshot(await introspect(fresh))
    })
  }

  async function resetTarget(): Promise<string> {
    await withShadow({ shadow: dbs.target }, () => Promise.resolve())
    const folder = tempFolder('migrations')
    folders.push(folder.remove)
    return folder.path
  }

  const options = () => ({ shadow: dbs.shadow })

  for (const change of CASES) {
    it(`${change.name}: v1 -> up = createAll(v1); v2 -> up = createAll(v2); down = createAll(v1)`, async () => {
      const dir = await resetTarget()
      const v1 = modelsOf(change.v1)
      const v2 = modelsOf(change.v2)

      const first = await generateMigration(v1, dbs.target, { ...options(), dir, name: 'v1' })
      expect(first.file).toBeDefined()
      expect(await migrate(dbs.target, { dir })).toHaveLength(1)
      const afterV1 = await snapshotOf(dbs.target)
      expect(afterV1).toEqual(await createAllSnapshot(v1))
      expect((await compareWithModels(v1, dbs.target, options())).up.operations).toEqual([])

      const second = await generateMigration(v2, dbs.target, { ...options(), dir, name: 'v2' })
      expect(second.file).toBeDefined()
      expect(await migrate(dbs.target, { dir })).toHaveLength(1)
      expect(await snapshotOf(dbs.target)).toEqual(await createAllSnapshot(v2))
      // check passes after up, and it fails on v1's models (drift).
      expect((await compareWithModels(v2, dbs.target, options())).up.operations).toEqual([])
      expect(
        (await compareWithModels(v1, dbs.target, options())).up.operations.length,
      ).toBeGreaterThan(0)

      expect(await rollback(dbs.target, { dir })).toHaveLength(1)
      expect(await snapshotOf(dbs.target)).toEqual(afterV1)
      expect(await rollback(dbs.target, { dir })).toHaveLength(1)
      expect((await snapshotOf(dbs.target)).tables).toEqual([])
    })
  }

  it('sees drift made by hand (extra column, comment, dropped index)', async () => {
    const dir = await resetTarget()
    const db = modelsOf((d) => {
      d.model(
        'users',
        { id: column.serial().primaryKey(), email: column.text() },
        { indexes: [index('users_email').on('email')] },
      )
    })
    await generateMigration(db, dbs.target, { ...options(), dir, name: 'init' })
    await migrate(dbs.target, { dir })
    expect((await compareWithModels(db, dbs.target, options())).up.operations).toEqual([])
    await dbs.target.status(sql`ALTER TABLE users ADD COLUMN hack integer`)
    await dbs.target.status(sql`COMMENT ON TABLE users IS 'by hand'`)
    await dbs.target.status(sql`DROP INDEX users_email`)
    const { up } = await compareWithModels(db, dbs.target, options())
    expect(up.operations.map((operation) => operation.summary).sort()).toEqual([
      'comment on table public.users',
      'create index users_email on public.users',
      'drop column public.users.hack',
    ])
    expect(up.operations.find((operation) => operation.kind === 'dropColumn')?.dataLoss).toMatch(
      /hack/,
    )
  })

  it('a rename is drop+add with a loud warning, and a real rename with --rename', async () => {
    const dir = await resetTarget()
    const v1 = modelsOf((d) => {
      d.model('people', { id: column.serial().primaryKey(), fullname: column.text() })
    })
    const v2 = modelsOf((d) => {
      d.model('persons', {
        id: column.serial().primaryKey(),
        fullName: column.text().named('full_name'),
      })
    })
    await generateMigration(v1, dbs.target, { ...options(), dir, name: 'init' })
    await migrate(dbs.target, { dir })
    await dbs.target.status(sql`INSERT INTO people (fullname) VALUES ('Ada')`)

    const blind = await compareWithModels(v2, dbs.target, options())
    expect(blind.up.warnings.join('\n')).toMatch(/--rename public\.people=persons/)
    expect(blind.up.operations.some((operation) => operation.dataLoss?.includes('people'))).toBe(
      true,
    )

    const withColumnHint = await compareWithModels(v2, dbs.target, {
      ...options(),
      renames: ['people=persons'],
    })
    expect(withColumnHint.up.warnings.join('\n')).toMatch(/--rename persons\.fullname=full_name/)

    const hinted = await generateMigration(v2, dbs.target, {
      ...options(),
      dir,
      name: 'rename',
      renames: ['people.fullname=full_name', 'people=persons'],
    })
    expect(hinted.up.warnings).toEqual([])
    expect(hinted.up.operations.map((operation) => operation.kind)).toContain('renameTable')
    expect(hinted.up.operations.map((operation) => operation.kind)).toContain('renameColumn')
    expect(hinted.up.operations.some((operation) => operation.dataLoss !== undefined)).toBe(false)
    await migrate(dbs.target, { dir })
    expect(await dbs.target.scalar(sql<{ v: string }>`SELECT full_name AS v FROM persons`)).toBe(
      'Ada',
    )
    expect((await compareWithModels(v2, dbs.target, options())).up.operations).toEqual([])
    await rollback(dbs.target, { dir })
    expect(await dbs.target.scalar(sql<{ v: string }>`SELECT fullname AS v FROM people`)).toBe(
      'Ada',
    )
    await expect(
      compareWithModels(v2, dbs.target, { ...options(), renames: ['nope=x'] }),
    ).rejects.toThrow(MigrationError)
  })

  it('renaming a referenced table renames its constraints and indexes and keeps the foreign keys', async () => {
    const dir = await resetTarget()
    const define = (name: string): Gino =>
      modelsOf((d) => {
        d.model(name, {
          id: column.serial().primaryKey(),
          email: column.text().unique(),
          nick: column.text().index(),
        })
        d.model('books', {
          id: column.serial().primaryKey(),
          ownerId: column.integer().named('owner_id').references(`${name}.id`),
        })
      })
    const v1 = define('authors')
    const v2 = define('writers')
    await generateMigration(v1, dbs.target, { ...options(), dir, name: 'init' })
    await migrate(dbs.target, { dir })
    const renamed = await generateMigration(v2, dbs.target, {
      ...options(),
      dir,
      name: 'rename',
      renames: ['authors=writers'],
    })
    expect(renamed.up.operations.map((operation) => operation.kind).sort()).toEqual([
      'renameConstraint',
      'renameConstraint',
      'renameIndex',
      'renameTable',
    ])
    await migrate(dbs.target, { dir })
    expect(await snapshotOf(dbs.target)).toEqual(await createAllSnapshot(v2))
    await rollback(dbs.target, { dir })
    expect(await snapshotOf(dbs.target)).toEqual(await createAllSnapshot(v1))
  })

  it('a failing migration leaves the database and the migrations table as they were', async () => {
    const dir = await resetTarget()
    const db = modelsOf((d) => {
      d.model('users', { id: column.serial().primaryKey() })
    })
    await generateMigration(db, dbs.target, { ...options(), dir, name: 'init' })
    await migrate(dbs.target, { dir })
    const before = await introspect(dbs.target)
    const statusBefore = await migrationStatus(dbs.target, { dir })
    writeFileSync(
      join(dir, '29990101000000_broken.ts'),
      `import { sql, type MigrationDb } from '@gino-ts/migrate'
export async function up(db: MigrationDb): Promise<void> {
  await db.status(sql\`CREATE TABLE half_done (id integer)\`)
  await db.status(sql\`ALTER TABLE users ADD COLUMN secret_value integer\`)
  await db.status(sql\`SELECT * FROM no_such_table\`)
}
export async function down(): Promise<void> {}
`,
    )
    const failure = await migrate(dbs.target, { dir }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(MigrationError)
    expect((failure as MigrationError).code).toBe('MIGRATION_FAILED')
    expect((failure as MigrationError).migration).toBe('29990101000000_broken')
    expect((failure as Error).message).toMatch(/no_such_table/)
    expect((failure as Error).message).not.toMatch(/SELECT|secret_value/)
    expect(await introspect(dbs.target)).toEqual(before)
    const statusAfter = await migrationStatus(dbs.target, { dir })
    expect(statusAfter.applied.map((row) => row.name)).toEqual(
      statusBefore.applied.map((row) => row.name),
    )
    expect(statusAfter.pending).toEqual(['29990101000000_broken'])
  })

  it('migrateOnStartup applies pending migrations only when DB_MIGRATE=true', async () => {
    const dir = await resetTarget()
    writeFileSync(
      join(dir, '20260101000000_boot.ts'),
      `import { sql, type MigrationDb } from '@gino-ts/migrate'
export async function up(db: MigrationDb): Promise<void> { await db.status(sql\`CREATE TABLE booted (id integer)\`) }
`,
    )
    expect(await migrateOnStartup(dbs.target, { dir, env: {} })).toBeUndefined()
    expect(
      await migrateOnStartup(dbs.target, { dir, env: { DB_MIGRATE: 'false' } }),
    ).toBeUndefined()
    expect((await migrationStatus(dbs.target, { dir })).pending).toEqual(['20260101000000_boot'])
    const lines: string[] = []
    const applied = await migrateOnStartup(dbs.target, {
      dir,
      env: { DB_MIGRATE: 'true' },
      log: (line) => lines.push(line),
    })
    expect(applied?.map((m) => m.name)).toEqual(['20260101000000_boot'])
    expect(lines).toEqual([
      expect.stringMatching(/^migration 20260101000000_boot applied in \d+ ms \(1 statements\)$/),
    ])
    expect(await migrateOnStartup(dbs.target, { dir, env: { DB_MIGRATE: 'true' } })).toEqual([])
  })

  it('runs migrations in a schema per tenant: its own tables, migrations table and lock', async () => {
    const dir = await resetTarget()
    writeFileSync(
      join(dir, '20260101000000_notes.ts'),
      `import { sql, type MigrationDb } from '@gino-ts/migrate'
export async function up(db: MigrationDb): Promise<void> { await db.status(sql\`CREATE TABLE notes (id integer)\`) }
export async function down(db: MigrationDb): Promise<void> { await db.status(sql\`DROP TABLE notes\`) }
`,
    )
    const tables = async (): Promise<string[]> => {
      const rows = await dbs.target.all(
        sql<{
          name: string
        }>`SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
          WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
      )
      return rows.map((row) => row.name)
    }
    const defaultPath = await dbs.target.scalar('SHOW search_path')
    // Both tenants at once (each schema has a lock of its own).
    const [a, b] = await Promise.all(
      ['tenant_a', 'tenant_b'].map((schema) =>
        migrate(dbs.target, { dir, schema, createSchema: true }),
      ),
    )
    expect([a, b].map((applied) => applied?.map((m) => m.name))).toEqual([
      ['20260101000000_notes'],
      ['20260101000000_notes'],
    ])
    expect(await tables()).toEqual([
      'tenant_a.gino_migrations',
      'tenant_a.notes',
      'tenant_b.gino_migrations',
      'tenant_b.notes',
    ])
    expect((await migrationStatus(dbs.target, { dir, schema: 'tenant_a' })).pending).toEqual([])
    expect((await migrationStatus(dbs.target, { dir })).pending).toEqual(['20260101000000_notes'])
    const sqlB = await migrationSql(dbs.target, { dir, schema: 'tenant_b', direction: 'down' })
    expect(sqlB.map((m) => m.name)).toEqual(['20260101000000_notes'])
    await rollback(dbs.target, { dir, schema: 'tenant_a' })
    expect(await tables()).toEqual([
      'tenant_a.gino_migrations',
      'tenant_b.gino_migrations',
      'tenant_b.notes',
    ])
    expect(await dbs.target.scalar('SHOW search_path')).toBe(defaultPath)
  })

  it('a migration exporting transaction = false runs outside a transaction (CREATE INDEX CONCURRENTLY)', async () => {
    const dir = await resetTarget()
    writeFileSync(
      join(dir, '20260101000000_table.ts'),
      `import { sql, type MigrationDb } from '@gino-ts/migrate'
export async function up(db: MigrationDb): Promise<void> { await db.status(sql\`CREATE TABLE big (id integer)\`) }
`,
    )
    writeFileSync(
      join(dir, '20260102000000_concurrently.ts'),
      `import { sql, type MigrationDb } from '@gino-ts/migrate'
export const transaction = false
export async function up(db: MigrationDb): Promise<void> { await db.status(sql\`CREATE INDEX CONCURRENTLY big_id ON big (id)\`) }
export async function down(db: MigrationDb): Promise<void> { await db.status(sql\`DROP INDEX CONCURRENTLY big_id\`) }
`,
    )
    expect(await migrate(dbs.target, { dir })).toHaveLength(2)
    const [table] = (await introspect(dbs.target, { ignoreTables: [MIGRATIONS_TABLE] })).tables
    expect(table?.indexes.map((x) => x.name)).toEqual(['big_id'])
    await rollback(dbs.target, { dir })
    expect(
      (await introspect(dbs.target, { ignoreTables: [MIGRATIONS_TABLE] })).tables[0]?.indexes,
    ).toEqual([])
  })

  it('status: applied, pending, missing, changed; sql prints without running; up --to, down --to', async () => {
    const dir = await resetTarget()
    const write = (name: string, table: string): void =>
      writeFileSync(
        join(dir, `${name}.ts`),
        `import { sql, type MigrationDb } from '@gino-ts/migrate'
export async function up(db: MigrationDb): Promise<void> { await db.status(sql\`CREATE TABLE ${table} (id integer)\`) }
export async function down(db: MigrationDb): Promise<void> { await db.status(sql\`DROP TABLE ${table}\`) }
`,
      )
    write('20260101000000_a', 'ta')
    write('20260102000000_b', 'tb')
    write('20260103000000_c', 'tc')
    const models = modelsOf((d) => {
      d.model('ta', { id: column.integer() })
    })
    await expect(
      generateMigration(models, dbs.target, { ...options(), dir, name: 'too early' }),
    ).rejects.toMatchObject({
      code: 'MIGRATIONS_PENDING',
    })
    const plan = await migrationSql(dbs.target, { dir, to: '20260102000000_b' })
    expect(plan.map((m) => [m.name, m.statements])).toEqual([
      ['20260101000000_a', ['CREATE TABLE ta (id integer)']],
      ['20260102000000_b', ['CREATE TABLE tb (id integer)']],
    ])
    expect((await snapshotOf(dbs.target)).tables).toEqual([])

    expect((await migrate(dbs.target, { dir, to: '20260102000000_b' })).map((m) => m.name)).toEqual(
      ['20260101000000_a', '20260102000000_b'],
    )
    write('20260102000000_b', 'tb_changed')
    const { rmSync } = await import('node:fs')
    rmSync(join(dir, '20260101000000_a.ts'))
    const status = await migrationStatus(dbs.target, { dir })
    expect(status.applied.map((row) => row.name)).toEqual(['20260101000000_a', '20260102000000_b'])
    expect(status.pending).toEqual(['20260103000000_c'])
    expect(status.missing).toEqual(['20260101000000_a'])
    expect(status.changed).toEqual(['20260102000000_b'])
    await expect(rollback(dbs.target, { dir, to: '0' })).rejects.toMatchObject({
      code: 'MIGRATION_FILE_MISSING',
    })
    await expect(migrate(dbs.target, { dir, to: 'nope' })).rejects.toMatchObject({
      code: 'MIGRATION_NOT_FOUND',
    })
  })
})

describe('migration target typing', () => {
  it('accepts an engine or a db', () => {
    const target: Parameters<typeof migrate>[0] = new Gino()
    expect(target).toBeInstanceOf(Gino)
  })
})
