import { type RawBuilder, sql } from 'kysely'
import type { GinoDatabase } from '../model/gino-database.js'
import type { QueryMethods } from '../execution/query-methods.js'
import { SEQUENCE_SPEC, type SequenceSource, type SequenceSpec } from '../model/column.js'
import type { ModelMeta } from '../model/model-meta.js'
import { ModelDefinitionError } from '../model/model-errors.js'
import { qualify } from './qualified.js'

/** Options of `db.sequence()`. */
export interface SequenceOptions {
  /** Schema of the sequence; default: the search path. */
  readonly schema?: string
  /** `START WITH`. */
  readonly start?: number
  /** `INCREMENT BY`. */
  readonly increment?: number
}

/** Options of `Sequence.create()` / `drop()`. */
export interface SequenceDdlOptions {
  /** Skip an existing sequence (create) / a missing one (drop). Default `true`. */
  checkFirst?: boolean
  /** Run on this engine or connection instead of the context's / `db.bind`. */
  bind?: QueryMethods
}

const NAME = /^[A-Za-z_][A-Za-z0-9_$]*$/

/** `CREATE SEQUENCE [IF NOT EXISTS] ...` (numbers are validated integers). */
export function createSequenceQuery(spec: SequenceSpec, ifNotExists: boolean): RawBuilder<unknown> {
  const parts = [sql`CREATE SEQUENCE `]
  if (ifNotExists) parts.push(sql`IF NOT EXISTS `)
  parts.push(sql.table(qualify(spec.schema, spec.name)))
  if (spec.increment !== undefined) parts.push(sql` INCREMENT BY ${sql.lit(spec.increment)}`)
  if (spec.start !== undefined) parts.push(sql` START WITH ${sql.lit(spec.start)}`)
  return sql.join(parts, sql``)
}

/** `DROP SEQUENCE [IF EXISTS] ...`. */
export function dropSequenceQuery(spec: SequenceSpec, ifExists: boolean): RawBuilder<unknown> {
  return sql`DROP SEQUENCE ${ifExists ? sql`IF EXISTS ` : sql``}${sql.table(qualify(spec.schema, spec.name))}`
}

/** The sequences the models' columns take defaults from, once each. */
export function sequencesOf(metas: readonly ModelMeta[]): SequenceSpec[] {
  const found = new Map<string, SequenceSpec>()
  for (const meta of metas) {
    for (const column of meta.columns) {
      const spec = column.spec.sequence
      if (spec !== undefined) found.set(qualify(spec.schema, spec.name), spec)
    }
  }
  return [...found.values()]
}

/**
 * A PostgreSQL sequence (SQLAlchemy's `Sequence`), declared with `db.sequence()`. A
 * column takes its values with `column.integer().default(sequence)`; `createAll()` /
 * `dropAll()` create and drop every sequence of the `db` (with `models`, those their
 * columns use); `create()` / `drop()` do it on its own; `next()` is `nextval(...)` for a query, `nextValue()` runs it.
 *
 * @example
 * ```ts
 * const ticket = db.sequence('ticket_seq', { start: 100 })
 * await ticket.create()
 * const n = await ticket.nextValue() // '100' (bigint, read as a string)
 * ```
 */
export class Sequence implements SequenceSource {
  readonly [SEQUENCE_SPEC]: SequenceSpec
  readonly #db: GinoDatabase

  /** @internal Use `db.sequence()`. */
  constructor(db: GinoDatabase, name: string, options: SequenceOptions) {
    if (!NAME.test(name)) throw new ModelDefinitionError(`Invalid sequence name "${name}".`)
    if (options.schema !== undefined && !NAME.test(options.schema)) {
      throw new ModelDefinitionError(`Invalid schema name "${options.schema}" for sequence ${name}.`)
    }
    for (const key of ['start', 'increment'] as const) {
      const value = options[key]
      if (value !== undefined && (!Number.isSafeInteger(value) || (key === 'increment' && value === 0))) {
        throw new ModelDefinitionError(`Sequence ${name}: ${key} must be a non-zero safe integer.`)
      }
    }
    this.#db = db
    this[SEQUENCE_SPEC] = { name, schema: options.schema, start: options.start, increment: options.increment }
  }

  /** The sequence's name. */
  get name(): string {
    return this[SEQUENCE_SPEC].name
  }

  /** `nextval('<sequence>')` as an SQL expression (bigint, read as a string). */
  next(): RawBuilder<string> {
    return sql<string>`nextval(${sql.lit(qualify(this[SEQUENCE_SPEC].schema, this.name))}::regclass)`
  }

  /** Runs `SELECT nextval(...)`. */
  async nextValue(options: { bind?: QueryMethods } = {}): Promise<string> {
    const value = await (options.bind ?? this.#db).scalar(sql<{ value: string }>`SELECT ${this.next()} AS value`)
    return value!
  }

  /** `CREATE SEQUENCE` (with `checkFirst`, the default: `IF NOT EXISTS`). */
  async create(options: SequenceDdlOptions = {}): Promise<void> {
    await (options.bind ?? this.#db).status(createSequenceQuery(this[SEQUENCE_SPEC], options.checkFirst ?? true))
  }

  /** `DROP SEQUENCE` (with `checkFirst`, the default: `IF EXISTS`). */
  async drop(options: SequenceDdlOptions = {}): Promise<void> {
    await (options.bind ?? this.#db).status(dropSequenceQuery(this[SEQUENCE_SPEC], options.checkFirst ?? true))
  }
}
