// Browser test of 月度通报 (SPEC §10, issue 7) against a running server with the demo district:
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
// The project office previews and publishes the briefing of a past month; the row appears with its
// issue number (第1期 on a fresh demo), its archived PDF is served as a PDF, and publishing the same
// month again is refused under the month field. A unit sees the list without the office's button.
// Published briefings never go away: every run takes a month no earlier run has published.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { apiSession, baseUrl, launch, open, screenshot, sessionOf, skipWithoutAccounts } from './helpers.mjs'

const skip = skipWithoutAccounts
// The browser logs the 409 of the second publish.
const EXPECTED = [/status of 409/]

/** Today on the Beijing calendar. */
function beijingToday() {
  const d = new Date(Date.now() + 8 * 60 * 60 * 1000)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 }
}

/**
 * The newest complete month no briefing has been published for (the demo starts with none, so a
 * fresh run takes last month), and the issue number it will get: one more than its year's last.
 */
function nextMonth(published) {
  const today = beijingToday()
  let { year, month } = today.month > 1 ? { year: today.year, month: today.month - 1 } : { year: today.year - 1, month: 12 }
  while (published.some((b) => b.year === year && b.month === month)) {
    ;({ year, month } = month > 1 ? { year, month: month - 1 } : { year: year - 1, month: 12 })
  }
  const issue = Math.max(0, ...published.filter((b) => b.year === year).map((b) => b.issue_number)) + 1
  return { year, month, issue }
}

/** Picks an option of an el-select in the dialog; hidden poppers are not in the accessibility tree. */
async function choose(page, testId, option) {
  await page.getByTestId(testId).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

const tableLoaded = (page) => page.locator('[data-testid="briefings-table"] .el-loading-mask').waitFor({ state: 'hidden' })

describe('月度通报', () => {
  let browser
  let office
  let unit
  let officeApi

  before(async () => {
    if (skip) return
    browser = await launch()
    office = await sessionOf(browser, 'office')
    unit = await sessionOf(browser, 'unit.zjj')
    officeApi = await apiSession('office')
  })
  after(async () => {
    await officeApi?.logout()
    await browser?.close()
  })

  it('lets the office preview and publish a month, once', { skip }, async () => {
    const { items: before } = await officeApi.getJson('/api/briefings')
    const target = nextMonth(before)
    const { page, context, errors, close } = await open(browser, '/briefings', { storageState: office, expectedErrors: EXPECTED })
    try {
      assert.match(await page.getByTestId('menu-briefings').getAttribute('class'), /is-active/)
      await tableLoaded(page)
      await page.getByTestId('briefings-generate').click()
      const dialog = page.getByTestId('briefings-dialog')
      await dialog.waitFor()
      assert.match(await page.getByTestId('briefings-note').innerText(), /不能修改或删除/)
      await choose(page, 'briefings-dialog-year', `${target.year}年`)
      await choose(page, 'briefings-dialog-month', `${target.month}月`)

      // 预览: the PDF the month would be, not archived.
      const previewHref = await page.getByTestId('briefings-preview').getAttribute('href')
      assert.equal(previewHref, `/api/briefings/preview?year=${target.year}&month=${target.month}`)
      const preview = await context.request.get(baseUrl + previewHref)
      assert.equal(preview.status(), 200)
      assert.equal(preview.headers()['content-type'], 'application/pdf')
      assert.equal((await preview.body()).subarray(0, 5).toString('latin1'), '%PDF-')
      assert.equal((await officeApi.getJson('/api/briefings')).items.length, before.length, 'a preview archives nothing')
      await screenshot(page, 'briefings-dialog')

      // 发布
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/briefings') && r.request().method() === 'POST')
      await page.getByTestId('briefings-publish').click()
      const published = await answer
      assert.equal(published.status(), 201, await published.text())
      const item = await published.json()
      assert.deepEqual([item.year, item.month, item.issue_number], [target.year, target.month, target.issue])
      await dialog.waitFor({ state: 'hidden' })

      // The row, with its issue and month; the archived PDF is a PDF whose SM3 the tooltip shows.
      await page.getByTestId(`briefing-issue-${item.id}`).waitFor()
      assert.equal(await page.getByTestId(`briefing-issue-${item.id}`).innerText(), `第${target.issue}期`)
      assert.equal(await page.getByTestId(`briefing-month-${item.id}`).innerText(), `${target.year}年${target.month}月`)
      const pdfLink = page.getByTestId(`briefing-pdf-${item.id}`)
      assert.equal(await pdfLink.getAttribute('data-sm3'), item.pdf.sm3)
      await pdfLink.hover()
      await page.getByTestId(`briefing-pdf-sm3-${item.id}`).waitFor()
      assert.match(await page.getByTestId(`briefing-pdf-sm3-${item.id}`).innerText(), new RegExp(item.pdf.sm3))
      await screenshot(page, 'briefings')
      // Away from the link, so that the tooltip closes.
      await page.mouse.move(0, 0)
      await page.getByTestId(`briefing-pdf-sm3-${item.id}`).waitFor({ state: 'hidden' })
      const pdf = await context.request.get(baseUrl + (await pdfLink.getAttribute('href')))
      assert.equal(pdf.status(), 200)
      assert.equal(pdf.headers()['content-type'], 'application/pdf')
      const bytes = await pdf.body()
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-')
      assert.equal(bytes.length, item.pdf.size)
      const xlsx = await context.request.get(baseUrl + (await page.getByTestId(`briefing-xlsx-${item.id}`).getAttribute('href')))
      assert.equal(xlsx.status(), 200)
      assert.equal((await xlsx.body()).subarray(0, 2).toString('latin1'), 'PK')

      // The same month again: refused, under the month field, and nothing new is listed.
      await page.getByTestId('briefings-generate').click()
      await dialog.waitFor()
      await choose(page, 'briefings-dialog-year', `${target.year}年`)
      await choose(page, 'briefings-dialog-month', `${target.month}月`)
      const again = page.waitForResponse((r) => r.url().endsWith('/api/briefings') && r.request().method() === 'POST')
      await page.getByTestId('briefings-publish').click()
      assert.equal((await again).status(), 409)
      const monthError = page.locator('[data-testid="briefings-item-month"] .el-form-item__error')
      await monthError.waitFor()
      assert.match(await monthError.innerText(), /已发布/)
      assert.equal(await page.locator('[data-testid="briefings-item-year"] .el-form-item__error').count(), 0)
      assert.equal(await dialog.isVisible(), true)
      await screenshot(page, 'briefings-duplicate')
      assert.equal((await officeApi.getJson('/api/briefings')).items.length, before.length + 1)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('shows a unit the briefings without the office’s button', { skip }, async () => {
    const { items } = await officeApi.getJson('/api/briefings')
    const { page, errors, close } = await open(browser, '/briefings', { storageState: unit })
    try {
      // The mask may not be up yet when the page opens, so wait for the count itself.
      await page.getByTestId('briefings-total').filter({ hasText: `共 ${items.length} 期` }).waitFor()
      await tableLoaded(page)
      if (items.length) await page.getByTestId(`briefing-issue-${items[0].id}`).waitFor()
      assert.equal(await page.getByTestId('briefings-generate').count(), 0)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
