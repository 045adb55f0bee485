/** The html template escapes every interpolated value unless it is markup itself. */
import { describe, expect, it } from 'vitest'
import { html, trustedHtml } from '../src/index.js'

describe('html', () => {
  it('escapes text in content and attributes, keeps nested markup, skips nothing-values', () => {
    const value = `<img src=x onerror=alert(1)>"'\`&`
    expect(html`<p title="${value}">${value}</p>`.toString()).toBe(
      '<p title="&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&#96;&amp;">&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&#96;&amp;</p>',
    )
    expect(html`<ul>${['<a>', html`<li>b</li>`, null, undefined, false, 3]}</ul>`.toString()).toBe('<ul>&lt;a&gt;<li>b</li>3</ul>')
    expect(html`${trustedHtml('<br>')}`.toString()).toBe('<br>')
  })
})
