// Browser test of 审批事项办理, the approving department's desk, against a running server with the
// demo district: the office generates a new project's approval items and marks its construction
// permit in progress; the housing bureau's staff ("unit.zjj", whose scope does not hold the
// project) find the item on their desk, record its approval with a document number and the
// approval document, and the item reads so through the API, file included.
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { apiSession, launch, open, screenshot, sessionOf, skipWithoutAccounts } from './helpers.mjs'

const skip = skipWithoutAccounts

const pad = (n) => String(n).padStart(2, '0')
function beijingDate(days = 0) {
  const d = new Date(Date.now() + 8 * 60 * 60 * 1000 + days * 24 * 60 * 60 * 1000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

async function expectJson(answer, status, what) {
  const text = await answer.text()
  assert.equal(answer.status, status, `${what}: HTTP ${answer.status} ${text}`)
  return text ? JSON.parse(text) : null
}

describe("the approving department's desk", () => {
  let browser
  let api
  let bureau
  let bureauApi
  let project
  let item

  before(async () => {
    if (skip) return
    browser = await launch()
    api = await apiSession('office')
    bureauApi = await apiSession('unit.zjj')
    bureau = await sessionOf(browser, 'unit.zjj')
    const { items } = await api.getJson('/api/projects?page_size=1')
    const model = await api.getJson(`/api/projects/${items[0].id}`)
    const n = String(Date.now() + 11)
    project = await expectJson(
      await api.request('POST', '/api/projects', {
        name: `审批办理测试项目${n.slice(-6)}`,
        national_code: `2026-990103-${n.slice(-10, -8)}-${n.slice(-8, -6)}-${n.slice(-6)}`,
        level: 'district',
        category: 'social',
        nature: 'new',
        regime: 'approval',
        subject: 'government',
        owner_org_id: model.owner_org_id,
        town_org_id: model.town_org_id,
        total_investment: 50_000_000,
        funds: [{ source: 'government', amount: 50_000_000 }],
        planned_start: beijingDate(60),
        planned_completion: beijingDate(700),
      }),
      201,
      'POST /api/projects',
    )
    const list = await expectJson(
      await api.request('POST', `/api/projects/${project.id}/approvals/from-template`, { template_id: 1 }),
      201,
      'POST from-template',
    )
    item = list.items.find((i) => i.name === '施工许可证')
    assert.ok(item, 'the template has 施工许可证')
    assert.equal(item.department_name, '区住房和城乡建设局')
    item = await expectJson(
      await api.request('PATCH', `/api/approvals/${item.id}`, { status: 'in_progress', applied_on: beijingDate(-3) }, { 'If-Match': `"${item.version}"` }),
      200,
      'PATCH in progress',
    )
  })
  after(async () => {
    await api?.logout()
    await bureauApi?.logout()
    await browser?.close()
  })

  it('records the approval, number and document of an item on a project out of scope', { skip }, async () => {
    const own = await bureauApi.request('GET', `/api/projects/${project.id}/approvals`)
    const visible = own.status === 200
    const { page, errors, close } = await open(browser, `/approvals/desk?q=${encodeURIComponent(project.name)}`, { storageState: bureau })
    try {
      await page.getByTestId(`desk-item-${item.id}`).waitFor()
      const desk = await bureauApi.getJson(`/api/approvals/desk?q=${encodeURIComponent(project.name)}`)
      assert.ok(desk.items.every((i) => i.department_name === '区住房和城乡建设局'), 'only the bureau\'s own items')
      assert.equal(await page.getByTestId('desk-total').innerText(), `共 ${desk.total} 项`)
      assert.equal(desk.items[0].id, item.id, 'the item in progress comes first')
      await page.getByTestId(`desk-handle-${item.id}`).click()
      await page.getByTestId('approval-dialog').waitFor()
      assert.equal(await page.getByTestId('approval-name').inputValue(), '施工许可证')
      if (!visible) await page.getByText('您是审批部门').waitFor()
      await page.getByTestId('approval-status-obtained').click()
      const approved = page.locator('[data-testid="approval-item-approved"] input')
      await approved.click()
      await approved.fill(beijingDate(0))
      await approved.press('Enter')
      await page.getByTestId('approval-doc-number').fill('示住建施〔2026〕88号')
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
      await page.locator('[data-testid="approval-upload"] input[type=file]').setInputFiles({ name: '施工许可证.pdf', mimeType: 'application/pdf', buffer: pdf })
      await page.getByTestId('approval-file-link').waitFor()
      await screenshot(page, 'approval-desk-dialog')
      await page.getByTestId('approval-save').click()
      await page.getByTestId('approval-dialog').waitFor({ state: 'hidden' })
      await page.locator(`[data-testid="desk-code-${item.id}"]`).waitFor()

      const saved = await bureauApi.getJson(`/api/approvals/${item.id}`)
      assert.equal(saved.status, 'obtained')
      assert.equal(saved.approved_on, beijingDate(0))
      assert.equal(saved.doc_number, '示住建施〔2026〕88号')
      assert.ok(saved.attachment_id, 'the document is on the item')
      const file = await api.request('GET', `/api/approvals/${item.id}/files/${saved.attachment_id}`)
      assert.equal(file.status, 200)
      assert.ok((await file.text()).startsWith('%PDF'))
      await screenshot(page, 'approval-desk')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
