import type { AdminListQuery } from '../data/types.js'

/** Builds the admin's URLs below its prefix; every dynamic part is percent-encoded. */
export class AdminUrls {
  constructor(readonly prefix: string) {}

  index(): string {
    return `${this.prefix}/`
  }
  asset(name: string, version: string): string {
    return `${this.prefix}/_assets/${name}?v=${version}`
  }
  login(): string {
    return `${this.prefix}/_login`
  }
  list(model: string, params?: ListParams): string {
    const query = params === undefined ? '' : listQueryString(params)
    return `${this.prefix}/${encodeURIComponent(model)}${query === '' ? '' : `?${query}`}`
  }
  create(model: string): string {
    return `${this.prefix}/${encodeURIComponent(model)}/_new`
  }
  bulkDelete(model: string): string {
    return `${this.prefix}/${encodeURIComponent(model)}/_delete`
  }
  choices(model: string): string {
    return `${this.prefix}/${encodeURIComponent(model)}/_choices`
  }
  row(model: string, key: string): string {
    return `${this.prefix}/${encodeURIComponent(model)}/${encodeURIComponent(key)}`
  }
  edit(model: string, key: string): string {
    return `${this.row(model, key)}/edit`
  }
  delete(model: string, key: string): string {
    return `${this.row(model, key)}/delete`
  }
}

/** A list page's state as it travels in its query string. */
export interface ListParams {
  readonly filters?: Readonly<Record<string, string>>
  readonly search?: string
  readonly sort?: AdminListQuery['sort']
  readonly cursor?: string
}

/** Filters travel as `f.<field>`, search as `q`, sort as `sort` and `dir`. */
export const FILTER_PREFIX = 'f.'

export function listQueryString(params: ListParams): string {
  const query = new URLSearchParams()
  for (const [field, value] of Object.entries(params.filters ?? {})) {
    if (value !== '') query.append(`${FILTER_PREFIX}${field}`, value)
  }
  if (params.search !== undefined && params.search !== '') query.append('q', params.search)
  if (params.sort !== undefined) {
    query.append('sort', params.sort.field)
    query.append('dir', params.sort.direction)
  }
  if (params.cursor !== undefined) query.append('cursor', params.cursor)
  return query.toString()
}
