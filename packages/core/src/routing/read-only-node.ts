import type { OperationNode } from 'kysely'
import { isReadOnlyFunction } from './read-only-functions.js'
import { isReadOnlyText } from './read-only-text.js'

/** Nodes that change data wherever they appear (a data-modifying CTE, a subquery...). */
const WRITING_KINDS = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode'])
/** Nodes whose fields hold the user's values, not nodes: not walked. */
const VALUE_KINDS = new Set(['ValueNode', 'PrimitiveValueListNode'])

interface AnyNode {
  readonly kind: string
  readonly [field: string]: unknown
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string'
}

/**
 * True when a Kysely query only reads: a `SelectQueryNode` with no `FOR UPDATE` / `FOR
 * SHARE` lock, no insert, update, delete or merge anywhere in it, every function call on the
 * read-only allow-list (or `extra`), and every `sql` fragment in it plainly read-only (see
 * `isReadOnlyText`).
 */
export function isReadOnlyNode(root: OperationNode, extra: ReadonlySet<string>): boolean {
  return root.kind === 'SelectQueryNode' && reads(root as unknown as AnyNode, extra)
}

function reads(node: AnyNode, extra: ReadonlySet<string>): boolean {
  switch (node.kind) {
    case 'SelectModifierNode':
      // DISTINCT, NOWAIT and SKIP LOCKED come with no lock of their own; a raw modifier may be one.
      return typeof node.modifier === 'string' && !node.modifier.startsWith('For')
    case 'FunctionNode':
    case 'AggregateFunctionNode':
      if (!isReadOnlyFunction(node.func as string, extra)) return false
      break
    case 'RawNode': {
      const fragments = node.sqlFragments as readonly string[]
      if (!isReadOnlyText(fragments.join(' $0 '), extra, true)) return false
      break
    }
    default:
      if (WRITING_KINDS.has(node.kind)) return false
      if (VALUE_KINDS.has(node.kind)) return true
  }
  for (const key in node) {
    const value = node[key]
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item) && !reads(item, extra)) return false
    } else if (isNode(value) && !reads(value, extra)) {
      return false
    }
  }
  return true
}
