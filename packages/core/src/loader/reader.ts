import type { AliasedExpression } from 'kysely'
import type { FieldParser } from '../dialect/driver-adapter.js'
import type { LoadContext } from '../execution/loader-hook.js'
import type { FieldResolver } from './field-resolver.js'

/** What a reader returns when its part of the row holds nothing (an outer join without a match). */
export const NONE: unique symbol = Symbol('gino-ts.loader.none')
export type None = typeof NONE

/**
 * How a loader is placed: `top` always yields (the result's own objects), `sub` yields
 * nothing when its columns are all NULL, `item` (inside a tuple) yields null then.
 */
export type Placement = 'top' | 'sub' | 'item'

/**
 * A loader compiled against one result's columns: positions resolved once, then `read`
 * is called for every row. Readers hold the per-result state (distinct caches), so one is
 * made per execution (and shared by every chunk of a cursor).
 */
export abstract class Reader {
  /** False after `read` returned an object that an earlier row already produced (distinct). */
  fresh = true
  abstract read(row: readonly unknown[]): unknown
}

/** What compiling a loader sees: the result's columns and the execution's context. */
export interface CompileScope {
  readonly resolver: FieldResolver
  readonly context: LoadContext
  /**
   * Each field's parser when the rows are texts (see `RowMode`): a reader parses the
   * values it uses. Undefined when the rows are parsed already.
   */
  readonly parsers: readonly FieldParser[] | undefined
}

/** One column a loader reads: `ref` is the table or alias name that qualifies it. */
export interface ColumnNeed {
  readonly ref: string
  readonly column: string
}

/** Walks a loader tree for the columns and named expressions it reads. */
export interface LoaderVisitor {
  column(ref: string, column: string): void
  expression(alias: string, expression: AliasedExpression<unknown, string>): void
}

/** @internal Compiles a loader against a result. */
export const COMPILE: unique symbol = Symbol('gino-ts.loader.compile')
/** @internal Lists what a loader reads. */
export const VISIT: unique symbol = Symbol('gino-ts.loader.visit')
