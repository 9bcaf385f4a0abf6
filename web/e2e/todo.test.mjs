// Browser tests of 工作台 (the to-do page), 催报 on the round board and 工作日历 against a running
// server with the demo district:
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
// They read what the server answers first and check the page against it, so they hold whatever
// the demo data (or an earlier test) has left: no exact counts are assumed. The calendar is not
// saved, so that milestone deadlines stay as the other tests expect them.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { apiSession, baseUrl, launch, open, screenshot, sessionOf, skipWithoutAccounts } from './helpers.mjs'

const skip = skipWithoutAccounts
// The browser logs every 4xx: a month without a report yet (404).
const EXPECTED = [/status of 404/]
const PHONE = { width: 390, height: 844 }
const REMINDABLE = ['not_reported', 'draft', 'returned']

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

/** Waits until 工作台 has its answer from the server. */
const todoLoaded = (page) => page.locator('[data-testid="todo-cards"][data-loaded="true"]').waitFor()

/** Checks a card: a total, at most that many rows (the first 20), and plain words when empty. */
async function checkCard(page, key) {
  const card = page.getByTestId(`todo-card-${key}`)
  await card.waitFor()
  const total = Number(await page.getByTestId(`todo-total-${key}`).getAttribute('data-total'))
  assert.ok(Number.isInteger(total) && total >= 0, `${key}: total ${total}`)
  const rows = await card.getByTestId(`todo-item-${key}`).count()
  assert.ok(rows <= total && rows <= 20, `${key}: ${rows} rows of ${total}`)
  const EMPTY = { warnings: '暂无预警项目', problems_to_handle: '暂无待办问题', letters_to_reply: '暂无待回复函件' }
  if (total === 0) assert.equal(await page.getByTestId(`todo-empty-${key}`).innerText(), EMPTY[key] ?? '暂无待办')
  else assert.ok(rows > 0, `${key}: ${total} waiting, some listed`)
  return { card, total, rows }
}

describe('工作台, 催报 and 工作日历', () => {
  let browser
  let owner
  let office
  let sysadmin
  let ownerApi
  let officeApi

  before(async () => {
    if (skip) return
    browser = await launch()
    owner = await sessionOf(browser, 'owner.ctjt')
    office = await sessionOf(browser, 'office')
    sysadmin = await sessionOf(browser, 'sysadmin')
    ownerApi = await apiSession('owner.ctjt')
    officeApi = await apiSession('office')
  })
  after(async () => {
    await ownerApi?.logout()
    await officeApi?.logout()
    await browser?.close()
  })

  it("shows the owner a card for each of its groups, stacked on a phone", { skip }, async () => {
    const todo = await ownerApi.getJson('/api/todo?limit=20')
    const keys = Object.keys(todo.groups)
    // An owner writes reports and is no reviewer.
    assert.ok(keys.includes('reports_to_fill') && keys.includes('warnings'), `groups: ${keys}`)
    assert.ok(!keys.includes('to_review'))

    const { page, errors, close } = await openPhone(browser, '/dashboard', { storageState: owner, expectedErrors: EXPECTED })
    try {
      await todoLoaded(page)
      assert.match(await page.getByTestId('todo-greeting').innerText(), /您好$/)
      for (const key of keys) await checkCard(page, key)
      await page.getByTestId('todo-card-open_rounds').waitFor()
      assert.equal(await page.getByTestId('todo-card-to_review').count(), 0)

      // Every report row opens its month on the project's 月报 tab; a returned one is red.
      for (const href of await page.getByTestId('todo-item-reports_to_fill').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
        assert.match(href, /^\/projects\/\d+\?tab=reports&year=\d{4}&period=\d{4}-\d{2}$/)
      }
      for (const tag of await page.locator('[data-testid="todo-fill-status"][data-status="returned"]').all()) {
        assert.match(await tag.getAttribute('class'), /el-tag--danger/)
      }
      for (const href of await page.getByTestId('todo-item-milestones_due').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
        assert.match(href, /^\/projects\/\d+\?tab=milestones$/)
      }
      for (const text of await page.getByTestId('todo-due').allInnerTexts()) assert.match(text, /^(逾期\d+天|今天到期|\d+天后到期)$/)
      assert.equal(await page.getByTestId('todo-more-warnings').getAttribute('href'), '/projects?warning=red,yellow')

      // The cards stack: one column, each as wide as the others.
      const boxes = []
      for (const key of ['open_rounds', ...keys]) boxes.push(await page.getByTestId(`todo-card-${key}`).boundingBox())
      for (const box of boxes) {
        assert.ok(Math.abs(box.x - boxes[0].x) < 1 && Math.abs(box.width - boxes[0].width) < 1, JSON.stringify(boxes))
        assert.ok(box.x + box.width <= PHONE.width, `card inside the screen: ${JSON.stringify(box)}`)
      }
      // The server's groups come in key order, the page's cards in its own: compare by position.
      boxes.sort((a, b) => a.y - b.y)
      for (let i = 1; i < boxes.length; i += 1) assert.ok(boxes[i].y >= boxes[i - 1].y + boxes[i - 1].height, 'one below the other')
      await screenshot(page, 'todo-owner-phone')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it("shows the office 待审核 and opens a review from it", { skip }, async () => {
    const todo = await officeApi.getJson('/api/todo?limit=20')
    assert.ok(todo.groups.to_review, 'the office reviews')
    assert.ok(!todo.groups.reports_to_fill, 'the office fills in no reports')

    const { page, errors, close } = await open(browser, '/dashboard', { storageState: office, expectedErrors: EXPECTED })
    try {
      await todoLoaded(page)
      const { rows } = await checkCard(page, 'to_review')
      assert.equal(await page.getByTestId('todo-card-reports_to_fill').count(), 0)
      await screenshot(page, 'todo-office')
      if (rows > 0) {
        // A review opens the project's 月报 tab at its year; a month's report opens at once.
        const link = page.getByTestId('todo-item-to_review').first()
        const href = await link.getAttribute('href')
        assert.match(href, /^\/projects\/\d+\?tab=reports&year=\d{4}(&period=\d{4}-\d{2})?$/)
        await link.click()
        await page.waitForURL((url) => url.pathname + url.search === href)
        await page.getByTestId('project-reports').waitFor()
        if (href.includes('period=')) await page.getByTestId('report-form').waitFor()
      }
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('lets the office remind a project that has not reported (催报)', { skip }, async (t) => {
    // The newest round with a project still waiting.
    const { items: rounds } = await officeApi.getJson('/api/rounds?page_size=20')
    let round = null
    let waiting = null
    for (const r of rounds) {
      const board = await officeApi.getJson(`/api/rounds/${r.id}/status`)
      waiting = board.items.find((item) => REMINDABLE.includes(item.status))
      if (waiting) {
        round = r
        break
      }
    }
    if (!round) {
      t.skip('no round has a project waiting')
      return
    }
    const { page, errors, close } = await open(browser, `/rounds?round=${round.id}`, { storageState: office, expectedErrors: EXPECTED })
    try {
      await page.getByTestId('round-board-title').waitFor()
      assert.equal(await page.getByTestId('round-remind-all').isEnabled(), true)
      await page.getByTestId(`round-remind-${waiting.project_id}`).click()
      const box = page.locator('.el-message-box')
      await box.getByText(waiting.project_name).waitFor()
      await box.getByRole('button', { name: '催报' }).click()
      await page.locator('.el-message--success', { hasText: '已催报 1 个项目' }).waitFor()
      await page.getByTestId(`round-reminded-${waiting.project_id}`).waitFor()
      assert.match(await page.getByTestId(`round-reminded-${waiting.project_id}`).innerText(), /^\d{2}-\d{2} \d{2}:\d{2}$/)
      const board = await officeApi.getJson(`/api/rounds/${round.id}/status`)
      assert.ok(board.items.find((item) => item.project_id === waiting.project_id).reminded_at)
      // Reported projects cannot be reminded.
      for (const item of board.items.filter((i) => !REMINDABLE.includes(i.status))) {
        assert.equal(await page.getByTestId(`round-remind-${item.project_id}`).count(), 0)
      }
      await screenshot(page, 'rounds-reminded')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it("shows the system administrator 2026's 春节 in 工作日历", { skip }, async () => {
    const { page, errors, close } = await open(browser, '/system/calendar?year=2026', { storageState: sysadmin, expectedErrors: EXPECTED })
    try {
      assert.match(await page.getByTestId('menu-calendar').getAttribute('class'), /is-active/)
      await page.getByTestId('calendar-working-days').waitFor()
      const count = Number(await page.getByTestId('calendar-working-days').getAttribute('data-count'))
      assert.ok(count > 200 && count < 262, `working days in 2026: ${count}`)
      assert.match(await page.getByTestId('calendar-working-days').innerText(), new RegExp(`^2026年共 ${count} 个工作日$`))

      // 春节 2026 as the State Council notice has it, shown whole in February.
      const spring = page.locator('[data-testid="calendar-month-2"] [data-testid^="calendar-range-"][data-kind="holiday"]', { hasText: '春节' })
      await spring.first().waitFor()
      assert.equal(await spring.first().getAttribute('data-builtin'), 'true')
      assert.match(await spring.first().innerText(), /国务院办公厅通知/)
      const holidays = await page.locator('[data-testid="calendar-month-2"] [data-kind="holiday"][data-date]').evaluateAll((cells) => cells.map((c) => c.dataset.date))
      assert.ok(holidays.length >= 7, `春节 days: ${holidays}`)
      assert.ok(holidays.includes('2026-02-17'), `春节 includes 2026-02-17 (正月初一): ${holidays}`)
      assert.match(await page.locator('[data-date="2026-02-17"]').getAttribute('title'), /春节/)

      // The administrator may add a day: clicking one adds a row, which needs a name before saving.
      await page.getByTestId('calendar-editor').waitFor()
      const before = await page.locator('[data-testid^="calendar-row-date-"]').count()
      await page.locator('[data-date="2026-03-10"]').click()
      await page.getByTestId(`calendar-row-date-${before}`).waitFor()
      assert.equal(await page.locator(`[data-testid="calendar-row-date-${before}"] input`).inputValue(), '2026-03-10')
      await page.getByTestId('calendar-unsaved').waitFor()
      await page.getByTestId('calendar-save').click()
      await page.locator(`[data-testid="calendar-row-${before}"] .el-form-item__error`, { hasText: '必填' }).waitFor()
      await screenshot(page, 'calendar-2026')
      await page.getByTestId('calendar-discard').click()
      await page.getByTestId('calendar-unsaved').waitFor({ state: 'hidden' })
      assert.equal(await page.locator('[data-testid^="calendar-row-date-"]').count(), before)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
