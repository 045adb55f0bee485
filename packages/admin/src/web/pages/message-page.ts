import { html, type Html } from '../html.js'
import { csrfField, layout, type PageContext } from './layout.js'

/** An error page (404, 403, 500): a title and a sentence, nothing from the failure itself. */
export function messagePage(context: PageContext, title: string, text: string): Html {
  return layout(context, title, html`<h1>${title}</h1><p>${text}</p><p><a href="${context.urls.index()}">Back to the models</a></p>`)
}

/** The 401 page of token authorization: a form that keeps the token in an HttpOnly cookie. */
export function loginPage(context: PageContext, failed: boolean): Html {
  return layout(
    context,
    'Sign in',
    html`<h1>Sign in</h1>
${failed ? html`<p class="error" role="alert" id="token-error">This token is not valid.</p>` : ''}
<form method="post" action="${context.urls.login()}" class="login">
${csrfField(context)}
<div class="field"><label for="token">Admin token</label>
<input type="password" id="token" name="token" required autocomplete="current-password"${failed ? html` aria-invalid="true" aria-describedby="token-error"` : ''}></div>
<button type="submit">Sign in</button>
</form>`,
  )
}
