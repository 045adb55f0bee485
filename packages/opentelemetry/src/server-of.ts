/** A PostgreSQL server's address, as the `server.*` semantic-convention attributes name it. */
export interface ServerAddress {
  readonly address: string
  /** The port, 5432 when the URL names none. */
  readonly port: number
}

/**
 * The host and port of a (masked) engine URL; `undefined` for PGlite, a Unix socket, or a
 * URL that cannot be read. Only these two parts are taken: never the user or password.
 *
 * @example
 * ```ts
 * serverOf('postgres://app:***@db.internal:6432/app') // { address: 'db.internal', port: 6432 }
 * ```
 */
export function serverOf(url: string): ServerAddress | undefined {
  if (!/^postgres(?:ql)?:\/\//i.test(url)) return undefined
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  const address = decodeURIComponent(parsed.hostname)
  if (address === '' || address.startsWith('/')) return undefined
  return { address, port: parsed.port === '' ? 5432 : Number(parsed.port) }
}
