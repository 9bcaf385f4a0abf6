// Browser tests of 前期手续 against a running server with the demo district, as the project
// office ("office"): a new project (made through the API) gets its approval items from a template;
// an item is marked in progress with an application date long past and shows a red code, then with
// a recent one and shows none; the analytics page lists the departments with their figures and
// draws the chart.
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { apiSession, launch, open, screenshot, sessionOf, skipWithoutAccounts } from './helpers.mjs'

const skip = skipWithoutAccounts
const EXPECTED = [/status of 404/]

const pad = (n) => String(n).padStart(2, '0')
/** A date on the Beijing calendar `days` from today, 'YYYY-MM-DD'. */
function beijingDate(days = 0) {
  const d = new Date(Date.now() + 8 * 60 * 60 * 1000 + days * 24 * 60 * 60 * 1000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

function nationalCode() {
  const n = String(Date.now() + 7)
  return `2026-990103-${n.slice(-10, -8)}-${n.slice(-8, -6)}-${n.slice(-6)}`
}

async function expectJson(answer, status, what) {
  const text = await answer.text()
  assert.equal(answer.status, status, `${what}: HTTP ${answer.status} ${text}`)
  return text ? JSON.parse(text) : null
}

/** Types a date into the el-date-picker inside a form item and commits it. */
async function typeDate(page, testId, date) {
  const input = page.locator(`[data-testid="${testId}"] input`)
  await input.click()
  await input.fill(date)
  await input.press('Enter')
}

describe('pre-construction approvals', () => {
  let browser
  let office
  let api
  let project

  before(async () => {
    if (skip) return
    browser = await launch()
    office = await sessionOf(browser, 'office')
    api = await apiSession('office')
    const { items } = await api.getJson('/api/projects?page_size=1')
    const model = await api.getJson(`/api/projects/${items[0].id}`)
    project = await expectJson(
      await api.request('POST', '/api/projects', {
        name: `前期手续测试项目${Date.now() % 1000000}`,
        national_code: nationalCode(),
        level: 'district',
        category: 'social',
        nature: 'new',
        regime: 'approval',
        subject: 'government',
        owner_org_id: model.owner_org_id,
        town_org_id: model.town_org_id,
        total_investment: 80_000_000,
        funds: [{ source: 'government', amount: 80_000_000 }],
        planned_start: beijingDate(90),
        planned_completion: beijingDate(720),
      }),
      201,
      'POST /api/projects',
    )
    await expectJson(
      await api.request('POST', `/api/projects/${project.id}/approvals/from-template`, { template_id: 1 }),
      201,
      'POST from-template',
    )
  })
  after(async () => {
    await api?.logout()
    await browser?.close()
  })

  it("records an item's application and shows its code", { skip }, async () => {
    const { items } = await api.getJson(`/api/projects/${project.id}/approvals`)
    const item = items.find((i) => i.name === '用地预审与选址意见书')
    assert.ok(item, 'the template has 用地预审与选址意见书')
    assert.equal(item.limit_days, 20)
    const { page, errors, close } = await open(browser, `/projects/${project.id}?tab=approvals`, { storageState: office, expectedErrors: EXPECTED })
    try {
      await page.getByTestId('approvals-stage-project_land').waitFor()
      assert.equal(await page.getByTestId(`approval-status-${item.id}`).getAttribute('data-status'), 'not_started')

      // Applied 60 days ago, 20 working days allowed: more than 30 working days have passed.
      await page.getByTestId(`approval-row-${item.id}`).click()
      await page.getByTestId('approval-dialog').waitFor()
      await page.getByTestId('approval-status-in_progress').click()
      await typeDate(page, 'approval-item-applied', beijingDate(-60))
      await page.getByTestId('approval-save').click()
      await page.getByTestId('approval-dialog').waitFor({ state: 'hidden' })
      await page.locator(`[data-testid="approval-code-${item.id}"][data-code="red"]`).waitFor()
      assert.equal(await page.getByTestId(`approval-applied-${item.id}`).innerText(), beijingDate(-60))
      const red = (await api.getJson(`/api/projects/${project.id}/approvals`)).items.find((i) => i.id === item.id)
      assert.equal(red.code, 'red')
      assert.ok(red.elapsed_days > 30, `elapsed ${red.elapsed_days}`)
      await screenshot(page, 'approvals-red')

      // Applied two days ago instead: within the limit, no code.
      await page.getByTestId(`approval-row-${item.id}`).click()
      await page.getByTestId('approval-dialog').waitFor()
      await typeDate(page, 'approval-item-applied', beijingDate(-2))
      await page.getByTestId('approval-save').click()
      await page.getByTestId('approval-dialog').waitFor({ state: 'hidden' })
      await page.locator(`[data-testid="approval-code-${item.id}"][data-code="none"]`).waitFor()
      assert.equal(await page.getByTestId(`approval-elapsed-${item.id}`).innerText(), `${(await api.getJson(`/api/projects/${project.id}/approvals`)).items.find((i) => i.id === item.id).elapsed_days}天`)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('shows the departments and where approval is slow', { skip }, async () => {
    const year = Number(beijingDate(0).slice(0, 4)) - 1
    const stats = await api.getJson(`/api/approvals/analytics?year=${year}`)
    assert.ok(stats.by_department.length >= 3, 'the demo district has approvals by several departments')
    const { page, errors, close } = await open(browser, `/approvals?year=${year}`, { storageState: office, expectedErrors: EXPECTED })
    try {
      await page.getByTestId('approvals-by-department').waitFor()
      const names = await page.locator('[data-testid="approvals-by-department"] .dept').allInnerTexts()
      assert.deepEqual(
        names.map((n) => n.trim()),
        stats.by_department.map((d) => d.name || '未指定部门'),
      )
      assert.ok(names.some((n) => n.includes('自然资源和规划局')))
      await page.getByTestId('approvals-chart').waitFor()
      await page.getByTestId('approvals-overdue').waitFor()
      assert.match(await page.getByTestId('approvals-as-of').innerText(), new RegExp(`${year}-12-31`))
      await screenshot(page, 'approvals-analytics')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
