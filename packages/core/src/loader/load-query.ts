import type { CompiledQuery, Kysely, SelectQueryBuilder } from 'kysely'
import { type LoaderSource, TO_LOADER } from '../execution/loader-hook.js'
import { LoaderPlugin } from '../kysely/loader-plugin.js'
import { ModelAlias } from '../model/alias.js'
import { inferJoinOn, type JoinOn } from '../model/join.js'
import { metaOf } from '../model/meta-of.js'
import { LoaderError } from './loader-error.js'
import type { Loader } from './loader.js'
import { ManyLoader } from './many-loader.js'
import { ModelLoader, type ModelSource } from './model-loader.js'
import type { Loaded } from './loader-types.js'
import { toLoader } from './to-loader.js'
import { TupleLoader } from './tuple-loader.js'

/**
 * The query `Model.load(...)` returns: a Kysely select builder (narrow it with `where`,
 * `orderBy`, `limit`...) whose rows load as `T` in `db.all` / `db.first` / `db.iterate`,
 * and a loader source itself (`{ loader: User.load(...) }`, or nested in another `load`).
 */
export type LoadQuery<DB, T> = { compile(): CompiledQuery<T> } & LoaderSource<T> &
  SelectQueryBuilder<DB, keyof DB & string, T>

type Untyped = Kysely<Record<string, Record<string, unknown>>>
type UntypedSelect = SelectQueryBuilder<Record<string, Record<string, unknown>>, string, object>
type Pair = readonly [string, string]

interface Join {
  readonly expression: string
  readonly pairs: readonly Pair[]
}

function tableExpression(source: ModelSource): string {
  if (source instanceof ModelAlias) return source.tableExpression
  const meta = metaOf(source, 'load()')
  return meta.schema === undefined ? meta.tableName : `${meta.schema}.${meta.tableName}`
}

function refOf(source: ModelSource): string {
  return source instanceof ModelAlias ? source.name : metaOf(source).tableName
}

function normalizeOn(on: JoinOn): Pair[] {
  const first = on[0]
  const pairs = (typeof first === 'string' || !Array.isArray(first) ? [on] : on) as ReadonlyArray<
    readonly [unknown, unknown]
  >
  return pairs.map(([a, b]): Pair => [String(a), String(b)])
}

function collectJoins(
  parent: ModelSource,
  loader: Loader<unknown>,
  joined: Set<string>,
  joins: Join[],
): void {
  if (loader instanceof ManyLoader) {
    collectJoins(parent, loader.element, joined, joins)
    return
  }
  if (loader instanceof TupleLoader) {
    for (const item of loader.items) collectJoins(parent, item, joined, joins)
    return
  }
  if (!(loader instanceof ModelLoader)) return
  const add = (source: ModelSource, pairs: readonly Pair[]): void => {
    const ref = refOf(source)
    if (joined.has(ref)) {
      throw new LoaderError(
        'LOADER_JOIN',
        `The loaded query would join "${ref}" twice; load the second one through an alias (Model.alias('name')).`,
      )
    }
    joined.add(ref)
    joins.push({ expression: tableExpression(source), pairs })
  }
  const through = loader.joinThrough
  const on = loader.joinOn
  if (through !== undefined) {
    add(through.source, inferJoinOn(parent, through.source))
    add(
      loader.source,
      through.on !== undefined
        ? normalizeOn(through.on)
        : on !== undefined
          ? normalizeOn(on)
          : inferJoinOn(through.source, loader.source),
    )
  } else {
    add(loader.source, on !== undefined ? normalizeOn(on) : inferJoinOn(parent, loader.source))
  }
  for (const [, sub] of loader.subLoaders) collectJoins(loader.source, sub, joined, joins)
}

/**
 * `SELECT <every column the loader reads, labelled> FROM <root> LEFT JOIN <each
 * sub-loaded table> ON <foreign key>`, with the loader attached.
 */
export function buildLoadQuery(root: ModelLoader<unknown>): unknown {
  const joins: Join[] = []
  const joined = new Set([root.ref])
  for (const [, sub] of root.subLoaders) collectJoins(root.source, sub, joined, joins)
  const kysely = root.meta.db.kysely as unknown as Untyped
  let query = kysely.selectFrom(tableExpression(root.source)) as UntypedSelect
  for (const { expression, pairs } of joins) {
    query = query.leftJoin(expression, (join) => {
      let on = join
      for (const [a, b] of pairs) on = on.onRef(a, '=', b)
      return on
    })
  }
  const loaded = query.select(root.selection()).withPlugin(new LoaderPlugin(root))
  Object.defineProperty(loaded, TO_LOADER, { value: () => root })
  return loaded
}

/**
 * Attaches a loader to a query you wrote: `db.all(query)`, `db.first`, `db.iterate` (and
 * Kysely's `execute()`) then return loaded objects, typed by the loader. GINO's
 * `query.gino.load(loader)`. Select the loader's columns apart with `loader.selection()`.
 *
 * @example
 * ```ts
 * const Parent = User.alias('parent')
 * const loader = toLoader(User).with({ parent: Parent })
 * const users = await db.all(withLoader(User.outerJoin(Parent).select(loader.selection()), loader))
 * ```
 */
export function withLoader<DB, TB extends keyof DB, O, const L>(
  query: SelectQueryBuilder<DB, TB, O>,
  loader: L,
): SelectQueryBuilder<DB, TB, Loaded<L>> {
  return query.withPlugin(new LoaderPlugin(toLoader(loader))) as unknown as SelectQueryBuilder<
    DB,
    TB,
    Loaded<L>
  >
}
