import { sql } from 'kysely'
import type { GinoDatabase } from '../model/gino-database.js'
import type { QueryMethods } from '../execution/query-methods.js'
import type { ColumnBuilder } from '../model/column.js'
import { column } from '../model/column-types.js'
import { createEnums } from './table-operations.js'
import { qualify } from './qualified.js'

/** Options of `EnumType.create()` / `drop()`. */
export interface EnumTypeOptions {
  /** Skip an existing type (create) / a missing one (drop). Default `true`. */
  checkFirst?: boolean
  /** Run on this engine or connection instead of the context's / `db.bind`. */
  bind?: QueryMethods
  /** `drop()` only: `CASCADE`, dropping the columns that use the type. Default false. */
  cascade?: boolean
}

/**
 * A PostgreSQL enum type handled on its own (SQLAlchemy's `Enum.create()` / `drop()`),
 * declared with `db.enumType()`. Its `column()` makes columns of it; `createAll()` also
 * creates it for those columns.
 *
 * @example
 * ```ts
 * const Mood = db.enumType('mood', ['sad', 'ok', 'happy'])
 * await Mood.create()            // CREATE TYPE mood AS ENUM (...), unless it exists
 * class Person extends db.model('people', { id: column.serial().primaryKey(), mood: Mood.column().notNull() }) {}
 * await Mood.drop({ cascade: true })
 * ```
 */
export class EnumType<V extends string = string> {
  readonly name: string
  readonly schema: string | undefined
  readonly values: readonly V[]
  readonly #db: GinoDatabase

  /** @internal Use `db.enumType()`. */
  constructor(db: GinoDatabase, name: string, values: readonly V[], schema: string | undefined) {
    this.#db = db
    this.name = name
    this.values = values
    this.schema = schema
    // Validates the name, schema and values once, as column.enum() does.
    this.column()
  }

  /** A column of this type (nullable until `notNull()`). */
  column(): ColumnBuilder<V | null> {
    const values = this.values as unknown as readonly [V, ...V[]]
    return column.enum(this.name, values, this.schema === undefined ? {} : { schema: this.schema })
  }

  /** `CREATE TYPE ... AS ENUM (...)`; with `checkFirst` (default) nothing when it exists. */
  async create(options: EnumTypeOptions = {}): Promise<void> {
    const runner = options.bind ?? this.#db
    await createEnums(this.#db, runner, [this], options.checkFirst ?? true)
  }

  /** `DROP TYPE [IF EXISTS] ... [CASCADE]`. */
  async drop(options: EnumTypeOptions = {}): Promise<void> {
    const runner = options.bind ?? this.#db
    const ifExists = (options.checkFirst ?? true) ? sql`IF EXISTS ` : sql``
    const cascade = options.cascade === true ? sql` CASCADE` : sql``
    await runner.status(sql`DROP TYPE ${ifExists}${sql.table(qualify(this.schema, this.name))}${cascade}`)
  }
}
