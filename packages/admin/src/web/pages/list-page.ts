import type { AdminField, AdminListPage, AdminModel } from '../../data/types.js'
import { referenceValue } from '../format.js'
import { html, type Html } from '../html.js'
import type { ListParams } from '../urls.js'
import { csrfField, layout, notice, type PageContext } from './layout.js'

/** A list page: search, per-field filters, sortable columns, keyset pages, bulk delete. */
export function listPage(
  context: PageContext,
  model: AdminModel,
  page: AdminListPage,
  params: ListParams,
  message?: string,
): Html {
  const { urls } = context
  const fields = model.listFields.map((name) => model.fields.find((field) => field.name === name)).filter((f) => f !== undefined)
  const total =
    page.total === undefined ? '' : page.total.estimate ? `about ${page.total.count} rows` : `${page.total.count} rows`
  const content = html`<div class="heading">
<h1>${model.label}</h1>
<a class="button" href="${urls.create(model.name)}" data-key="n">New row</a>
</div>
${notice(message)}
${filterForm(context, model, params, page.errors ?? {})}
<form id="bulk" method="post" action="${urls.bulkDelete(model.name)}">${csrfField(context)}</form>
<div class="table-wrap">
<table class="list">
<caption>${model.label}${total === '' ? '' : html` <span class="count">(${total})</span>`}</caption>
<thead><tr>
<th scope="col" class="select"><input type="checkbox" data-select-all hidden aria-label="Select all rows on this page"></th>
<th scope="col">Row</th>
${fields.map((field) => sortHeader(context, model, field, params, page.sort))}
</tr></thead>
<tbody>
${page.rows.length === 0 ? html`<tr><td colspan="${fields.length + 2}">No rows.</td></tr>` : ''}
${page.rows.map(
  ({ key, label, row }) => html`<tr>
<td class="select"><input type="checkbox" form="bulk" name="key" value="${key}" aria-label="${`Select ${label}`}"></td>
<th scope="row"><a href="${urls.row(model.name, key)}">${label}</a></th>
${fields.map((field) => html`<td>${referenceValue(field, row[field.name], context.models, urls)}</td>`)}
</tr>`,
)}
</tbody>
</table>
</div>
<div class="list-actions">
<button type="submit" form="bulk" class="danger">Delete selected…</button>
<nav aria-label="Pages" class="pages">
${page.previous === undefined ? '' : html`<a rel="prev" href="${urls.list(model.name, { ...params, cursor: page.previous })}">← Previous</a>`}
${page.next === undefined ? '' : html`<a rel="next" href="${urls.list(model.name, { ...params, cursor: page.next })}">Next →</a>`}
</nav>
</div>`
  return layout(context, model.label, content, model.name)
}

function sortHeader(
  context: PageContext,
  model: AdminModel,
  field: AdminField,
  params: ListParams,
  applied: AdminListPage['sort'],
): Html {
  const sort = applied ?? params.sort
  const current = sort?.field === field.name ? sort.direction : undefined
  if (field.sortable === false) return html`<th scope="col">${field.label}</th>`
  const next = current === 'asc' ? 'desc' : 'asc'
  const href = context.urls.list(model.name, { ...params, cursor: undefined, sort: { field: field.name, direction: next } })
  const ariaSort = current === undefined ? '' : html` aria-sort="${current === 'asc' ? 'ascending' : 'descending'}"`
  const arrow = current === 'asc' ? ' ▲' : current === 'desc' ? ' ▼' : ''
  return html`<th scope="col"${ariaSort}><a href="${href}">${field.label}${arrow}</a></th>`
}

function filterForm(context: PageContext, model: AdminModel, params: ListParams, errors: Readonly<Record<string, string>>): Html {
  const filters = params.filters ?? {}
  const active = Object.values(filters).some((value) => value !== '')
  const failed = Object.keys(errors).length > 0
  return html`<form class="filters" method="get" action="${context.urls.list(model.name)}" role="search">
${model.searchFields.length === 0 ? '' : html`<div class="search">
<label for="q">Search ${model.searchFields.join(', ')}</label>
<input type="search" id="q" name="q" value="${params.search ?? ''}" data-key="/">
</div>`}
${failed ? html`<p class="error" role="alert">A filter cannot be read: see the marked field.</p>` : ''}
<details${active || failed ? html` open` : ''}>
<summary>Filters</summary>
<div class="filter-grid">
${model.fields.filter((field) => field.filterable !== false).map((field) => filterInput(field, filters[field.name] ?? '', errors[field.name]))}
</div>
</details>
${params.sort === undefined ? '' : html`<input type="hidden" name="sort" value="${params.sort.field}"><input type="hidden" name="dir" value="${params.sort.direction}">`}
<div class="filter-actions"><button type="submit">Apply</button> <a href="${context.urls.list(model.name)}">Reset</a></div>
</form>`
}

function filterInput(field: AdminField, value: string, error: string | undefined): Html {
  const id = `f-${field.name}`
  const name = `f.${field.name}`
  const errorId = `fe-${field.name}`
  const label = html`<label for="${id}">${field.label}</label>`
  const described = error === undefined ? '' : html` aria-invalid="true" aria-describedby="${errorId}"`
  const message = error === undefined ? '' : html`<p class="field-error" id="${errorId}">${error}</p>`
  if (field.kind === 'enum' || field.kind === 'boolean') {
    const options = field.kind === 'enum' ? (field.enumValues ?? []) : ['true', 'false']
    return html`<div class="field">${label}<select id="${id}" name="${name}"${described}>
<option value="">any</option>
${options.map((option) => html`<option${option === value ? html` selected` : ''}>${option}</option>`)}
${field.nullable ? html`<option value="is:null"${value === 'is:null' ? html` selected` : ''}>null</option>` : ''}
</select>${message}</div>`
  }
  const placeholder = field.filterHint === undefined ? '' : html` placeholder="${field.filterHint}"`
  return html`<div class="field">${label}<input type="text" id="${id}" name="${name}" value="${value}"${placeholder}${described}>${message}</div>`
}
