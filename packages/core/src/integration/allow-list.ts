import { InvalidOptionError } from '../errors.js'

/**
 * The names requests may use, as the `databases` and `schemas` options take them: a list,
 * or a predicate. Required: there is no "allow all" default.
 */
export type AllowList = readonly string[] | ((name: string) => boolean)

/** An `allow` option as a predicate; `InvalidOptionError` naming `option` when it is neither form. */
export function allowListCheck(option: string, allow: unknown): (name: string) => boolean {
  if (typeof allow === 'function') return allow as (name: string) => boolean
  if (Array.isArray(allow)) {
    const names = new Set<unknown>(allow)
    return (name) => names.has(name)
  }
  throw new InvalidOptionError(
    option,
    `Option "${option}" must be an array of names or a predicate.`,
  )
}
