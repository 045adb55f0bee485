import { type AliasedExpression, sql } from 'kysely'
import type { FieldInfo, FieldParser } from '../dialect/driver-adapter.js'
import {
  type LoadContext,
  type RowLoader,
  TO_LOADER,
  type LoaderSource,
} from '../execution/loader-hook.js'
import { FieldResolver, LabelTable } from './field-resolver.js'
import { LoaderError } from './loader-error.js'
import {
  COMPILE,
  type CompileScope,
  type LoaderVisitor,
  type Placement,
  type Reader,
  VISIT,
} from './reader.js'

/** The per-execution state of a loader: its compiled reader (and so its distinct caches). */
class LoaderRun {
  readonly reader: Reader

  constructor(reader: Reader) {
    this.reader = reader
  }

  load(rows: readonly unknown[]): unknown[] {
    const reader = this.reader
    const out: unknown[] = []
    for (let i = 0; i < rows.length; i++) {
      const value = reader.read(rows[i] as readonly unknown[])
      if (reader.fresh) out.push(value)
    }
    return out
  }
}

/**
 * The base of every loader. A loader turns the rows of one result into objects: model
 * instances, columns, tuples of those, with related objects attached. Pass one wherever a
 * loader is taken (`db.all(query, { loader })`, `text(...).withLoader(loader)`, nested in
 * another loader); `toLoader()` makes one from a model, an alias, a column, an array...
 *
 * Loaders read rows as arrays and find their columns by name once per result, so a
 * column name shared by two joined tables is never taken from the wrong one: each loader
 * looks for its own label (`users__id`, see `selection()`) and accepts a plain name only
 * when the result has exactly one column of that name.
 *
 * Loaders are immutable; their methods return new loaders.
 */
export abstract class Loader<T> implements RowLoader<T>, LoaderSource<T> {
  readonly rowMode = 'texts' as const
  /** @internal Type-level carrier of what the loader produces. */
  declare readonly __loaded: T
  #labels: LabelTable | undefined;

  /** @internal */
  abstract [VISIT](visitor: LoaderVisitor): void
  /** @internal */
  abstract [COMPILE](scope: CompileScope, placement: Placement): Reader

  [TO_LOADER](): RowLoader<T> {
    return this
  }

  /** @internal The labels this loader selects its columns under when it is the root. */
  labels(): LabelTable {
    if (this.#labels === undefined) {
      const labels = new LabelTable()
      this[VISIT](labels)
      this.#labels = labels
    }
    return this.#labels
  }

  /**
   * The select list this loader reads, each column under a unique label
   * (`"users"."id" as "users__id"`), plus its named expressions. Add it to a query you
   * write yourself so joined tables' same-named columns stay apart.
   *
   * @example
   * ```ts
   * const loader = toLoader(User).with({ parent: Parent })
   * const users = await db.all(User.outerJoin(Parent).select(loader.selection()).where('users.id', '<', 10), { loader })
   * // select "users"."id" as "users__id", ..., "parent"."id" as "parent__id", ... from "users" left join ...
   * ```
   */
  selection(): Array<AliasedExpression<unknown, string>> {
    return this.labels().entries.map((entry) =>
      entry.kind === 'column'
        ? sql.ref(`${entry.ref}.${entry.column}`).as(entry.label)
        : entry.expression,
    )
  }

  /**
   * Loads one batch of rows (the `RowLoader` hook). Positions are resolved on the first
   * batch of an execution and kept in `context` with the distinct caches, so the chunks
   * of a cursor continue one another. Without column names (Kysely's own `execute()`)
   * the row must be exactly this loader's `selection()`. With `parsers` the rows are
   * field texts, and each reader parses only the values it uses.
   */
  load(rows: readonly unknown[], fields: readonly FieldInfo[], context: LoadContext, parsers?: readonly FieldParser[]): T[] {
    let run = context.get(this) as LoaderRun | undefined
    if (run === undefined) {
      if (rows.length === 0) return []
      const labels = this.labels()
      const names = fields.length > 0 ? fields.map((field) => field.name) : labels.names
      const width = (rows[0] as readonly unknown[]).length
      if (fields.length === 0 && width !== names.length) {
        throw new LoaderError(
          'MISSING_COLUMN',
          `Without column names (Kysely's own execute()) a loader can only read rows that are exactly its selection() ` +
            `(${names.length} columns); these have ${width}. Run the query with db.all() / db.first() / db.iterate().`,
        )
      }
      run = new LoaderRun(
        this[COMPILE]({ resolver: new FieldResolver(names, labels), context, parsers }, 'top'),
      )
      context.set(this, run)
    }
    return run.load(rows) as T[]
  }
}
