// Browser test of the inspections (督查走访, SPEC §6) against a running server with the demo
// district: the office opens 督查走访 from the 问题督办 menu, records an inspection of a project
// found by search, adds a photo, raises a problem from it with 反映问题, and sees the link both
// ways (the problem on the inspection's page, the inspection on the problem's page).
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json node --test e2e/inspections.test.mjs
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'
import { apiSession, launch, open, screenshot, sessionOf, skipWithoutAccounts } from './helpers.mjs'

const skip = skipWithoutAccounts
const EXPECTED = [/status of 404/]

/** A small PNG (16×12, one colour), so that the server has a real image to thumbnail. */
function png() {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf) => {
    let c = 0xffffffff
    for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const out = Buffer.alloc(body.length + 8)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc(body), body.length + 4)
    return out
  }
  const [w, h] = [16, 12]
  const header = Buffer.alloc(13)
  header.writeUInt32BE(w, 0)
  header.writeUInt32BE(h, 4)
  header[8] = 8
  header[9] = 2
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => [40, 120, 200]).flat())])
  const pixels = deflateSync(Buffer.concat(Array.from({ length: h }, () => row)))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))])
}

describe('inspections (督查走访)', () => {
  let browser
  let office
  let officeApi
  let project

  before(async () => {
    if (skip) return
    browser = await launch()
    office = await sessionOf(browser, 'office')
    officeApi = await apiSession('office')
    const { items } = await officeApi.getJson('/api/projects?page_size=1&stage=construction')
    assert.ok(items.length > 0, 'the demo has a project under construction')
    project = items[0]
  })
  after(async () => {
    await officeApi?.logout()
    await browser?.close()
  })

  it('lets the office record an inspection, raise a problem from it and see the link', { skip }, async () => {
    const { page, errors, close } = await open(browser, '/dashboard', { storageState: office, expectedErrors: EXPECTED })
    try {
      await page.getByTestId('menu-section-supervision').click()
      await page.getByTestId('menu-inspections').click()
      await page.waitForURL(/\/inspections$/)
      await page.getByTestId('inspections-table').locator('.el-table__row').first().waitFor()
      assert.ok(Number((await page.getByTestId('inspections-total').innerText()).replace(/\D/g, '')) >= 12, 'the demo has a dozen')

      await page.getByTestId('inspections-create').click()
      const dialog = page.getByTestId('inspection-dialog')
      await dialog.waitFor()
      const title = `开工项目现场督查${Date.now() % 1000000}`
      await page.getByTestId('inspection-title').fill(title)
      await page.getByTestId('inspection-people').fill('项目办李主任、督查科陈科长')
      await page.getByTestId('inspection-findings').fill('现场作业面不足，劳动力仅达计划的六成。')
      const projects = page.getByTestId('inspection-projects')
      await projects.click()
      await projects.locator('input').fill(project.name)
      await page.getByTestId(`inspection-project-${project.id}`).click()
      await page.getByTestId('inspection-title').click() // closes the drop-down
      await page.getByTestId('inspection-save').click()

      // The new inspection's page, with the project; a photo goes to it.
      await page.waitForURL(/\/inspections\/\d+$/)
      const id = Number(new URL(page.url()).pathname.split('/').pop())
      assert.equal(await page.getByTestId('inspection-title-text').innerText(), title)
      await page.getByTestId(`inspection-project-link-${project.id}`).waitFor()
      await page.getByTestId('inspection-photo-upload').locator('input[type="file"]').setInputFiles({ name: '督查现场.png', mimeType: 'image/png', buffer: png() })
      await page.getByTestId('inspection-photo').first().waitFor()

      // 反映问题 on the visited project: the problem keeps the inspection.
      await page.getByTestId(`inspection-raise-${project.id}`).click()
      const raise = page.getByTestId('raise-dialog')
      await raise.waitFor()
      await page.getByTestId('raise-type').click()
      await page.getByTestId('raise-type-construction').click()
      await page.getByTestId('raise-title').fill('劳动力不足')
      await page.getByTestId('raise-description').fill('督查发现现场劳动力仅达计划的六成，需业主加快组织。')
      await page.getByTestId('raise-save').click()
      await raise.waitFor({ state: 'hidden' })
      const link = page.getByTestId('inspection-problems').locator('a[data-testid^="inspection-problem-"]')
      await link.first().waitFor()
      assert.equal(await link.first().innerText(), '劳动力不足')
      await screenshot(page, 'inspection')

      const detail = await officeApi.getJson(`/api/inspections/${id}`)
      assert.equal(detail.photos.length, 1)
      assert.equal(detail.problems.length, 1)
      const problem = await officeApi.getJson(`/api/problems/${detail.problems[0].id}`)
      assert.equal(problem.inspection_id, id)

      // And back: the problem's page links to the inspection.
      await link.first().click()
      await page.waitForURL(/\/problems\/\d+$/)
      await page.getByTestId('problem-inspection').click()
      await page.waitForURL(new RegExp(`/inspections/${id}$`))
      await page.getByTestId('inspection-title-text').waitFor()
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
