import type { AdminModel, AdminRelatedRows, AdminRow } from '../../data/types.js'
import { referenceValue } from '../format.js'
import { html, type Html } from '../html.js'
import { layout, notice, type PageContext } from './layout.js'

/** One row: its fields, then its related rows both ways (rows it references, rows referencing it). */
export function rowPage(
  context: PageContext,
  model: AdminModel,
  found: { readonly key: string; readonly label: string; readonly row: AdminRow },
  related: readonly AdminRelatedRows[],
  message?: string,
): Html {
  const { urls } = context
  const content = html`<p class="crumbs"><a href="${urls.list(model.name)}">${model.label}</a> /</p>
<div class="heading">
<h1>${found.label}</h1>
<a class="button" href="${urls.edit(model.name, found.key)}" data-key="e">Edit</a>
<a class="button danger" href="${urls.delete(model.name, found.key)}">Delete</a>
</div>
${notice(message)}
<dl class="fields">
${model.fields.map((field) => html`<dt>${field.label}</dt><dd>${referenceValue(field, found.row[field.name], context.models, urls)}</dd>`)}
</dl>
${related.length === 0 ? '' : html`<h2>Related</h2>`}
${related.map((group) => relatedGroup(context, model, group))}`
  return layout(context, `${model.label}: ${found.label}`, content, model.name)
}

function relatedGroup(context: PageContext, model: AdminModel, group: AdminRelatedRows): Html {
  const { relation } = group
  const outgoing = group.direction === undefined ? relation.fromModel === model.name : group.direction === 'outgoing'
  const other = outgoing ? relation.toModel : relation.fromModel
  const otherModel = context.models.find((candidate) => candidate.name === other)
  const holder = context.models.find((candidate) => candidate.name === relation.fromModel)
  const via = relation.fromFields.map((name) => holder?.fields.find((field) => field.name === name)?.label ?? name).join(', ')
  const title = outgoing ? `${otherModel?.label ?? other} referenced by ${via}` : `${otherModel?.label ?? other} referencing this by ${via}`
  return html`<section class="related">
<h3>${title}</h3>
${group.rows.length === 0 ? html`<p>None.</p>` : html`<ul>${group.rows.map((row) => html`<li><a href="${context.urls.row(other, row.key)}">${row.label}</a></li>`)}</ul>`}
${outgoing ? '' : html`<p><a href="${context.urls.list(other, { filters: group.filters })}">${group.more === true ? 'All of them' : 'In the list'}</a></p>`}
</section>`
}
