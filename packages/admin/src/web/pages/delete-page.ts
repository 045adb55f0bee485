import type { AdminModel } from '../../data/types.js'
import { html, type Html } from '../html.js'
import { csrfField, layout, type PageContext } from './layout.js'

/** Asks before deleting one row or a selection; the form posts the keys again with `confirm`. */
export function deletePage(
  context: PageContext,
  model: AdminModel,
  rows: readonly { readonly key: string; readonly label: string }[],
  action: string,
  error?: string,
): Html {
  const content = html`<p class="crumbs"><a href="${context.urls.list(model.name)}">${model.label}</a> /</p>
<h1>Delete ${rows.length === 1 ? 'this row' : `${rows.length} rows`}?</h1>
${error === undefined ? '' : html`<p class="error" role="alert">${error}</p>`}
<ul>${rows.map((row) => html`<li><a href="${context.urls.row(model.name, row.key)}">${row.label}</a></li>`)}</ul>
<p>Rows referencing ${rows.length === 1 ? 'it' : 'them'} may be deleted with ${rows.length === 1 ? 'it' : 'them'} or stop the deletion, as their foreign keys say.</p>
<form method="post" action="${action}">
${csrfField(context)}
${rows.map((row) => html`<input type="hidden" name="key" value="${row.key}">`)}
<input type="hidden" name="confirm" value="1">
<button type="submit" class="danger">Delete</button>
<a href="${context.urls.list(model.name)}">Cancel</a>
</form>`
  return layout(context, `Delete from ${model.label}`, content, model.name)
}
