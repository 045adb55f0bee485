import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'
import { attachLoader, type RowLoader } from '../execution/loader-hook.js'

/**
 * Tags every query built through it with a loader: `db.all(query)` then returns loaded
 * objects, and so does Kysely's own `query.execute()`.
 *
 * @example
 * ```ts
 * const users = kysely.withPlugin(new LoaderPlugin(User[TO_LOADER]())).selectFrom('users').selectAll()
 * ```
 */
export class LoaderPlugin implements KyselyPlugin {
  readonly loader: RowLoader<unknown>

  constructor(loader: RowLoader<unknown>) {
    this.loader = loader
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    attachLoader(args.queryId, this.loader)
    return args.node
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const rows = this.loader.load(args.result.rows, [], new Map()) as UnknownRow[]
    return Promise.resolve({ ...args.result, rows })
  }
}
