import type { Kysely } from 'kysely'
import { GinoError } from '../errors.js'
import { ModelAlias } from './alias.js'
import type { ModelMeta } from './model-meta.js'
import type { ColumnRef } from './column-ref.js'
import { metaOf } from './meta-of.js'
import type { ModelShape } from './model-shape.js'
import { resolveReference } from './references.js'

/** A model class or an alias of one. */
export type Joinable = ModelShape | ModelAlias

/** One side of an `ON` pair: a column reference or `'table.column'`. */
export type JoinRef = ColumnRef | string

/** An explicit `ON`: one pair of columns, or several for composite keys. */
export type JoinOn = readonly [JoinRef, JoinRef] | ReadonlyArray<readonly [JoinRef, JoinRef]>

interface Side {
  readonly meta: ModelMeta
  /** Name that qualifies its columns (alias or table). */
  readonly ref: string
  /** Table expression for FROM / JOIN. */
  readonly expression: string
}

function side(joinable: Joinable): Side {
  if (joinable instanceof ModelAlias) {
    return { meta: joinable.meta, ref: joinable.name, expression: joinable.tableExpression }
  }
  const meta = metaOf(joinable)
  return {
    meta,
    ref: meta.tableName,
    expression: meta.schema === undefined ? meta.tableName : `${meta.schema}.${meta.tableName}`,
  }
}

function referencing(from: Side, to: Side): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const column of from.meta.columns) {
    if (column.spec.references === undefined) continue
    const target = resolveReference(column.spec.references.target)
    const sameSchema = (target.schema ?? to.meta.schema) === to.meta.schema
    if (target.table === to.meta.tableName && sameSchema) {
      pairs.push([`${from.ref}.${column.name}`, `${to.ref}.${target.column}`])
    }
  }
  return pairs
}

function describe(side: Side): string {
  return side.ref === side.meta.tableName ? side.ref : `${side.meta.tableName} as ${side.ref}`
}

/**
 * The `ON` pairs joining `left` to `right`, from the single foreign key between them.
 * For a table joined to itself (through an alias) only `left`'s key to `right` counts:
 * `User.outerJoin(Parent)` joins each user to its parent. No key, or several, is an
 * error naming the candidates: pass an explicit `on` then.
 */
export function inferJoinOn(left: Joinable, right: Joinable): Array<[string, string]> {
  const l = side(left)
  const r = side(right)
  const candidates = referencing(l, r)
  if (l.meta !== r.meta) candidates.push(...referencing(r, l).map(([a, b]): [string, string] => [b, a]))
  if (candidates.length === 1) return candidates
  if (candidates.length === 0) {
    throw new GinoError('NO_FOREIGN_KEY', `No foreign key joins ${describe(l)} and ${describe(r)}; pass an explicit on.`)
  }
  throw new GinoError(
    'AMBIGUOUS_FOREIGN_KEY',
    `Several foreign keys join ${describe(l)} and ${describe(r)} (${candidates.map(([a, b]) => `${a} = ${b}`).join('; ')}); pass an explicit on.`,
  )
}

function normalizeOn(on: JoinOn): Array<[string, string]> {
  const pairs = (typeof on[0] === 'string' || !Array.isArray(on[0]) ? [on] : on) as ReadonlyArray<readonly [JoinRef, JoinRef]>
  return pairs.map(([a, b]) => [String(a), String(b)])
}

type Untyped = Kysely<Record<string, Record<string, unknown>>>

/** `SELECT ... FROM left JOIN right ON ...`, as a Kysely builder to add a select list to. */
export function joinModels(left: Joinable, right: Joinable, kind: 'inner' | 'left', on: JoinOn | undefined): unknown {
  const l = side(left)
  const r = side(right)
  const pairs = on === undefined ? inferJoinOn(left, right) : normalizeOn(on)
  const kysely = l.meta.db.kysely as unknown as Untyped
  const from = kysely.selectFrom(l.expression)
  const condition = (join: { onRef(a: string, op: '=', b: string): unknown }): never => {
    let current = join
    for (const [a, b] of pairs) current = current.onRef(a, '=', b) as typeof join
    return current as never
  }
  return kind === 'inner' ? from.innerJoin(r.expression, condition) : from.leftJoin(r.expression, condition)
}
