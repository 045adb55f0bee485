import type { AdminModel } from '../../data/types.js'
import { html, type Html, type HtmlValue } from '../html.js'
import type { AdminUrls } from '../urls.js'

/** What every page needs besides its own content. */
export interface PageContext {
  readonly title: string
  readonly urls: AdminUrls
  readonly models: readonly AdminModel[]
  /** The CSRF token forms post. */
  readonly csrfToken: string
  readonly assets: { readonly css: string; readonly js: string }
}

/** The page around every view: skip link, header with the models, `main` as the target. */
export function layout(context: PageContext, title: string, content: HtmlValue, current?: string): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<meta name="csrf-token" content="${context.csrfToken}">
<title>${title} · ${context.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${context.assets.css}">
<script src="${context.assets.js}" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<a class="brand" href="${context.urls.index()}">${context.title}</a>
<nav aria-label="Models"><ul>${context.models.map(
    (model) =>
      html`<li><a href="${context.urls.list(model.name)}"${model.name === current ? html` aria-current="page"` : ''}>${model.label}</a></li>`,
  )}</ul></nav>
</header>
<main id="main" tabindex="-1">
${content}
</main>
</body>
</html>
`
}

/** The hidden CSRF field of every form that changes something. */
export function csrfField(context: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${context.csrfToken}">`
}

/** A status message (after a redirect, `?done=saved`). */
export function notice(text: string | undefined): Html {
  return text === undefined ? html`` : html`<p class="notice" role="status">${text}</p>`
}
