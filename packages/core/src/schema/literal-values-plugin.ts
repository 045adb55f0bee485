import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  ValueNode,
} from 'kysely'

class LiteralValuesTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    return ValueNode.createImmediate(node.value)
  }
}

/**
 * DDL takes no bind parameters, so values inside a server default, a check or an index
 * predicate (`sql\`price >= ${0}\``) are written as SQL literals, quoted and escaped by
 * Kysely's compiler (never spliced in as raw SQL).
 */
export class LiteralValuesPlugin implements KyselyPlugin {
  readonly #transformer = new LiteralValuesTransformer()

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node)
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result)
  }
}
