import { relative } from 'node:path'
import { parseArgs } from 'node:util'
import { createEngine, type Engine, GinoError, QueryError } from '@gino-ts/core'
import { compareWithModels, generateMigration } from '../generate.js'
import { MigrationError } from '../errors.js'
import {
  migrate,
  migrationSql,
  migrationStatus,
  rollback,
  type MigrationEvent,
} from '../runner/migrator.js'
import { loadModels, resolveConfig } from './config.js'
import { formatMs, type OutputStreams, styler } from './output.js'

const USAGE = `Usage: gino-ts migrate <command> [options]

Commands:
  generate <name>   write a migration from the difference between the models and the database
  up                apply pending migrations            [--to <name>]
  down              revert applied migrations            [--steps <n> | --to <name|0>]
  status            applied, pending, missing and changed migrations
  check             exit 1 when the database differs from the models
  sql               print the SQL of pending migrations  [--to <name>] [--down --steps <n>]

Options:
  --config <file>   configuration file (default: gino.config.ts in the current folder)
  --models <file>   module exporting the Gino db with the models
  --dsn <url>       database URL (default: DB_DSN, then DATABASE_URL)
  --dir <folder>    migrations folder (default: ./migrations)
  --table <name>    migrations table (default: gino_migrations)
  --schema <name>   up, down, status, sql: run in this schema (a tenant's); up creates it when missing
  --rename <a=b>    generate: a rename instead of drop+add (table.old=new, old_table=new_table); repeatable
  --empty           generate: write the file even when nothing differs
  --json            machine-readable output
`

/** Process context of a CLI run (the real process, or a test's). */
export interface CliContext extends OutputStreams {
  readonly cwd: string
  readonly env: Readonly<Record<string, string | undefined>>
}

/**
 * Runs `gino-ts migrate ...` and returns the exit code: 0 success, 1 failure or drift
 * (`check`), 2 bad usage.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { ...process, cwd: process.cwd() })
 * ```
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const out = styler(context.stdout, context.env)
  const err = styler(context.stderr, context.env)
  const print = (text = ''): void => void context.stdout.write(`${text}\n`)
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        models: { type: 'string' },
        dsn: { type: 'string' },
        dir: { type: 'string' },
        table: { type: 'string' },
        schema: { type: 'string' },
        rename: { type: 'string', multiple: true },
        to: { type: 'string' },
        steps: { type: 'string' },
        down: { type: 'boolean' },
        empty: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    context.stderr.write(`${err.red('error:')} ${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  const [group, command, ...rest] = positionals
  if (values.help === true || group === undefined) {
    context.stdout.write(USAGE)
    return values.help === true ? 0 : 2
  }
  const commands = ['generate', 'up', 'down', 'status', 'check', 'sql']
  if (group !== 'migrate' || command === undefined || !commands.includes(command)) {
    context.stderr.write(
      `${err.red('error:')} unknown command "${positionals.join(' ')}"\n\n${USAGE}`,
    )
    return 2
  }
  const json = values.json === true
  const emit = (value: unknown): void => print(JSON.stringify(value, null, 2))
  let engine: Engine | undefined
  try {
    const config = await resolveConfig({
      cwd: context.cwd,
      env: context.env,
      configPath: values.config,
      models: values.models,
      dsn: values.dsn,
      dir: values.dir,
      table: values.table,
    })
    if (config.dsn === undefined) {
      throw new MigrationError(
        'MIGRATION_CONFIG',
        'No database: pass --dsn, set DB_DSN or DATABASE_URL, or set dsn in gino.config.ts.',
      )
    }
    const needModels = (): string => {
      if (config.models === undefined)
        throw new MigrationError(
          'MIGRATION_CONFIG',
          'No models: pass --models or set models in gino.config.ts.',
        )
      return config.models
    }
    const shown = (path: string): string => relative(context.cwd, path) || path
    engine = await createEngine(config.dsn)
    const schema = values.schema
    if (schema !== undefined && (command === 'generate' || command === 'check')) {
      throw new MigrationError(
        'MIGRATION_CONFIG',
        '--schema applies to up, down, status and sql; generate and check compare the whole database.',
      )
    }
    const runner = {
      dir: config.migrations,
      table: config.table,
      ...(schema === undefined ? {} : { schema, createSchema: command === 'up' }),
    }
    const compare = {
      dsn: config.dsn,
      shadow: config.shadow,
      table: config.table,
      ignoreTables: config.ignoreTables,
    }
    const progress = (event: MigrationEvent): void => {
      if (json) return
      const arrow = event.direction === 'up' ? out.green('↑') : out.yellow('↓')
      if (event.phase === 'start') return
      print(
        `  ${arrow} ${out.bold(event.name)}  ${out.dim(`${formatMs(event.durationMs ?? 0)}, ${event.statements ?? 0} statement(s)`)}`,
      )
    }

    switch (command) {
      case 'generate': {
        const name = rest[0]
        if (name === undefined) {
          context.stderr.write(
            `${err.red('error:')} generate needs a name: gino-ts migrate generate add_users\n`,
          )
          return 2
        }
        const db = await loadModels(needModels())
        const result = await generateMigration(db, engine, {
          ...compare,
          dir: config.migrations,
          name,
          renames: values.rename ?? [],
          allowEmpty: values.empty === true,
        })
        const losses = result.up.operations.filter((operation) => operation.dataLoss !== undefined)
        if (json) {
          emit({
            file: result.file ?? null,
            operations: result.up.operations,
            down: result.down.operations,
            warnings: result.up.warnings,
          })
          return 0
        }
        for (const warning of result.up.warnings)
          context.stderr.write(`${err.yellow(err.bold('WARNING'))} ${warning}\n`)
        for (const operation of losses)
          context.stderr.write(`${err.red(err.bold('DATA LOSS'))} ${operation.dataLoss!}\n`)
        for (const operation of result.up.operations.filter((o) => o.warning !== undefined))
          context.stderr.write(`${err.yellow('warning')} ${operation.warning!}\n`)
        if (result.file === undefined) {
          print('No changes: the database matches the models.')
          return 0
        }
        for (const operation of result.up.operations)
          print(`  ${out.cyan('+')} ${operation.summary}`)
        print(
          `Wrote ${out.bold(shown(result.file))} (${result.up.operations.length} step(s)). Review it, then run: gino-ts migrate up`,
        )
        return 0
      }
      case 'up': {
        const applied = await migrate(engine, { ...runner, to: values.to, onProgress: progress })
        const { missing, changed } = await migrationStatus(engine, runner)
        if (!json) {
          for (const name of missing)
            context.stderr.write(
              `${err.yellow('warning')} ${name} is applied but its file is missing\n`,
            )
          for (const name of changed)
            context.stderr.write(
              `${err.yellow('warning')} ${name} changed since it was applied (checksum differs)\n`,
            )
        }
        if (json) emit({ applied, missing, changed })
        else if (applied.length === 0) print('Nothing to apply: the database is up to date.')
        else
          print(
            `Applied ${applied.length} migration(s) in ${formatMs(applied.reduce((sum, m) => sum + m.durationMs, 0))}.`,
          )
        return 0
      }
      case 'down': {
        const steps = values.steps === undefined ? undefined : Number(values.steps)
        const reverted = await rollback(engine, {
          ...runner,
          steps,
          to: values.to,
          onProgress: progress,
        })
        if (json) emit({ reverted })
        else if (reverted.length === 0) print('Nothing to revert.')
        else print(`Reverted ${reverted.length} migration(s).`)
        return 0
      }
      case 'status': {
        const status = await migrationStatus(engine, runner)
        if (json) {
          emit(status)
          return 0
        }
        for (const row of status.applied) {
          const mark = row.changed ? ` ${out.yellow('(changed since applied)')}` : ''
          print(
            `  ${out.green('applied')}  ${row.name}  ${out.dim(row.appliedAt.toISOString())}${mark}`,
          )
        }
        for (const name of status.missing)
          print(`  ${out.red('missing')}  ${name}  ${out.dim('(applied, file not found)')}`)
        for (const name of status.pending) print(`  ${out.yellow('pending')}  ${name}`)
        print(
          `${status.applied.length} applied, ${status.pending.length} pending, ${status.missing.length} missing, ${status.changed.length} changed.`,
        )
        return 0
      }
      case 'check': {
        const db = await loadModels(needModels())
        const { up } = await compareWithModels(db, engine, compare)
        const status = await migrationStatus(engine, runner)
        const drift = up.operations.length > 0
        if (json) {
          emit({ inSync: !drift, operations: up.operations, pending: status.pending })
        } else if (drift) {
          print(out.red('The database differs from the models:'))
          for (const operation of up.operations) print(`  - ${operation.summary}`)
          if (status.pending.length > 0)
            print(`Pending migrations: ${status.pending.join(', ')} (run gino-ts migrate up).`)
          else print('Generate a migration: gino-ts migrate generate <name>')
        } else {
          print(out.green('The database matches the models.'))
        }
        return drift ? 1 : 0
      }
      case 'sql': {
        const steps = values.steps === undefined ? undefined : Number(values.steps)
        const plans = await migrationSql(engine, {
          ...runner,
          direction: values.down === true ? 'down' : 'up',
          to: values.to,
          steps,
        })
        if (json) {
          emit(plans)
          return 0
        }
        if (plans.length === 0) print('-- Nothing to run.')
        for (const plan of plans) {
          print(`-- ${plan.name} (${plan.direction})`)
          for (const statement of plan.statements) print(`${statement};`)
          print()
        }
        return 0
      }
    }
    return 2
  } catch (error) {
    const code = error instanceof GinoError ? error.code : 'ERROR'
    // A QueryError's message carries its SQL: show the driver's words only.
    const message =
      error instanceof QueryError
        ? error.cause instanceof Error
          ? error.cause.message
          : 'query failed'
        : error instanceof Error
          ? error.message
          : String(error)
    if (json) emit({ error: { code, message } })
    else context.stderr.write(`${err.red('error:')} ${message} ${err.dim(`[${code}]`)}\n`)
    return 1
  } finally {
    await engine?.close()
  }
}
