// Browser tests of 调度填报 and 月报 against a running server with the demo district: the project
// office opens a round for the current month; the owner "owner.ctjt" fills in and submits the
// month's report on a phone; the office returns it with a reason; the owner fixes and resubmits;
// the office accepts it and the 月报 tab shows 已审定, and the project's warning light (红黄绿灯) turns
// green: the test picks a project behind its 序时进度 and has the owner report enough to catch up.
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
// The tests run in order and share the round and the project. They need a fresh demo database: a
// month's report can be accepted only once.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { apiSession, baseUrl, launch, open, screenshot, sessionOf, skipWithoutAccounts } from './helpers.mjs'
import { fenToWan, formatWan } from '../src/utils/money.js'

const skip = skipWithoutAccounts
// The browser logs every 4xx: no report or plan yet (404), the round exists already (409).
const EXPECTED = [/status of 404/, /status of 409/]
const PHONE = { width: 390, height: 844 }
const REASON = '本月完成投资与资金到位情况不符，请核实后重报'

const pad = (n) => String(n).padStart(2, '0')
/** Today on the Beijing calendar, as the platform counts it. */
function beijingToday() {
  const d = new Date(Date.now() + 8 * 60 * 60 * 1000)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, period: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}` }
}

/** 序时进度 of an annual plan at the end of `month`, as the server counts it (domain::ScheduleTarget). */
function scheduleTarget(plan, month) {
  if (plan.monthly_targets) return plan.monthly_targets.slice(0, month).reduce((a, b) => a + b, 0)
  return Math.floor((plan.planned_investment * month * 2 + 12) / 24)
}

/**
 * A project of the owner under construction whose only warnings are about investment progress
 * (after the office records its statistics registration, so that rule is out of the way), with an
 * approved plan for this year; and the investment this month's report needs to bring it within 10
 * points of 序时进度 (the Yinchuan rules: green), in whole 万元.
 */
async function projectBehindSchedule(ownerApi, officeApi, today) {
  const { items } = await ownerApi.getJson('/api/projects?stage=construction&page_size=100')
  for (const candidate of items) {
    const path = `/api/projects/${candidate.id}`
    let warnings = await officeApi.getJson(`${path}/warnings`)
    if (warnings.items.some((w) => w.measure === 'registration')) {
      const page = await officeApi.getJson(path)
      const r = await officeApi.request('PATCH', path, { registered_on: page.actual_start ?? today.date }, { 'If-Match': `"${page.version}"` })
      assert.equal(r.status, 200, await r.text())
      warnings = await officeApi.getJson(`${path}/warnings`)
    }
    if (warnings.items.some((w) => w.measure === 'milestone')) {
      // Milestone findings are not what this test is about: meet the nodes that raise them.
      const { items: nodes } = await officeApi.getJson(`${path}/milestones`)
      for (const node of nodes) {
        if (node.status === 'done' || node.status === 'pending') continue
        const r = await officeApi.request('PATCH', `/api/milestones/${node.id}`, { actual: today.date }, { 'If-Match': `"${node.version}"` })
        assert.equal(r.status, 200, await r.text())
      }
      warnings = await officeApi.getJson(`${path}/warnings`)
    }
    if (warnings.colour === 'green' || warnings.items.some((w) => w.measure !== 'progress')) continue
    const planAnswer = await officeApi.get(`${path}/plans/${today.year}`)
    if (!planAnswer.ok) continue
    const plan = await planAnswer.json()
    if (plan.status !== 'accepted' || plan.planned_investment <= 0) continue
    const { items: reports } = await officeApi.getJson(`${path}/reports?year=${today.year}`)
    if (reports.some((r) => r.period === today.period)) continue
    const done = reports.filter((r) => Number(r.period.slice(5)) < today.month).map((r) => r.figures.year_to_date)
    const completed = done.length ? Math.max(...done) : 0
    // Green needs 序时 − completed < plan / 10 once this month's report counts.
    const short = scheduleTarget(plan, today.month) - completed - Math.floor(plan.planned_investment / 10)
    const investment = Math.max(1, Math.floor(short / 1_000_000) + 1) * 1_000_000
    return { project: candidate, colour: warnings.colour, investment }
  }
  throw new Error('no project of owner.ctjt under construction is behind its 序时进度 with only progress warnings')
}

/** Like open(), with a phone's screen. */
async function openPhone(browser, path, { storageState, expectedErrors = [] } = {}) {
  const context = await browser.newContext({ viewport: PHONE, storageState })
  const page = await context.newPage()
  const errors = []
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const text = message.text()
    if (!expectedErrors.some((pattern) => pattern.test(text))) errors.push(text)
  })
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(baseUrl + path)
  return { page, errors, close: () => context.close() }
}

/** Opens the month's report drawer from the 月报 tab and waits until it has loaded. */
async function openMonth(page, month) {
  await page.getByTestId('reports-table').waitFor()
  await page.locator('[data-testid="reports-table"] .el-loading-mask').waitFor({ state: 'hidden' })
  await page.getByTestId(`reports-open-${month}`).click()
  await page.getByTestId('report-form').waitFor()
  await page.locator('.report-form-wrap > .el-loading-mask').waitFor({ state: 'hidden' })
}

/** Waits for the status tag of the open drawer. */
const drawerStatus = (page, status) => page.locator(`[data-testid="report-status"][data-status="${status}"]`).waitFor()

async function closeDrawer(page) {
  await page.locator('.report-drawer .el-drawer__close-btn').click()
  await page.getByTestId('report-form').waitFor({ state: 'hidden' })
}

describe('dispatch rounds and monthly reports', () => {
  let browser
  let office
  let owner
  let ownerApi
  let officeApi
  let project
  let lightBefore
  /** This month's investment (分) that brings the project back within 序时进度, and as typed in 万元. */
  let investment
  let investmentWan
  const today = { ...beijingToday(), date: new Date(Date.now() + 8 * 60 * 60 * 1000).toISOString().slice(0, 10) }

  before(async () => {
    if (skip) return
    browser = await launch()
    office = await sessionOf(browser, 'office')
    owner = await sessionOf(browser, 'owner.ctjt')
    ownerApi = await apiSession('owner.ctjt')
    officeApi = await apiSession('office')
    ;({ project, colour: lightBefore, investment } = await projectBehindSchedule(ownerApi, officeApi, today))
    investmentWan = fenToWan(investment)
  })
  after(async () => {
    await ownerApi?.logout()
    await officeApi?.logout()
    await browser?.close()
  })

  it('opens a round for this month and shows who has reported', { skip }, async () => {
    const { page, errors, close } = await open(browser, '/rounds', { storageState: office, expectedErrors: EXPECTED })
    try {
      assert.match(await page.getByTestId('menu-reports').getAttribute('class'), /is-active/)
      await page.getByTestId('rounds-create').click()
      const dialog = page.getByTestId('rounds-create-dialog')
      await page.getByTestId('rounds-create-name').waitFor()
      // The form starts with this month, today and ten days on.
      assert.equal(await page.locator('[data-testid="rounds-create-item-period"] input').inputValue(), today.period)
      await page.getByTestId('rounds-create-name').fill(`${today.year}年${today.month}月调度`)
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/rounds') && r.request().method() === 'POST')
      await page.getByTestId('rounds-create-save').click()
      const created = await answer
      if (created.status() === 409) {
        // An earlier run opened it: pick it from the list.
        await page.locator('.el-dialog', { hasText: '该月已有调度任务' }).waitFor()
        await page.keyboard.press('Escape')
        await page.locator('[data-testid="rounds-table"] .el-table__row', { hasText: today.period }).first().click()
      } else {
        assert.equal(created.status(), 201)
        await dialog.waitFor({ state: 'hidden' })
      }
      await page.waitForURL(/[?&]round=\d+/)
      await page.getByTestId('round-board-title').waitFor()
      assert.match(await page.getByTestId('round-total').innerText(), /^共 \d+ 个项目$/)
      await page.getByTestId(`round-project-${project.id}`).waitFor()
      await screenshot(page, 'rounds-board')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('lets the owner fill in and submit the month on a phone', { skip }, async () => {
    const { page, errors, close } = await openPhone(browser, `/projects/${project.id}?tab=reports`, { storageState: owner, expectedErrors: EXPECTED })
    try {
      await page.getByTestId('plan-card').waitFor()
      await openMonth(page, today.month)
      await drawerStatus(page, 'not_reported')
      await page.getByTestId('report-investment').fill('123.456789')
      await page.getByTestId('report-fund-add').click()
      await page.getByTestId('report-fund-amount-0').fill('100.5')
      await page.getByTestId('report-progress').fill('45.555')
      await page.getByTestId('report-progress-text').fill('主体结构施工至第五层')
      await page.locator('[data-testid="report-item-workers_required"] input').fill('120')
      await page.locator('[data-testid="report-item-workers_on_site"] input').fill('96')
      await page.getByTestId('report-problems').fill('钢材供应偏紧')
      await page.getByTestId('report-next-plan').fill('完成第六层主体结构')
      // Three decimals of a per cent are refused before anything is sent.
      await page.getByTestId('report-submit').click()
      await page.locator('[data-testid="report-item-progress"] .el-form-item__error', { hasText: '最多两位小数' }).waitFor()
      await page.getByTestId('report-progress').fill('45.5')
      await page.getByTestId('report-submit').click()
      await drawerStatus(page, 'submitted')
      await screenshot(page, 'report-phone-submitted')

      const { versions } = await ownerApi.getJson(`/api/projects/${project.id}/reports/${today.period}`)
      assert.equal(versions[0].status, 'submitted')
      assert.equal(versions[0].progress, 4550)
      assert.equal(versions[0].investment, 123456789)
      assert.deepEqual(versions[0].funds_arrived, [{ source: 'government', amount: 100500000 }])
      assert.equal(versions[0].workers_on_site, 96)
      // Submitted: nothing left to edit for the owner.
      assert.equal(await page.getByTestId('report-save').count(), 0)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('lets the office return it with a reason', { skip }, async () => {
    const { page, errors, close } = await open(browser, `/projects/${project.id}?tab=reports`, { storageState: office, expectedErrors: EXPECTED })
    try {
      await openMonth(page, today.month)
      await drawerStatus(page, 'submitted')
      await page.getByTestId('report-return').click()
      await page.getByTestId('report-return-reason').waitFor()
      // The reason is required.
      await page.getByTestId('report-return-confirm').click()
      await page.locator('[data-testid="report-return-dialog"] .el-form-item__error', { hasText: '请填写退回原因' }).or(page.getByText('请填写退回原因')).first().waitFor()
      await page.getByTestId('report-return-reason').fill(REASON)
      await page.getByTestId('report-return-confirm').click()
      await drawerStatus(page, 'returned')
      assert.match(await page.getByTestId('report-review-reason').innerText(), new RegExp(REASON))
      await closeDrawer(page)
      await page.locator(`[data-testid="reports-status-${today.month}"][data-status="returned"]`).waitFor()
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('lets the owner fix and resubmit the returned report', { skip }, async () => {
    const { page, errors, close } = await openPhone(browser, `/projects/${project.id}?tab=reports`, { storageState: owner, expectedErrors: EXPECTED })
    try {
      await openMonth(page, today.month)
      await drawerStatus(page, 'returned')
      assert.match(await page.getByTestId('report-review-reason').innerText(), new RegExp(REASON))
      assert.equal(await page.getByTestId('report-investment').inputValue(), '123.456789')
      assert.equal(await page.getByTestId('report-progress').inputValue(), '45.5')
      await page.getByTestId('report-fund-amount-0').fill('123.456789')
      await page.getByTestId('report-progress').fill('50')
      // The office wants the month's full figure: enough to catch up with 序时进度.
      await page.getByTestId('report-investment').fill(investmentWan)
      await page.getByTestId('report-submit').click()
      await drawerStatus(page, 'submitted')
      const { versions } = await ownerApi.getJson(`/api/projects/${project.id}/reports/${today.period}`)
      assert.equal(versions[0].progress, 5000)
      assert.equal(versions[0].investment, investment)
      assert.deepEqual(versions[0].funds_arrived, [{ source: 'government', amount: 123456789 }])
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('lets the office accept it, the tab shows 已审定 and the warning light turns green', { skip }, async () => {
    const { page, errors, close } = await open(browser, `/projects/${project.id}?tab=reports`, { storageState: office, expectedErrors: EXPECTED })
    try {
      // Behind 序时进度 until the report counts.
      await page.locator(`[data-testid="project-warning"][data-colour="${lightBefore}"]`).waitFor()
      assert.notEqual(lightBefore, 'green')
      await openMonth(page, today.month)
      await drawerStatus(page, 'submitted')
      await page.getByTestId('report-accept').click()
      await page.locator('.el-message-box').getByRole('button', { name: '审定' }).click()
      await drawerStatus(page, 'accepted')
      // The figures count the accepted report.
      assert.equal(await page.getByTestId('report-figure-month').innerText(), formatWan(investment))
      await closeDrawer(page)
      const tag = page.locator(`[data-testid="reports-status-${today.month}"][data-status="accepted"]`)
      await tag.waitFor()
      assert.equal((await tag.innerText()).trim(), '已审定')
      await screenshot(page, 'reports-tab')

      // The light changed in the same transaction as the acceptance: the header shows it at once,
      // and the 预警 tab has no warning left, with this month green in the history.
      await page.locator('[data-testid="project-warning"][data-colour="green"]').waitFor()
      await page.getByTestId('project-warning').click()
      await page.getByTestId('warnings-none').waitFor()
      assert.equal(await page.getByTestId('warnings-colour').getAttribute('data-colour'), 'green')
      await page.locator(`[data-testid="warnings-history"] [data-period="${today.period}"][data-colour="green"]`).waitFor()
      await screenshot(page, 'warnings-tab')
      const list = await officeApi.getJson(`/api/projects?warning=green&q=${encodeURIComponent(project.name)}`)
      assert.ok(list.items.some((p) => p.id === project.id), 'the list filter finds it among the green ones')

      // The round's board says so too.
      await page.goto(`${baseUrl}/rounds`)
      await page.locator('[data-testid="rounds-table"] .el-table__row', { hasText: today.period }).first().click()
      await page.locator(`[data-testid="round-status-${project.id}"][data-status="accepted"]`, { hasText: '已审定' }).waitFor()
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
