/**
 * Every route of the admin, thoroughly, through the Express router, on PostgreSQL and PGlite:
 * authorization, CSRF, escaping, forms with field errors, list features, related rows,
 * deletion, and the headers of every answer.
 */
import express from 'express'
import supertest from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminRouter } from '../src/express.js'
import { DRIVERS } from './support/databases.js'
import { bindModels, csrfOf, signedIn, testAdmin, testModels, TOKEN } from './support/fixture.js'

const HOSTILE = `<script>alert(1)</script>"onmouseover=alert(2) x='`

describe.each(DRIVERS)('admin routes on %s', (_name, database) => {
  const models = testModels()
  const { admin, logged } = testAdmin(models)
  const app = express()
  app.use(adminRouter(admin))
  let close: () => Promise<void>
  let agent: supertest.Agent
  let csrf: string
  let authorId: number

  beforeAll(async () => {
    close = await bindModels(models, await database())
    const author = await models.Author.create({ name: 'Ada' })
    authorId = author.id
    await models.Book.create({ title: 'Notes', authorId })
    ;({ agent, csrf } = await signedIn(supertest.agent(app)))
  })
  afterAll(() => close())

  describe('authorization', () => {
    it('answers 401 with a sign-in form and no model names to a visitor without a token', async () => {
      const response = await supertest(app).get('/admin/authors').expect(401)
      expect(response.headers['www-authenticate']).toBe('Bearer realm="admin"')
      expect(response.text).toContain('Admin token')
      expect(response.text).not.toContain('authors')
    })

    it('answers 403 to a wrong token, and to a refusing authorize function', async () => {
      await supertest(app).get('/admin/').set('authorization', 'Bearer wrong-token-wrong-token').expect(403)
      const refusing = testAdmin(models, { authorize: () => false }).admin
      const other = express().use(adminRouter(refusing))
      const response = await supertest(other).get('/admin/').expect(403)
      expect(response.text).not.toContain('authors')
    })

    it('signs in through the form: the token goes into an HttpOnly cookie', async () => {
      const visitor = supertest.agent(app)
      const form = await visitor.get('/admin/_login').expect(200)
      await visitor.post('/admin/_login').type('form').send({ _csrf: csrfOf(form.text), token: 'nope-nope-nope-nope' }).expect(401)
      const signed = await visitor.post('/admin/_login').type('form').send({ _csrf: csrfOf(form.text), token: TOKEN }).expect(303)
      expect(signed.headers.location).toBe('/admin/')
      expect(String(signed.headers['set-cookie'])).toMatch(/gino_admin_token=.*HttpOnly.*SameSite=Strict/)
      await visitor.get('/admin/authors').expect(200)
    })
  })

  describe('CSRF', () => {
    it('refuses a POST without the token, with a wrong one, or without the cookie, and writes nothing', async () => {
      const before = await models.db.scalar('SELECT count(*)::int FROM authors')
      await agent.post('/admin/authors/_new').type('form').send({ name: 'Mallory' }).expect(403)
      await agent.post('/admin/authors/_new').type('form').send({ name: 'Mallory', _csrf: `${csrf.slice(1)}x` }).expect(403)
      await supertest(app)
        .post('/admin/authors/_new')
        .set('authorization', `Bearer ${TOKEN}`)
        .type('form')
        .send({ name: 'Mallory', _csrf: csrf })
        .expect(403)
      expect(await models.db.scalar('SELECT count(*)::int FROM authors')).toBe(before)
    })
  })

  describe('headers', () => {
    it('sends a strict Content-Security-Policy, nosniff, a referrer policy and no-store on pages and JSON', async () => {
      for (const path of ['/admin/', '/admin/authors', '/admin/authors/_choices?q=A', '/admin/nope']) {
        const response = await agent.get(path)
        expect(response.headers['content-security-policy'], path).toBe(
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        )
        expect(response.headers['x-content-type-options'], path).toBe('nosniff')
        expect(response.headers['referrer-policy'], path).toBe('same-origin')
        expect(response.headers['cache-control'], path).toBe('no-store')
      }
    })

    it('has no inline script, style or event handler on any page (the CSP would block them)', async () => {
      for (const path of ['/admin/_login', '/admin/books', `/admin/authors/${authorId}`, `/admin/authors/${authorId}/edit`, '/admin/books/_new', `/admin/authors/${authorId}/delete`]) {
        const page = await agent.get(path).expect(200)
        expect(page.text, path).not.toMatch(/<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=/i)
        expect(page.text.match(/<script /g), path).toHaveLength(1)
      }
    })

    it('labels every control of every page (a <label for>, a wrapping <label>, or aria-label)', async () => {
      for (const path of ['/admin/_login', '/admin/books', '/admin/books?f.pages=lots', '/admin/books/_new', `/admin/authors/${authorId}/edit`]) {
        const text = (await agent.get(path).expect(200)).text
        const labelled = new Set([...text.matchAll(/<label for="([^"]+)"/g)].map((match) => match[1]))
        // Controls wrapped in their label: the label's own text names them.
        const unwrapped = text.replace(/<label\b[^>]*>(?:(?!<\/label>)[\s\S])*<\/label>/g, (label) => (label.includes(' for="') ? label : ''))
        const controls = [...unwrapped.matchAll(/<(input|select|textarea)\b([^>]*)>/g)].filter(([, , attrs]) => !/type="(hidden|submit)"/.test(attrs!))
        expect(controls.length, path).toBeGreaterThan(0)
        for (const [control, , attrs] of controls) {
          const id = /\sid="([^"]+)"/.exec(attrs!)?.[1]
          expect(/\saria-label="[^"]+"/.test(attrs!) || (id !== undefined && labelled.has(id)), `${path}: ${control}`).toBe(true)
        }
      }
    })

    it('serves its own assets without authorization, long-cached at their versioned URL', async () => {
      const page = await agent.get('/admin/').expect(200)
      const css = /href="(\/admin\/_assets\/admin\.css\?v=[0-9a-f]+)"/.exec(page.text)![1]!
      const js = /src="(\/admin\/_assets\/admin\.js\?v=[0-9a-f]+)"/.exec(page.text)![1]!
      const cached = await supertest(app).get(css).expect(200)
      expect(cached.headers['content-type']).toMatch(/^text\/css/)
      expect(cached.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect((await supertest(app).get(js).expect(200)).headers['content-type']).toMatch(/^text\/javascript/)
      expect((await supertest(app).get('/admin/_assets/admin.css').expect(200)).headers['cache-control']).toBe('no-cache')
      expect(page.text).not.toMatch(/<script>|<style|style="| on[a-z]+="/)
    })
  })

  describe('pages', () => {
    it('lists the models on the index page', async () => {
      const page = await agent.get('/admin/').expect(200)
      expect(page.text).toContain('href="/admin/authors"')
      expect(page.text).toContain('href="/admin/books"')
      expect(page.text).toContain('class="skip" href="#main"')
    })

    it('answers 404 for an unknown model, an unknown or malformed key, an unknown page; 405 for a wrong method', async () => {
      await agent.get('/admin/nope').expect(404)
      await agent.get('/admin/authors/999999').expect(404)
      await agent.get('/admin/authors/not-a-number').expect(404)
      await agent.get('/admin/authors/1/2/3/4').expect(404)
      await agent.get('/admin/authors/999999/edit').expect(404)
      const wrong = await agent.post('/admin/authors').type('form').send({ _csrf: csrf }).expect(405)
      expect(wrong.headers.allow).toBe('GET, HEAD')
    })

    it('answers HEAD on every page GET answers, with its status and length and no body; 405 where only POST goes', async () => {
      const pages = ['/admin/', '/admin/_login', '/admin/authors', '/admin/authors/_new', '/admin/authors/_choices?q=A']
      pages.push(`/admin/authors/${authorId}`, `/admin/authors/${authorId}/edit`, `/admin/authors/${authorId}/delete`, '/admin/authors/999999')
      for (const path of pages) {
        const get = await agent.get(path)
        const head = await agent.head(path)
        expect(head.status, path).toBe(get.status)
        expect(head.headers['content-length'], path).toBe(String(Buffer.byteLength(get.text)))
        expect(head.headers['content-security-policy'], path).toBe(get.headers['content-security-policy'])
        expect(head.text ?? '', path).toBe('')
      }
      const bulk = await agent.head('/admin/authors/_delete').expect(405)
      expect(bulk.headers.allow).toBe('POST')
      await supertest(app).head('/admin/authors').expect(401)
    })
  })

  describe('hostile values', () => {
    it('renders stored markup as text in lists, row pages, form values and titles', async () => {
      const created = await agent.post('/admin/authors/_new').type('form').send({ _csrf: csrf, name: HOSTILE, active: 'false', mood: 'ok' }).expect(303)
      const row = await agent.get(created.headers.location!).expect(200)
      const edit = await agent.get(created.headers.location!.replace(/\?.*$/, '/edit')).expect(200)
      const list = await agent.get('/admin/authors').expect(200)
      for (const page of [row.text, edit.text, list.text]) {
        expect(page).not.toContain('<script>alert')
        expect(page).not.toContain('"onmouseover')
        expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;onmouseover=alert(2) x=&#39;')
      }
      // In a query string (the search box's value) too.
      const searched = await agent.get(`/admin/authors?q=${encodeURIComponent(HOSTILE)}`).expect(200)
      expect(searched.text).not.toContain('<script>alert')
      expect(searched.text).toContain('value="&lt;script&gt;')
    })
  })

  describe('forms', () => {
    it('creates a row with POST-redirect-GET, then shows it with a notice', async () => {
      const form = await agent.get('/admin/books/_new').expect(200)
      expect(form.text).toMatch(/<label for="v-title">/)
      expect(form.text).toMatch(/<input type="number" step="1" id="v-pages" name="pages"/)
      expect(form.text).toMatch(/<input type="date" id="v-published" name="published"/)
      expect(form.text).toMatch(/<textarea [^>]*id="v-meta"/)
      expect(form.text).toMatch(/id="v-id" disabled/)
      // Each "null" box names its field (a screen reader hears "Pages: null", not "null").
      expect(form.text).toMatch(/name="_null" value="pages" aria-label="Pages: null"/)
      expect(form.text).toContain(`data-choices="/admin/authors/_choices"`)
      expect(form.text).toContain(`<option value="${authorId}">Ada</option>`)
      const created = await agent
        .post('/admin/books/_new')
        .type('form')
        .send({ _csrf: csrf, title: 'Engines', pages: '120', published: '2024-05-01', meta: '{"tags":["math"]}', authorId: String(authorId) })
        .expect(303)
      expect(created.headers.location).toMatch(/^\/admin\/books\/\d+\?done=created$/)
      const page = await agent.get(created.headers.location!).expect(200)
      expect(page.text).toContain('Created.')
      const book = await models.db.first(models.Book.selectAll().where('title', '=', 'Engines'))
      expect(book).toMatchObject({ pages: 120, published: '2024-05-01', meta: { tags: ['math'] }, authorId })
    })

    it('shows field errors at their field, keeping what was typed (a bad number, an unknown foreign key, a duplicate)', async () => {
      const bad = await agent
        .post('/admin/books/_new')
        .type('form')
        .send({ _csrf: csrf, title: 'Kept title', pages: 'many', authorId: String(authorId) })
        .expect(422)
      expect(bad.text).toMatch(/id="v-pages" name="pages" aria-describedby="e-pages" aria-invalid="true"/)
      expect(bad.text).toMatch(/<p class="field-error" id="e-pages">/)
      expect(bad.text).toContain('value="Kept title"')

      const orphan = await agent.post('/admin/books/_new').type('form').send({ _csrf: csrf, title: 'Orphan', authorId: '999999' }).expect(422)
      expect(orphan.text).toMatch(/<p class="field-error" id="e-authorId">/)

      const duplicate = await agent.post('/admin/authors/_new').type('form').send({ _csrf: csrf, name: 'Ada', mood: 'ok' }).expect(422)
      expect(duplicate.text).toMatch(/<p class="field-error" id="e-name">/)
      expect(bad.text + orphan.text + duplicate.text).not.toMatch(/insert into|violates|\bat .*\.ts:/i)
      expect(logged).toEqual([])
    })

    it('edits a row, sets a nullable field to null, and refuses a bad value at its field', async () => {
      const book = await models.Book.create({ title: 'Draft', pages: 10, authorId })
      const form = await agent.get(`/admin/books/${book.id}/edit`).expect(200)
      expect(form.text).toContain('value="Draft"')
      await agent
        .post(`/admin/books/${book.id}/edit`)
        .type('form')
        .send({ _csrf: csrf, title: 'Final', pages: '10', _null: 'pages', authorId: String(authorId) })
        .expect(303)
      const saved = await models.Book.get(book.id)
      expect(saved).toMatchObject({ title: 'Final', pages: null })
      const refused = await agent
        .post(`/admin/books/${book.id}/edit`)
        .type('form')
        .send({ _csrf: csrf, title: 'Final', meta: '{not json', authorId: String(authorId) })
        .expect(422)
      expect(refused.text).toMatch(/<p class="field-error" id="e-meta">/)
    })
  })

  describe('list', () => {
    beforeAll(async () => {
      const writer = await models.Author.create({ name: 'Writer' })
      await models.Book.insertMany(Array.from({ length: 60 }, (_, i) => ({ title: `Volume ${String(i).padStart(2, '0')}`, pages: i, authorId: writer.id })))
    })

    it('pages by cursor links, 50 rows a page by default', async () => {
      const first = await agent.get('/admin/books?sort=title&dir=asc').expect(200)
      expect(first.text.match(/name="key" value=/g)).toHaveLength(50)
      const next = /<a rel="next" href="([^"]+)"/.exec(first.text)![1]!.replace(/&amp;/g, '&')
      const second = await agent.get(next).expect(200)
      expect(second.text).toContain('rel="prev"')
      expect(second.text).not.toContain('>Volume 00<')
    })

    it('sorts by a column from its header link, marking the order with aria-sort', async () => {
      const page = await agent.get(`/admin/books?sort=pages&dir=desc&f.pages=${encodeURIComponent('>=0')}`).expect(200)
      expect(page.text).toContain('aria-sort="descending"')
      const labels = [...page.text.matchAll(/<th scope="row"><a [^>]+>([^<]+)<\/a>/g)].map((match) => match[1])
      expect(labels.slice(0, 3)).toEqual(['Engines', 'Volume 59', 'Volume 58'])
    })

    it('filters by a field and searches text', async () => {
      const filtered = await agent.get('/admin/books?f.pages=7').expect(200)
      expect(filtered.text).toContain('Volume 07')
      expect(filtered.text).not.toContain('Volume 08')
      const searched = await agent.get('/admin/books?q=Volume%205').expect(200)
      expect(searched.text).toContain('Volume 55')
      expect(searched.text).not.toContain('Volume 44')
    })

    it('shows a filter it cannot read at its field, with no rows rather than all', async () => {
      const page = await agent.get('/admin/books?f.pages=lots').expect(200)
      expect(page.text).toMatch(/id="f-pages" name="f.pages" value="lots" placeholder="[^"]*" aria-invalid="true" aria-describedby="fe-pages"/)
      expect(page.text).toMatch(/<p class="field-error" id="fe-pages">/)
      expect(page.text).not.toContain('Volume 07')
    })

    it('shows the exact total up to exactCountUpTo rows, an estimate past it', async () => {
      const exact = await agent.get('/admin/books').expect(200)
      expect(exact.text).toMatch(/<span class="count">\(\d+ rows\)<\/span>/)
      const estimating = express().use(adminRouter(testAdmin(models, { exactCountUpTo: 10 }).admin))
      const estimated = await supertest(estimating).get('/admin/books').set('authorization', `Bearer ${TOKEN}`).expect(200)
      expect(estimated.text).toMatch(/<span class="count">\(about \d+ rows\)<\/span>/)
    })

    it('answers foreign-key choices as JSON', async () => {
      const response = await agent.get('/admin/authors/_choices?q=Writ').expect(200)
      expect(response.headers['content-type']).toMatch(/^application\/json/)
      expect(response.body).toEqual([expect.objectContaining({ label: 'Writer' })])
    })
  })

  describe('related rows', () => {
    it('links a row to the rows it references and to those referencing it', async () => {
      const book = await models.db.first(models.Book.selectAll().where('title', '=', 'Notes'))
      const bookPage = await agent.get(`/admin/books/${book!.id}`).expect(200)
      expect(bookPage.text).toContain(`href="/admin/authors/${authorId}"`)
      const authorPage = await agent.get(`/admin/authors/${authorId}`).expect(200)
      expect(authorPage.text).toContain(`href="/admin/books/${book!.id}"`)
      expect(authorPage.text).toMatch(/href="\/admin\/books\?f\.authorId=\d+"/)
      // Foreign-key values link to their row in lists and on row pages.
      const list = await agent.get('/admin/books').expect(200)
      expect(list.text).toContain(`<td><a href="/admin/authors/${authorId}">${authorId}</a></td>`)
      expect(bookPage.text).toContain(`<dd><a href="/admin/authors/${authorId}">${authorId}</a></dd>`)
    })
  })

  describe('delete', () => {
    it('asks for confirmation, then deletes one row', async () => {
      const book = await models.Book.create({ title: 'Doomed', authorId })
      const confirm = await agent.get(`/admin/books/${book.id}/delete`).expect(200)
      expect(confirm.text).toContain('Delete this row?')
      await agent.post(`/admin/books/${book.id}/delete`).type('form').send({ _csrf: csrf }).expect(200)
      expect(await models.Book.get(book.id)).toBeTruthy()
      const done = await agent.post(`/admin/books/${book.id}/delete`).type('form').send({ _csrf: csrf, confirm: '1' }).expect(303)
      expect(done.headers.location).toBe('/admin/books?done=deleted')
      expect(await models.Book.get(book.id)).toBeNull()
    })

    it('bulk-deletes the selected rows after confirmation', async () => {
      const rows = [await models.Book.create({ title: 'Bulk 1', authorId }), await models.Book.create({ title: 'Bulk 2', authorId })]
      const keys = rows.map((row) => String(row.id))
      const confirm = await agent.post('/admin/books/_delete').type('form').send(`_csrf=${csrf}&key=${keys[0]}&key=${keys[1]}`).expect(200)
      expect(confirm.text).toContain('Delete 2 rows?')
      await agent.post('/admin/books/_delete').type('form').send(`_csrf=${csrf}&key=${keys[0]}&key=${keys[1]}&confirm=1`).expect(303)
      expect(await models.db.scalar("SELECT count(*)::int FROM books WHERE title LIKE 'Bulk %'")).toBe(0)
    })

    it('shows why a referenced row cannot be deleted, without the SQL', async () => {
      const refused = await agent.post(`/admin/authors/${authorId}/delete`).type('form').send({ _csrf: csrf, confirm: '1' }).expect(409)
      expect(refused.text).toContain('class="error" role="alert"')
      expect(refused.text).not.toMatch(/delete from "|violates|books_author_id/i)
      expect(await models.Author.get(authorId)).toBeTruthy()
    })
  })

  describe('failures', () => {
    it('answers 500 with no detail when the database fails, and logs it', async () => {
      await models.db.status('ALTER TABLE authors RENAME TO authors_gone')
      try {
        const response = await agent.get('/admin/authors').expect(500)
        expect(response.text).toContain('The details are in the server log')
        expect(response.text).not.toMatch(/authors_gone|relation|select|at .*\.(ts|js)/i)
        expect(logged.length).toBe(1)
      } finally {
        await models.db.status('ALTER TABLE authors_gone RENAME TO authors')
        logged.length = 0
      }
    })
  })
})
