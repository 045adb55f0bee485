import { html, type Html } from '../html.js'
import { layout, type PageContext } from './layout.js'

/** The admin's home: every model, linked to its list and its create form. */
export function indexPage(context: PageContext): Html {
  return layout(
    context,
    'Models',
    html`<h1>Models</h1>
<ul class="models">${context.models.map(
      (model) =>
        html`<li><a href="${context.urls.list(model.name)}">${model.label}</a> <a class="action" href="${context.urls.create(model.name)}" aria-label="${`New row in ${model.label}`}">New</a></li>`,
    )}</ul>`,
  )
}
