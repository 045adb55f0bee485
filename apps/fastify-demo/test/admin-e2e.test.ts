/**
 * The admin in a real browser (Debian's headless Chromium driven by playwright-core) on the
 * demo's models: sign in, list, search, filter by a field, create a book, change its author (a foreign key), a
 * refused value shown at its field, delete. Screenshots go to `screenshots/` (not committed).
 * Skipped with a warning when /usr/bin/chromium is missing, unless CI=true.
 */
import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createDatabase, dropDatabase, probeServer, serverUrl } from '@gino-ts/demo-shared/testing'
import { buildApp } from '../src/app.js'

const CHROMIUM = '/usr/bin/chromium'
const TOKEN = 'e2e-admin-token-0123456789abcdef'
const shots = fileURLToPath(new URL('../screenshots/', import.meta.url))
const available = existsSync(CHROMIUM)
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing (.ci/run installs the chromium package)`)
if (!available) console.warn(`\n!!! ${CHROMIUM} is missing: the admin e2e test is skipped.\n`)

describe.skipIf(!available)('admin in the browser', () => {
  let app: FastifyInstance
  let browser: Browser
  let page: Page
  let base: string
  const problems: string[] = []
  // On the PostgreSQL server when it answers (quicker to start than PGlite), else PGlite in memory.
  const database = `gino_admin_e2e_${process.pid}_${Date.now().toString(36)}`
  let onServer = false

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true })
    onServer = await probeServer()
    if (onServer) await createDatabase(database)
    app = await buildApp({ dsn: onServer ? serverUrl(database) : 'pglite://', allowedDatabases: [], adminToken: TOKEN })
    await app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })
    page = await browser.newPage({ viewport: { width: 1000, height: 700 } })
    // A CSP violation or a script error would show here.
    page.on('console', (message) => {
      // Refused answers (401 before signing in, 422 for the refused form) are logged by the browser too.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))
  })

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    if (onServer) await dropDatabase(database)
  })

  const shot = (name: string) => page.screenshot({ path: `${shots}${name}.png`, clip: { x: 0, y: 0, width: 1000, height: 480 } })

  it('walks list → filter → create → edit a foreign key → validation error → delete', async () => {
    // Sign in: the 401 page's form keeps the token in an HttpOnly cookie.
    const refused = await page.goto(`${base}/admin/`)
    expect(refused?.status()).toBe(401)
    await page.getByLabel('Admin token').fill(TOKEN)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Models' }).waitFor()

    // List, then filter by a search.
    await page.getByRole('navigation', { name: 'Models' }).getByRole('link', { name: 'Users' }).click()
    await page.getByRole('cell', { name: 'Tony Wang', exact: true }).waitFor()
    await shot('list')
    await page.getByLabel(/^Search/).fill('Fantix')
    await page.keyboard.press('Enter')
    await page.waitForURL(/q=Fantix/)
    expect(await page.locator('table.list tbody tr').count()).toBe(1)
    await shot('filtered')

    // A per-field filter: the books of the first user.
    await page.goto(`${base}/admin/books`)
    await page.getByText('Filters', { exact: true }).click()
    await page.locator('#f-authorId').fill('1')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.waitForURL(/f\.authorId=1/)
    expect(await page.locator('table.list tbody tr').count()).toBe(2)

    // Create a book written by the first user.
    await page.goto(`${base}/admin/books`)
    await shot('books')
    // Keyboard: "/" goes to the search box; the select-all box checks every row of the page.
    await page.keyboard.press('/')
    expect(await page.locator('#q:focus').count()).toBe(1)
    await page.keyboard.press('Escape')
    await page.getByLabel('Select all rows on this page').check()
    expect(await page.locator('input[name="key"]:checked').count()).toBe(3)
    await page.getByLabel('Select all rows on this page').uncheck()
    await page.getByRole('link', { name: 'New row' }).click()
    await page.getByLabel('Title').fill('Admin in the Browser')
    // The script refreshes the foreign key's suggestions from the choices endpoint as one types.
    await page.getByLabel('Author id').pressSequentially('Tony')
    const suggestions = page.locator('#dl-authorId option')
    await expect.poll(async () => (await suggestions.count()) === 1 && (await suggestions.getAttribute('value'))).toBe('2')
    await page.getByLabel('Author id').fill('1')
    await shot('create')
    await page.getByRole('button', { name: 'Create' }).click()
    await page.getByRole('status').filter({ hasText: 'Created.' }).waitFor()
    const row = page.url().replace(/\?.*$/, '')

    // Edit: the author becomes user 2 (a foreign key); the row page then links to them.
    await page.getByRole('link', { name: 'Edit' }).click()
    await page.getByLabel('Author id').fill('2')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    expect(await page.locator('section.related a[href="/admin/users/2"]').count()).toBe(1)
    await shot('row')

    // A user that does not exist: the error is shown at the field, described by it.
    await page.getByRole('link', { name: 'Edit' }).click()
    await page.getByLabel('Author id').fill('999999')
    await page.getByRole('button', { name: 'Save' }).click()
    const field = page.getByLabel('Author id')
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true')
    expect(await field.getAttribute('aria-describedby')).toContain('e-authorId')
    expect(await page.locator('#e-authorId').isVisible()).toBe(true)
    expect(await page.getByLabel('Title').inputValue()).toBe('Admin in the Browser')
    await shot('validation-error')

    // Delete, with the confirmation page.
    await page.goto(row)
    await page.getByRole('link', { name: 'Delete' }).click()
    await page.getByRole('heading', { name: 'Delete this row?' }).waitFor()
    await page.getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('status').filter({ hasText: 'Deleted.' }).waitFor()
    expect(await page.getByRole('link', { name: 'Admin in the Browser' }).count()).toBe(0)

    // Phone width: the list is still readable.
    await page.setViewportSize({ width: 390, height: 760 })
    await page.goto(`${base}/admin/books`)
    await page.screenshot({ path: `${shots}phone.png` })
    // Nothing wider than the phone but the table, which scrolls in its own box.
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390)
    expect(problems).toEqual([])
  })
})
