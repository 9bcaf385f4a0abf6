// Browser tests of 驾驶舱 (the cockpit), its large screen and phone layouts, and 我的包联 against a
// running server with the demo district:
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
// They read what the server answers first (GET /api/cockpit/*) and check the page against it, so
// no demo figure is assumed. Layout checks: nothing outside the viewport horizontally (and on the
// large screen, nothing outside it at all and no scrollbars), no two panels overlapping.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { apiSession, baseUrl, launch, open, screenshot, sessionOf, skipWithoutAccounts } from './helpers.mjs'

const skip = skipWithoutAccounts
const SCREEN = { width: 1920, height: 1080 }
const PHONE = { width: 390, height: 844 }
/** The demo's 包联领导 (src/demo: every leader account leads a share of the projects). */
const LEADER = 'leader.zhang'

/** Like open(), with a viewport of its own. */
async function openSized(browser, path, viewport, storageState) {
  const context = await browser.newContext({ viewport, storageState })
  const page = await context.newPage()
  const errors = []
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(baseUrl + path)
  return { page, errors, close: () => context.close() }
}

/** Waits until every panel has answered and every chart has drawn. */
const cockpitReady = (page) => page.locator('[data-testid="cockpit"][data-ready="true"]').waitFor({ timeout: 30_000 })

/**
 * The layout of the page: the boxes of the panels (and the figure row), the elements of the
 * cockpit that reach outside the viewport (horizontally, or also vertically with `vertical`),
 * and the document's scroll size.
 */
function layout(page, root, vertical = false) {
  return page.evaluate(
    ({ root, vertical }) => {
      const W = window.innerWidth
      const H = window.innerHeight
      const outside = []
      for (const el of document.querySelectorAll(`${root} *`)) {
        const r = el.getBoundingClientRect()
        if (r.width === 0 || r.height === 0) continue
        const out = r.left < -0.5 || r.right > W + 0.5 || (vertical && (r.top < -0.5 || r.bottom > H + 0.5))
        if (out) outside.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} [${Math.round(r.left)},${Math.round(r.top)} → ${Math.round(r.right)},${Math.round(r.bottom)}]`)
      }
      const panels = [...document.querySelectorAll(`${root} [data-panel]`)].map((el) => {
        const r = el.getBoundingClientRect()
        return { name: el.dataset.panel, x: r.left, y: r.top, width: r.width, height: r.height }
      })
      const doc = document.documentElement
      return { outside, panels, scrollWidth: doc.scrollWidth, scrollHeight: doc.scrollHeight, W, H }
    },
    { root, vertical },
  )
}

/** The pairs of panels whose boxes overlap (by more than half a pixel each way). */
function overlaps(panels) {
  const found = []
  for (let i = 0; i < panels.length; i += 1) {
    for (let j = i + 1; j < panels.length; j += 1) {
      const a = panels[i]
      const b = panels[j]
      const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
      const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
      if (w > 0.5 && h > 0.5) found.push(`${a.name} × ${b.name}`)
    }
  }
  return found
}

/** Every item of a drill-down, page after page, through the API. */
async function drillAll(api, query) {
  const items = []
  let sum = null
  for (let page = 1; ; page += 1) {
    const answer = await api.getJson(`/api/cockpit/projects?${query}&page=${page}&page_size=100`)
    sum = answer.sum
    items.push(...answer.items)
    if (answer.items.length === 0 || items.length >= answer.total) return { items, sum, total: answer.total }
  }
}

/** Opens the drill-down of `locator` and returns the sum it shows (as the API sent it). */
async function drillSum(page, locator) {
  await locator.click()
  const sum = page.locator('[data-testid="drill-dialog"] [data-testid="drill-sum"]')
  await sum.waitFor()
  return { sum: Number(await sum.getAttribute('data-sum')), rows: await page.getByTestId('drill-row').count(), total: Number(await page.getByTestId('drill-total').getAttribute('data-total')) }
}

async function closeDrill(page) {
  await page.keyboard.press('Escape')
  await page.locator('[data-testid="drill-dialog"]').waitFor({ state: 'hidden' })
}

describe('驾驶舱 and 我的包联', () => {
  let browser
  let office
  let leader
  let officeApi
  let leaderApi

  before(async () => {
    if (skip) return
    browser = await launch()
    office = await sessionOf(browser, 'office')
    leader = await sessionOf(browser, LEADER)
    officeApi = await apiSession('office')
    leaderApi = await apiSession(LEADER)
  })
  after(async () => {
    await officeApi?.logout()
    await leaderApi?.logout()
    await browser?.close()
  })

  it('shows the district figures the server computed, without console errors', { skip }, async () => {
    const summary = await officeApi.getJson('/api/cockpit/summary')
    assert.ok(summary.projects > 0, 'the demo district has projects in the cockpit')
    const { page, errors, close } = await open(browser, '/cockpit', { storageState: office })
    try {
      await cockpitReady(page)
      assert.equal(await page.getByTestId('cockpit-sentence').innerText(), summary.sentence)
      for (const key of ['projects', 'total_investment', 'annual_planned', 'completed_ytd', 'completion_rate', 'points_vs_schedule', 'new_starts', 'completions']) {
        const value = await page.getByTestId(`cockpit-figure-${key}`).getAttribute('data-value')
        assert.equal(value, summary[key] === null ? '' : String(summary[key]), key)
      }
      assert.equal(await page.getByTestId('cockpit').getAttribute('data-year'), String(summary.year))
      assert.equal(await page.getByTestId('cockpit').getAttribute('data-month'), String(summary.month))
      // The lights add up to the projects, and the map shows the points the server sent.
      const lights = await officeApi.getJson('/api/cockpit/lights')
      for (const c of ['red', 'yellow', 'green']) assert.equal(await page.getByTestId(`cockpit-light-${c}`).getAttribute('data-value'), String(lights.counts[c]))
      const map = await officeApi.getJson('/api/cockpit/map')
      assert.equal(Number(await page.getByTestId('cockpit-map').getAttribute('data-points')), map.points.filter(([, , lng, lat]) => Number.isFinite(lng) && Number.isFinite(lat)).length)
      assert.ok((await page.getByTestId('breakdown-row').count()) > 0, 'breakdown tables have rows')
      const { outside, panels } = await layout(page, '[data-testid="cockpit"]')
      assert.deepEqual(outside, [])
      assert.deepEqual(overlaps(panels), [])
      await screenshot(page, 'cockpit')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it("lists the projects behind a figure, whose sum is the figure clicked", { skip }, async () => {
    const summary = await officeApi.getJson('/api/cockpit/summary')
    const { page, errors, close } = await open(browser, '/cockpit', { storageState: office })
    try {
      await cockpitReady(page)
      for (const key of ['projects', 'annual_planned', 'completed_ytd', 'new_starts']) {
        const card = page.getByTestId(`cockpit-figure-${key}`)
        const shown = Number(await card.getAttribute('data-value'))
        const { sum, rows, total } = await drillSum(page, card)
        assert.equal(sum, shown, `${key}: the drill-down's sum is the card's figure`)
        assert.equal(sum, summary[key])
        assert.equal(rows, Math.min(total, 20), `${key}: a page of ${total} projects`)
        await closeDrill(page)
        // Every project's contribution adds up to the figure.
        const all = await drillAll(officeApi, `year=${summary.year}&month=${summary.month}&figure=${key}`)
        assert.equal(all.items.reduce((s, i) => s + i.value, 0), shown, `${key}: the items add up`)
      }

      // A row of a breakdown table (by town): its plan, listed and summed.
      const town = page.getByTestId('breakdown-table-town').getByTestId('breakdown-planned').first()
      const townPlan = Number(await town.getAttribute('data-value'))
      const { sum } = await drillSum(page, town)
      assert.equal(sum, townPlan)
      // A project of the list opens its page.
      const link = page.locator('[data-testid="drill-dialog"] [data-testid="drill-link"]').first()
      const href = await link.getAttribute('href')
      assert.match(href, /^\/projects\/\d+$/)
      await link.click()
      await page.waitForURL(`**${href}`)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('lists the projects behind the total investment, the problems closed and raised, and the approvals by department', { skip }, async () => {
    const summary = await officeApi.getJson('/api/cockpit/summary')
    const problems = await officeApi.getJson('/api/cockpit/problems')
    const approvals = await officeApi.getJson('/api/cockpit/approvals')
    const trend = await officeApi.getJson('/api/cockpit/trend')
    const period = `year=${summary.year}&month=${summary.month}`
    const added = (items) => items.reduce((s, i) => s + i.value, 0)
    const { page, errors, close } = await open(browser, '/cockpit', { storageState: office })
    try {
      await cockpitReady(page)
      /** Opens the drill-down of `locator`, checks its sum against what it shows and `expected`, closes it. */
      const check = async (locator, expected, what) => {
        const shown = Number(await locator.getAttribute('data-value'))
        const { sum, rows, total } = await drillSum(page, locator)
        assert.equal(sum, shown, `${what}: the drill-down's sum is the figure clicked`)
        assert.equal(sum, expected, `${what}: the panel's figure`)
        assert.equal(rows, Math.min(total, 20), `${what}: a page of ${total} projects`)
        await closeDrill(page)
      }
      await check(page.getByTestId('cockpit-figure-total_investment'), summary.total_investment, 'total_investment')
      await check(page.getByTestId('cockpit-problems-closed_this_month'), problems.closed_this_month, 'problems closed')
      await check(page.getByTestId('cockpit-problems-raised_this_month'), problems.raised_this_month, 'problems raised')
      for (const c of ['in_progress', 'yellow', 'red']) await check(page.getByTestId(`cockpit-approvals-${c}`), approvals[c], `approvals ${c}`)
      // The approvals panel's departments, each row's counts drilled by department (未指定 as key null).
      const rows = page.getByTestId('approvals-department')
      assert.equal(await rows.count(), approvals.departments.length)
      for (let i = 0; i < Math.min(approvals.departments.length, 3); i += 1) {
        const row = approvals.departments[i]
        assert.equal(await rows.nth(i).getAttribute('data-key'), String(row.key))
        for (const c of ['in_progress', 'red']) await check(rows.nth(i).getByTestId(`approvals-department-${c}`), row[c], `${row.name} ${c}`)
      }

      // Every project's contribution adds up, through the API: the total, each month's bar of the
      // trend (asked at that month), and every department's counts.
      const total = await drillAll(officeApi, `${period}&figure=total_investment`)
      assert.equal(added(total.items), summary.total_investment)
      for (const m of trend.months) {
        const month = await drillAll(officeApi, `year=${summary.year}&month=${m.month}&figure=completed_month`)
        assert.equal(month.sum, m.completed_month, `month ${m.month}`)
        assert.equal(added(month.items), m.completed_month, `month ${m.month}: the items add up`)
      }
      for (const row of approvals.departments) {
        for (const c of ['in_progress', 'yellow', 'red']) {
          const all = await drillAll(officeApi, `${period}&figure=approvals_${c}&dimension=department&key=${row.key ?? 'null'}`)
          assert.equal(all.sum, row[c], `${row.name} ${c}`)
          assert.equal(added(all.items), row[c], `${row.name} ${c}: the items add up`)
        }
      }
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('fills a 1920×1080 screen, dark, without scrollbars or overlapping panels', { skip }, async () => {
    const { page, errors, close } = await openSized(browser, '/screen', SCREEN, office)
    try {
      await cockpitReady(page)
      assert.match(await page.evaluate(() => document.documentElement.className), /\bdark\b/)
      const background = await page.getByTestId('cockpit').evaluate((el) => getComputedStyle(el).backgroundImage)
      assert.match(background, /gradient/)
      const { outside, panels, scrollWidth, scrollHeight, W, H } = await layout(page, '[data-testid="cockpit"]', true)
      assert.ok(scrollWidth <= W && scrollHeight <= H, `no scrollbars: ${scrollWidth}×${scrollHeight}`)
      assert.deepEqual(outside, [])
      // The figures and eight panels.
      assert.equal(panels.length, 9, panels.map((p) => p.name).join(','))
      assert.deepEqual(overlaps(panels), [])
      // The menu and the layout are not there: the cockpit is the whole window.
      assert.equal(await page.getByTestId('menu').count(), 0)
      await screenshot(page, 'cockpit-screen')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('stacks the panels in one column on a phone', { skip }, async () => {
    const { page, errors, close } = await openSized(browser, '/cockpit', PHONE, office)
    try {
      await cockpitReady(page)
      const { outside, panels, scrollWidth, W } = await layout(page, '[data-testid="cockpit"]')
      assert.ok(scrollWidth <= W, `no horizontal scrolling: ${scrollWidth}`)
      assert.deepEqual(outside, [])
      assert.deepEqual(overlaps(panels), [])
      // One column: every panel as wide as the first and below the one before.
      const column = panels.filter((p) => p.name !== 'figures')
      for (const p of column) assert.ok(Math.abs(p.x - column[0].x) < 1 && Math.abs(p.width - column[0].width) < 1, JSON.stringify(p))
      for (let i = 1; i < column.length; i += 1) assert.ok(column[i].y >= column[i - 1].y + column[i - 1].height, `${column[i].name} below ${column[i - 1].name}`)
      // Charts as wide as their panel.
      const chart = await page.getByTestId('trend-chart').boundingBox()
      assert.ok(chart.width > column[0].width - 40 && chart.x + chart.width <= W, JSON.stringify(chart))
      await screenshot(page, 'cockpit-phone')

      // A drill-down fits the phone too.
      const { sum } = await drillSum(page, page.getByTestId('cockpit-figure-completed_ytd'))
      assert.equal(sum, Number(await page.getByTestId('cockpit-figure-completed_ytd').getAttribute('data-value')))
      const dialog = await page.locator('.drill-dialog').boundingBox()
      assert.ok(dialog.x >= 0 && dialog.x + dialog.width <= W, JSON.stringify(dialog))
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it("shows the leader the projects they are 包联 for, on a phone, one tap from each project", { skip }, async () => {
    const mine = await leaderApi.getJson('/api/cockpit/mine')
    assert.ok(mine.projects.length > 0, `${LEADER} leads projects in the demo`)
    const { page, errors, close } = await openSized(browser, '/mine', PHONE, leader)
    try {
      await page.locator('[data-testid="mine"][data-loaded="true"]').waitFor()
      const items = page.getByTestId('mine-item')
      assert.equal(await items.count(), mine.projects.length)
      const ids = await items.evaluateAll((nodes) => nodes.map((n) => Number(n.dataset.id)))
      assert.deepEqual([...ids].sort((a, b) => a - b), mine.projects.map((p) => p.id).sort((a, b) => a - b))
      // Reddest first.
      const colours = await items.evaluateAll((nodes) => nodes.map((n) => n.dataset.colour))
      const rank = { red: 0, yellow: 1, green: 2 }
      for (let i = 1; i < colours.length; i += 1) assert.ok(rank[colours[i - 1]] <= rank[colours[i]], colours.join(','))
      for (const c of ['red', 'yellow', 'green']) {
        assert.equal(await page.getByTestId(`mine-filter-${c}`).getAttribute('data-count'), String(mine.projects.filter((p) => p.colour === c).length))
      }
      const { outside, scrollWidth, W } = await layout(page, '[data-testid="mine"]')
      assert.ok(scrollWidth <= W)
      assert.deepEqual(outside, [])
      await screenshot(page, 'mine-phone')
      assert.equal(await page.getByTestId('menu-mine').count(), 1, 'in the menu')

      const first = items.first()
      const href = await first.getByTestId('mine-link').getAttribute('href')
      assert.equal(href, `/projects/${ids[0]}`)
      await first.getByTestId('mine-link').click()
      await page.waitForURL(`**${href}`)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
