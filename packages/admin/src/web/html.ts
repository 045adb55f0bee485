/**
 * HTML built from a tagged template that escapes every interpolated value unless it is
 * itself `Html` (the result of another `html` template or of `trustedHtml`). Row values
 * such as `<script>` or `"onmouseover=` therefore render as text, in element content and
 * in quoted attributes alike.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
}

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ESCAPES[char]!)
}

/** Markup that is already safe: only `html` and `trustedHtml` make one. */
export class Html {
  readonly #markup: string
  constructor(markup: string) {
    this.#markup = markup
  }
  toString(): string {
    return this.#markup
  }
}

/** A value `html` accepts: text (escaped), numbers, markup, nothing, or lists of them. */
export type HtmlValue = Html | string | number | bigint | boolean | null | undefined | readonly HtmlValue[]

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.toString()
  if (value === null || value === undefined || value === false) return ''
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('')
  return escapeHtml(String(value))
}

/**
 * @example
 * ```ts
 * html`<td>${row.name}</td>` // '<td>&lt;script&gt;</td>' for the name '<script>'
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!
  return new Html(out)
}

/** Markup written by the admin itself (never from a request or a row). */
export function trustedHtml(markup: string): Html {
  return new Html(markup)
}
