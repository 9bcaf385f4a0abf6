// Browser test of Excel in and out (SPEC §11, issue 8) against a running server with the demo district:
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
// The project office exports the project list with the list's 导出 button and imports the workbook
// back through the wizard: every project matches and nothing would change. Then it uploads a csv
// with a bad row (shown red, 导入 disabled), and a good one that creates a project.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { apiSession, launch, open, screenshot, sessionOf, skipWithoutAccounts } from './helpers.mjs'

const skip = skipWithoutAccounts

/**
 * Uploads `file` in the wizard's first step and returns the server's preview, read again over the
 * API as the same user (the page moves on before the browser's copy of the answer can be read).
 */
async function uploadFile(page, api, file) {
  const answer = page.waitForResponse((r) => r.url().includes('/api/imports?') && r.request().method() === 'POST')
  await page.locator('[data-testid="import-upload"] input[type="file"]').setInputFiles(file)
  const preview = await answer
  assert.equal(preview.status(), 201)
  return api.getJson(preview.headers()['location'])
}

describe('Excel 导入导出', () => {
  let browser
  let office
  let officeApi
  const dir = mkdtempSync(join(tmpdir(), 'gj-e2e-import-'))

  before(async () => {
    if (skip) return
    browser = await launch()
    office = await sessionOf(browser, 'office')
    officeApi = await apiSession('office')
  })
  after(async () => {
    await officeApi?.logout()
    await browser?.close()
  })

  it('exports the project list and imports it back unchanged', { skip }, async () => {
    const { total } = await officeApi.getJson('/api/projects?page_size=1')
    const { page, errors, close } = await open(browser, '/projects', { storageState: office })
    try {
      await page.getByTestId('projects-export').waitFor()
      const download = page.waitForEvent('download')
      await page.getByTestId('projects-export').click()
      const file = join(dir, 'export.xlsx')
      await (await download).saveAs(file)

      await page.getByTestId('projects-import').click()
      await page.waitForURL(/\/imports\/projects$/)
      const preview = await uploadFile(page, officeApi, file)
      assert.equal(preview.counts.unchanged, total, JSON.stringify(preview.counts))
      assert.equal(preview.counts.error, 0)
      assert.equal(preview.counts.create + preview.counts.update, 0)
      // Every header was known: straight to the preview.
      await page.getByTestId('import-step-preview').waitFor()
      assert.match(await page.getByTestId('import-count-unchanged').innerText(), new RegExp(String(total)))
      await page.getByTestId('import-nothing').waitFor()
      assert.equal(await page.getByTestId('import-apply').isDisabled(), true)
      await screenshot(page, 'import-round-trip')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('shows a bad row in red and applies a good file', { skip }, async () => {
    const { items: owners } = await officeApi.getJson('/api/orgs?kind=owner&page_size=1')
    const owner = owners[0].name
    const name = `导入测试项目${Date.now()}`
    const header = '项目名称,项目类别,总投资（万元）,计划开工时间,业主单位\n'
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, header + `${name},产业,12.5,2027年3月,${owner}\n${name}乙,产业,一百万,明年,${owner}\n`)
    const good = join(dir, 'good.csv')
    writeFileSync(good, header + `${name},产业,12.5,2027年3月,${owner}\n`)

    const { page, errors, close } = await open(browser, '/imports/projects', { storageState: office })
    try {
      await page.getByTestId('import-step-upload').waitFor()
      const preview = await uploadFile(page, officeApi, bad)
      assert.equal(preview.counts.error, 1)
      await page.getByTestId('import-step-preview').waitFor()
      await page.getByTestId('import-has-errors').waitFor()
      const messages = await page.getByTestId('import-errors-3').innerText()
      assert.match(messages, /一百万/)
      assert.match(messages, /不是数字/)
      assert.equal(await page.getByTestId('import-apply').isDisabled(), true)
      await screenshot(page, 'import-errors')

      await page.getByTestId('import-reupload').click()
      await page.getByTestId('import-step-upload').waitFor()
      const fixed = await uploadFile(page, officeApi, good)
      assert.equal(fixed.counts.create, 1)
      await page.getByTestId('import-step-preview').waitFor()
      const applied = page.waitForResponse((r) => r.url().endsWith('/apply'))
      await page.getByTestId('import-apply').click()
      assert.equal((await applied).status(), 200)
      await page.getByTestId('import-step-done').waitFor()
      assert.match(await page.getByTestId('import-result').innerText(), /1/)
      const { items } = await officeApi.getJson(`/api/projects?q=${encodeURIComponent(name)}`)
      assert.equal(items.length, 1)
      assert.equal(items[0].total_investment, 12500000)  // 12.5 万元
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
