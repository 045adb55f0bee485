import { parseEngineUrl } from '../engine/url.js'

/**
 * The URL of database `name` on the server of `baseUrl`: the base URL with its database
 * replaced (the name URL-encoded, any `dbname` parameter dropped). On PGlite each name
 * gets its own database: a fresh in-memory instance, or a sub-folder of the data folder.
 *
 * @example
 * ```ts
 * databaseUrl('postgres://app:pw@db:5432/main?sslmode=require', 'tenant_1')
 * // 'postgres://app:pw@db:5432/tenant_1?sslmode=require'
 * databaseUrl('socket:/var/run/postgresql?db=main', 'tenant_1')
 * // 'socket:/var/run/postgresql?db=tenant_1'
 * ```
 */
export function databaseUrl(baseUrl: string, name: string): string {
  const target = parseEngineUrl(baseUrl)
  if (target.driver === 'pglite') {
    if (target.dataDir === undefined) return 'pglite://'
    return `pglite://${target.dataDir.replace(/\/+$/, '')}/${encodeURIComponent(name)}`
  }
  const url = new URL(baseUrl)
  // socket:/folder?db=name keeps the socket folder in its path and names the database in `db`.
  if (url.protocol === 'socket:') {
    url.searchParams.set('db', name)
    return url.toString()
  }
  url.pathname = `/${encodeURIComponent(name)}`
  url.searchParams.delete('dbname')
  return url.toString()
}
