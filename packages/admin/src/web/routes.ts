import type { AdminData, AdminListQuery, AdminModel } from '../data/types.js'
import type { Html } from './html.js'
import { postedState, postedValues, rowState } from './form-values.js'
import { deletePage } from './pages/delete-page.js'
import { type FormChoices, formPage } from './pages/form-page.js'
import { indexPage } from './pages/index-page.js'
import type { PageContext } from './pages/layout.js'
import { listPage } from './pages/list-page.js'
import { rowPage } from './pages/row-page.js'
import { type AdminFields, type AdminRequest, allValues, lastValue } from './request.js'
import { FILTER_PREFIX, type ListParams } from './urls.js'

/** What a route answers; the handler turns it into headers and a body. */
export type RouteResult =
  | { readonly kind: 'page'; readonly status: number; readonly page: Html }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'json'; readonly body: unknown }
  | { readonly kind: 'not-found' }

const page = (content: Html, status = 200): RouteResult => ({ kind: 'page', status, page: content })
const redirect = (location: string): RouteResult => ({ kind: 'redirect', location })
const NOT_FOUND: RouteResult = { kind: 'not-found' }

/** Notices shown after a redirect (`?done=`): fixed texts, never echoed from the URL. */
const NOTICES: Record<string, string> = {
  created: 'Created.',
  saved: 'Saved.',
  deleted: 'Deleted.',
  none: 'Select rows to delete first.',
}

/** Foreign-key choices prefetched into each form's datalists. */
const FORM_CHOICES = 50
/** Choices the JSON endpoint answers. */
const JSON_CHOICES = 20
/** At most this many rows in one bulk deletion (a page holds at most 500). */
const MAX_BULK = 500

/** The admin's pages over one `AdminData`: each takes the parsed route and answers a result. */
export class AdminRoutes {
  constructor(
    private readonly data: AdminData,
    private readonly context: PageContext,
  ) {}

  index(): RouteResult {
    return page(indexPage(this.context))
  }

  async list(model: AdminModel, request: AdminRequest): Promise<RouteResult> {
    const params = listParams(model, request.query)
    const query: AdminListQuery = {
      filters: params.filters ?? {},
      ...(params.search === undefined ? {} : { search: params.search }),
      ...(params.sort === undefined ? {} : { sort: params.sort }),
      ...(params.cursor === undefined ? {} : { cursor: params.cursor }),
    }
    const result = await this.data.list(model.name, query)
    return page(listPage(this.context, model, result, params, notice(request)))
  }

  async row(model: AdminModel, key: string, request: AdminRequest): Promise<RouteResult> {
    const found = await this.data.get(model.name, key)
    if (found === undefined) return NOT_FOUND
    const related = await this.data.related(model.name, key)
    return page(rowPage(this.context, model, found, related, notice(request)))
  }

  async createForm(model: AdminModel): Promise<RouteResult> {
    return page(formPage(this.context, model, { values: {}, nulls: new Set() }, await this.choices(model)))
  }

  async create(model: AdminModel, body: AdminFields): Promise<RouteResult> {
    const result = await this.data.create(model.name, postedValues(model, body, true))
    if (result.ok) return redirect(`${this.context.urls.row(model.name, result.key)}?done=created`)
    const state = { ...postedState(model, body), errors: result.errors }
    return page(formPage(this.context, model, state, await this.choices(model)), 422)
  }

  async editForm(model: AdminModel, key: string): Promise<RouteResult> {
    const found = await this.data.get(model.name, key)
    if (found === undefined) return NOT_FOUND
    return page(formPage(this.context, model, rowState(model, found.row), await this.choices(model), found))
  }

  async update(model: AdminModel, key: string, body: AdminFields): Promise<RouteResult> {
    const found = await this.data.get(model.name, key)
    if (found === undefined) return NOT_FOUND
    const result = await this.data.update(model.name, key, postedValues(model, body, false))
    if (result.ok) return redirect(`${this.context.urls.row(model.name, result.key)}?done=saved`)
    // What was typed, over the row's values (read-only fields are not posted).
    const posted = postedState(model, body)
    const state = { values: { ...rowState(model, found.row).values, ...posted.values }, nulls: posted.nulls, errors: result.errors }
    return page(formPage(this.context, model, state, await this.choices(model), found), 422)
  }

  async deleteForm(model: AdminModel, key: string): Promise<RouteResult> {
    const found = await this.data.get(model.name, key)
    if (found === undefined) return NOT_FOUND
    return page(deletePage(this.context, model, [found], this.context.urls.delete(model.name, key)))
  }

  private async delete(model: AdminModel, keys: readonly string[], body: AdminFields, action: string): Promise<RouteResult> {
    const unique = [...new Set(keys)].slice(0, MAX_BULK)
    if (unique.length === 0) return redirect(`${this.context.urls.list(model.name)}?done=none`)
    const rows = []
    for (const key of unique) {
      const found = await this.data.get(model.name, key)
      if (found !== undefined) rows.push({ key: found.key, label: found.label })
    }
    if (rows.length === 0) return NOT_FOUND
    if (lastValue(body.confirm) !== '1') return page(deletePage(this.context, model, rows, action))
    const result = await this.data.delete(model.name, rows.map((row) => row.key))
    if (result.ok) return redirect(`${this.context.urls.list(model.name)}?done=deleted`)
    const message = result.errors.form ?? Object.values(result.errors.fields)[0] ?? 'These rows could not be deleted.'
    return page(deletePage(this.context, model, rows, action, message), 409)
  }

  async deleteRow(model: AdminModel, key: string, body: AdminFields): Promise<RouteResult> {
    return this.delete(model, [key], body, this.context.urls.delete(model.name, key))
  }

  async bulkDelete(model: AdminModel, body: AdminFields): Promise<RouteResult> {
    return this.delete(model, allValues(body.key), body, this.context.urls.bulkDelete(model.name))
  }

  async choicesJson(model: AdminModel, request: AdminRequest): Promise<RouteResult> {
    const search = lastValue(request.query.q) ?? ''
    return { kind: 'json', body: await this.data.choices(model.name, search.slice(0, 200), JSON_CHOICES) }
  }

  private async choices(model: AdminModel): Promise<FormChoices> {
    const choices = new Map<string, readonly { key: string; label: string }[]>()
    for (const field of model.fields) {
      if (field.references === undefined || field.readOnly) continue
      if (this.data.model(field.references.model) === undefined) continue
      choices.set(field.name, await this.data.choices(field.references.model, '', FORM_CHOICES))
    }
    return choices
  }
}

function notice(request: AdminRequest): string | undefined {
  const done = lastValue(request.query.done)
  return done === undefined ? undefined : NOTICES[done]
}

/** A list page's query string, keeping only fields of the model and known directions. */
export function listParams(model: AdminModel, query: AdminFields): ListParams {
  const fields = new Set(model.fields.map((field) => field.name))
  const filters: Record<string, string> = {}
  for (const [name, value] of Object.entries(query)) {
    if (!name.startsWith(FILTER_PREFIX)) continue
    const field = name.slice(FILTER_PREFIX.length)
    const text = lastValue(value)
    if (fields.has(field) && text !== undefined && text !== '') filters[field] = text
  }
  const search = lastValue(query.q)
  const sortField = lastValue(query.sort)
  const direction = lastValue(query.dir) === 'desc' ? 'desc' : 'asc'
  const cursor = lastValue(query.cursor)
  return {
    filters,
    ...(search === undefined || search === '' ? {} : { search }),
    ...(sortField !== undefined && fields.has(sortField) ? { sort: { field: sortField, direction } } : {}),
    ...(cursor === undefined || cursor === '' ? {} : { cursor }),
  }
}
