/** The framework-neutral request and response of the admin's core (adapters translate). */

/** Query or form fields: repeated names (`key=1&key=2`) give arrays. */
export type AdminFields = Readonly<Record<string, string | readonly string[] | undefined>>

export interface AdminRequest {
  readonly method: string
  /** The path below the admin's prefix, starting with `/` (`/users/5`), not decoded. */
  readonly path: string
  readonly query: AdminFields
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>
  /** Parsed from the `Cookie` header when absent. */
  readonly cookies?: Readonly<Record<string, string>>
  /** A parsed form (`application/x-www-form-urlencoded`) or JSON object body. */
  readonly body?: AdminFields
  /** The request came over HTTPS (cookies get `Secure`). */
  readonly secure?: boolean
}

export interface AdminResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | readonly string[]>>
  readonly body: string | Uint8Array
}

/** The last value of a field (a checkbox after its hidden "false" posts both). */
export function lastValue(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined || typeof value === 'string') return value
  return value.length === 0 ? undefined : value[value.length - 1]
}

/** Every value of a field. */
export function allValues(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return []
  return typeof value === 'string' ? [value] : value
}

/** One header's first value. */
export function header(request: AdminRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()]
  return typeof value === 'string' ? value : value?.[0]
}
