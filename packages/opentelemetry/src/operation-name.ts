/**
 * The operation of a statement: its first SQL keyword, upper-cased (`SELECT`, `INSERT`,
 * `WITH`...), after leading whitespace and comments; `undefined` when there is none.
 *
 * @example
 * ```ts
 * operationName('select "id" from "users"') // 'SELECT'
 * ```
 */
export function operationName(sql: string): string | undefined {
  const match = /^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*([A-Za-z]+)/.exec(sql)
  return match?.[1]?.toUpperCase()
}
