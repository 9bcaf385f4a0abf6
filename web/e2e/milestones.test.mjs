// Browser tests of 关键节点 and 挂图作战 against a running server with the demo district, as the
// project office ("office"): a new project (made through the API, so that it has no nodes yet)
// gets its nodes from a template in the 关键节点 tab; a node's actual date is entered and its
// successor's forecast moves; the portfolio Gantt draws rows with diamonds and opens a project's
// 关键节点 tab on click.
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
// The tests run in order and share the project; every run makes its own project.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { apiSession, launch, open, screenshot, sessionOf, skipWithoutAccounts } from './helpers.mjs'

const skip = skipWithoutAccounts
// The browser logs every 4xx it is answered (a project's other tabs may 404).
const EXPECTED = [/status of 404/]

const pad = (n) => String(n).padStart(2, '0')
/** A date on the Beijing calendar `days` from today, 'YYYY-MM-DD'. */
function beijingDate(days = 0) {
  const d = new Date(Date.now() + 8 * 60 * 60 * 1000 + days * 24 * 60 * 60 * 1000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** A national project code nobody else has, from the clock. */
function nationalCode() {
  const n = String(Date.now())
  return `2026-990102-${n.slice(-10, -8)}-${n.slice(-8, -6)}-${n.slice(-6)}`
}

/** The JSON answer of a request that must succeed with `status`. */
async function expectJson(answer, status, what) {
  const text = await answer.text()
  assert.equal(answer.status, status, `${what}: HTTP ${answer.status} ${text}`)
  return text ? JSON.parse(text) : null
}

/** Waits until the 关键节点 tab has loaded its nodes (the table and the chart drawn). */
async function nodesShown(page, count) {
  await page.locator(`[data-testid="milestone-gantt"][data-rows="${count}"][data-rendered="true"]`).waitFor()
  await page.locator('[data-testid="milestones-table"] .el-loading-mask').waitFor({ state: 'hidden' })
}

/** Types a date into the el-date-picker inside a form item and commits it. */
async function typeDate(page, testId, date) {
  const input = page.locator(`[data-testid="${testId}"] input`)
  await input.click()
  await input.fill(date)
  await input.press('Enter')
}

describe('milestones and the portfolio Gantt', () => {
  let browser
  let office
  let api
  let project
  /** The template used, with its nodes. */
  let template

  before(async () => {
    if (skip) return
    browser = await launch()
    office = await sessionOf(browser, 'office')
    api = await apiSession('office')

    // A template to generate from: the first one, or one made here if the district has none.
    const templates = await api.getJson('/api/milestone-templates')
    template = templates.items.find((tpl) => tpl.nodes.length >= 3)
    if (!template) {
      template = await expectJson(
        await api.request('POST', '/api/milestone-templates', {
          name: `测试模板${Date.now() % 100000}`,
          nodes: [
            { name: '立项', anchor: 'start', offset_days: -50 },
            { name: '用地', anchor: 'start', offset_days: -40 },
            { name: '施工许可', anchor: 'start', offset_days: -10 },
            { name: '开工', anchor: 'start', offset_days: 0 },
            { name: '竣工验收', anchor: 'end', offset_days: 0 },
          ],
        }),
        201,
        'POST /api/milestone-templates',
      )
    }

    // A new project with an owner and town like the demo's first one; construction started two
    // months ago, so the template's early nodes fall in the past.
    const { items } = await api.getJson('/api/projects?page_size=1')
    const model = await api.getJson(`/api/projects/${items[0].id}`)
    project = await expectJson(
      await api.request('POST', '/api/projects', {
        name: `关键节点测试项目${Date.now() % 1000000}`,
        national_code: nationalCode(),
        level: 'district',
        category: 'industry',
        nature: 'new',
        regime: 'filing',
        subject: 'private',
        owner_org_id: model.owner_org_id,
        town_org_id: model.town_org_id,
        total_investment: 100_000_000,
        funds: [{ source: 'government', amount: 100_000_000 }],
        planned_start: beijingDate(-60),
        planned_completion: beijingDate(720),
      }),
      201,
      'POST /api/projects',
    )
  })
  after(async () => {
    await api?.logout()
    await browser?.close()
  })

  it('generates the nodes of a project from a template', { skip }, async () => {
    const { page, errors, close } = await open(browser, `/projects/${project.id}?tab=milestones`, { storageState: office, expectedErrors: EXPECTED })
    try {
      await page.getByTestId('milestones-empty').waitFor()
      await page.getByTestId('milestones-empty-template').click()
      await page.getByTestId('milestone-template-preview').waitFor()
      await page.getByTestId(`milestone-template-${template.id}`).click()
      await page.getByTestId('milestone-template-generate').click()
      await page.getByTestId('milestone-template-dialog').waitFor({ state: 'hidden' })
      await nodesShown(page, template.nodes.length)

      const { items, can_edit: canEdit } = await api.getJson(`/api/projects/${project.id}/milestones`)
      assert.equal(canEdit, true)
      assert.deepEqual(
        items.map((m) => m.name),
        template.nodes.map((n) => n.name),
      )
      // Planned dates derived from the project's period.
      for (const [i, m] of items.entries()) {
        assert.match(m.planned, /^\d{4}-\d{2}-\d{2}$/)
        // Chained to the node before it when that one is planned no later.
        if (i > 0 && items[i - 1].planned <= m.planned) assert.deepEqual(m.deps.map((d) => d.predecessor_id), [items[i - 1].id])
        assert.equal(await page.getByTestId(`milestone-planned-${m.id}`).innerText(), m.planned)
        assert.equal(await page.getByTestId(`milestone-status-${m.id}`).getAttribute('data-status'), m.status)
      }
      // The project started two months ago: the nodes planned before today are overdue, in red.
      const past = items.filter((m) => m.planned < beijingDate(0))
      assert.ok(past.length > 0, 'some nodes were planned before today')
      for (const m of past) {
        assert.equal(m.status, 'overdue', m.name)
        assert.match(await page.getByTestId(`milestone-status-${m.id}`).getAttribute('class'), /el-tag--danger/)
      }
      await screenshot(page, 'milestones-generated')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it("enters a node's actual date and its successor's forecast moves", { skip }, async () => {
    const { items } = await api.getJson(`/api/projects/${project.id}/milestones`)
    // A node not met yet and its successor planned within 40 days (so that a long lag pushes the
    // successor's forecast out, and meeting the node long ago brings it back).
    const limit = beijingDate(40)
    const pairIndex = items.findIndex((a, i) => {
      const b = items[i + 1]
      return b && !a.actual && b.planned <= limit && b.deps.some((d) => d.predecessor_id === a.id)
    })
    assert.ok(pairIndex >= 0, 'the template gives two chained nodes planned before the next 40 days')
    const a = items[pairIndex]
    const b = items[pairIndex + 1]
    const depRow = b.deps.findIndex((d) => d.predecessor_id === a.id)
    // 30 working days more than the template's lag (which may already be 40, the planned gap).
    const lagDays = b.deps[depRow].lag_days + 30

    const { page, errors, close } = await open(browser, `/projects/${project.id}?tab=milestones`, { storageState: office, expectedErrors: EXPECTED })
    try {
      await nodesShown(page, items.length)

      // 1. The successor waits 30 working days longer after the node: its forecast moves out.
      await page.getByTestId(`milestone-edit-${b.id}`).click()
      await page.getByTestId('milestone-dialog').waitFor()
      const lag = page.locator(`[data-testid="milestone-dep-${depRow}"] .el-input-number input`)
      await lag.fill(String(lagDays))
      await lag.press('Tab')
      await page.getByTestId('milestone-save').click()
      await page.getByTestId('milestone-dialog').waitFor({ state: 'hidden' })
      const forecastCell = page.getByTestId(`milestone-forecast-${b.id}`)
      await page.waitForFunction(
        ([id, before]) => document.querySelector(`[data-testid="milestone-forecast-${id}"]`)?.textContent.trim() !== before,
        [b.id, b.forecast],
      )
      const pushed = (await forecastCell.innerText()).trim()
      assert.ok(pushed > beijingDate(40), `40 working days after a node not met yet is past ${beijingDate(40)}: ${pushed}`)
      assert.match(await forecastCell.getAttribute('class'), /late/)

      // 2. The node was met 120 days ago: the successor's forecast comes back.
      const metOn = beijingDate(-120)
      await page.getByTestId(`milestone-edit-${a.id}`).click()
      await page.getByTestId('milestone-dialog').waitFor()
      await typeDate(page, 'milestone-item-actual', metOn)
      await page.getByTestId('milestone-save').click()
      await page.getByTestId('milestone-dialog').waitFor({ state: 'hidden' })
      await page.locator(`[data-testid="milestone-status-${a.id}"][data-status="done"]`).waitFor()
      assert.equal(await page.getByTestId(`milestone-actual-${a.id}`).innerText(), metOn)
      await page.waitForFunction(
        ([id, before]) => document.querySelector(`[data-testid="milestone-forecast-${id}"]`)?.textContent.trim() !== before,
        [b.id, pushed],
      )
      const back = (await forecastCell.innerText()).trim()
      assert.ok(back < pushed, `the forecast moved back from ${pushed}: ${back}`)

      const after = await api.getJson(`/api/projects/${project.id}/milestones`)
      const a2 = after.items.find((m) => m.id === a.id)
      const b2 = after.items.find((m) => m.id === b.id)
      assert.equal(a2.actual, metOn)
      assert.equal(a2.status, 'done')
      assert.equal(b2.forecast, back)
      assert.deepEqual(b2.deps[depRow], { ...b2.deps[depRow], predecessor_id: a.id, lag_days: lagDays })
      await page.locator('[data-testid="milestone-gantt"][data-rendered="true"]').waitFor()
      await screenshot(page, 'milestones-forecast-moved')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('draws the portfolio Gantt with diamonds and opens a project from its row', { skip }, async () => {
    const { page, errors, close } = await open(browser, '/gantt', { storageState: office, expectedErrors: EXPECTED })
    try {
      assert.match(await page.getByTestId('menu-gantt').getAttribute('class'), /is-active/)
      const chart = page.getByTestId('gantt-chart')
      await page.locator('[data-testid="gantt-chart"][data-rendered="true"]').waitFor()
      await page.locator('[data-testid="gantt-chart"] canvas').first().waitFor()
      const rows = Number(await chart.getAttribute('data-rows'))
      const nodes = Number(await chart.getAttribute('data-nodes'))
      assert.ok(rows > 0, 'rows drawn')
      assert.ok(nodes > 0, 'diamonds drawn')
      assert.match(await page.getByTestId('gantt-total').innerText(), new RegExp(`^共 \\d+ 个项目，本页 ${rows} 个$`))
      assert.ok(Number(await chart.getAttribute('data-rendered-ms')) > 0)
      // Opened directly: index.html asked for the rows before the app loaded, and the page took
      // that answer rather than asking again.
      const asked = await page.evaluate(() => ({
        requests: performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/gantt')).length,
        taken: performance.getEntriesByName('prefetch:taken').filter((m) => m.detail?.startsWith('/gantt')).length,
        sessions: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/auth/me')).length,
      }))
      // The session too: the early script asked for it, and the app took that answer.
      assert.deepEqual(asked, { requests: 1, taken: 1, sessions: 1 })
      await screenshot(page, 'gantt-portfolio')

      // The list's search form: the project of this run alone, its nodes as diamonds.
      await page.getByTestId('gantt-q').fill(project.name)
      await page.getByTestId('gantt-search-submit').click()
      await page.waitForURL(/[?&]q=/)
      const { items } = await api.getJson(`/api/projects/${project.id}/milestones`)
      await page.locator(`[data-testid="gantt-chart"][data-rows="1"][data-nodes="${items.length}"][data-rendered="true"]`).waitFor()
      // Reload keeps the search.
      await page.reload()
      await page.locator(`[data-testid="gantt-chart"][data-rows="1"][data-rendered="true"]`).waitFor()
      assert.equal(await page.getByTestId('gantt-q').inputValue(), project.name)

      // A click on the row opens the project's 关键节点 tab (once the loading mask has faded).
      await page.locator('.chart-box > .el-loading-mask').waitFor({ state: 'hidden' })
      const point = await page.evaluate(() => window.__gantt.rowPoint(0))
      assert.ok(point, 'the row has a place on the chart')
      await page.mouse.click(point.x, point.y)
      await page.waitForURL(new RegExp(`/projects/${project.id}\\?tab=milestones$`))
      await page.getByTestId('project-milestones').waitFor()
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
