import type { AliasedExpression } from 'kysely'
import { LoaderError } from './loader-error.js'
import type { LoaderVisitor } from './reader.js'

// PostgreSQL truncates identifiers past NAMEDATALEN - 1 bytes; a longer label would come back changed.
const MAX_IDENTIFIER_BYTES = 63
const DUPLICATE = -2

/**
 * The labels a loader selects its columns under: `"users"."id" AS "users__id"`, so the
 * same column name from two tables arrives under two names. A label PostgreSQL would
 * truncate, or one already taken, falls back to `gino_<n>`.
 */
export class LabelTable implements LoaderVisitor {
  readonly #labels = new Map<string, string>()
  readonly #taken = new Set<string>()
  /** In select-list order: qualified columns and named expressions. */
  readonly entries: Array<
    | {
        readonly kind: 'column'
        readonly ref: string
        readonly column: string
        readonly label: string
      }
    | {
        readonly kind: 'expression'
        readonly label: string
        readonly expression: AliasedExpression<unknown, string>
      }
  > = []

  column(ref: string, column: string): void {
    const key = `${ref}.${column}`
    if (this.#labels.has(key)) return
    let label = `${ref}__${column}`
    if (Buffer.byteLength(label) > MAX_IDENTIFIER_BYTES || this.#taken.has(label)) {
      let n = this.entries.length
      while (this.#taken.has(`gino_${n}`)) n++
      label = `gino_${n}`
    }
    this.#labels.set(key, label)
    this.#taken.add(label)
    this.entries.push({ kind: 'column', ref, column, label })
  }

  expression(alias: string, expression: AliasedExpression<unknown, string>): void {
    const known = this.entries.find((entry) => entry.kind === 'expression' && entry.label === alias)
    if (known !== undefined) {
      if (known.kind === 'expression' && known.expression === expression) return
      throw new LoaderError(
        'INVALID_LOADER',
        `Two different expressions are labelled "${alias}" in one loader.`,
      )
    }
    if (this.#taken.has(alias)) {
      throw new LoaderError(
        'INVALID_LOADER',
        `The expression label "${alias}" is also the label of a model column; rename it.`,
      )
    }
    this.#taken.add(alias)
    this.entries.push({ kind: 'expression', label: alias, expression })
  }

  /** The label of a column the loader reads. */
  labelOf(ref: string, column: string): string | undefined {
    return this.#labels.get(`${ref}.${column}`)
  }

  /** Every label, in select-list order. */
  get names(): string[] {
    return this.entries.map((entry) => entry.label)
  }
}

/**
 * Finds where each column a loader needs sits in one result. A qualified column
 * (`users.id`) is looked up by its label (`users__id`) first, then by its plain name
 * (`id`) when that name is unique in the result. A name that appears twice is an error,
 * never a guess, and so is one result column claimed as two different table columns.
 */
export class FieldResolver {
  /** Column names of the result, by position. */
  readonly names: readonly string[]
  readonly #labels: LabelTable
  readonly #positions = new Map<string, number>()
  readonly #claims = new Map<number, string>()

  constructor(names: readonly string[], labels: LabelTable) {
    this.names = names
    this.#labels = labels
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!
      this.#positions.set(name, this.#positions.has(name) ? DUPLICATE : i)
    }
  }

  /** Position of the result column named exactly `name`; -1 when absent, an error when there are several. */
  named(name: string, wanted: string = `"${name}"`): number {
    const position = this.#positions.get(name)
    if (position === undefined) return -1
    if (position === DUPLICATE) {
      throw new LoaderError(
        'AMBIGUOUS_COLUMN',
        `The result has several columns named "${name}"; the loader cannot tell which one is ${wanted}. ` +
          'Select them under distinct labels (loader.selection() writes such a select list) or rename them in the query.',
      )
    }
    return position
  }

  /** Position of column `column` of table (or alias) `ref`; -1 when the result lacks it. */
  column(ref: string, column: string): number {
    const qualified = `${ref}.${column}`
    const label = this.#labels.labelOf(ref, column)
    let position = label === undefined ? -1 : this.named(label, qualified)
    if (position < 0) position = this.named(column, qualified)
    if (position < 0) return -1
    const claimed = this.#claims.get(position)
    if (claimed === undefined) this.#claims.set(position, qualified)
    else if (claimed !== qualified) {
      throw new LoaderError(
        'AMBIGUOUS_COLUMN',
        `Result column "${this.names[position]}" would be read both as ${claimed} and as ${qualified}. ` +
          `Select each under its own label (e.g. "${this.#labels.labelOf(...split(claimed)) ?? claimed}" and "${label ?? qualified}"); ` +
          'loader.selection() writes such a select list.',
      )
    }
    return position
  }
}

function split(qualified: string): [string, string] {
  const dot = qualified.lastIndexOf('.')
  return [qualified.slice(0, dot), qualified.slice(dot + 1)]
}
