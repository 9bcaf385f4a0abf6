// Browser tests of the problem closed loop (问题交办—办理—反馈—销号, SPEC §6) against a running
// server with the demo district: the owner "owner.ctjt" raises a problem with a photo on a
// project's 问题 tab; the office assigns it to 区住房和城乡建设局; that unit ("unit.zjj") records a
// step and submits its result; the owner accepts it; the office closes it (销号) and creates a
// meeting. An overdue problem shows red on 问题台账 and on its project's 问题 tab.
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
// The tests run in order and share the problem; every run raises its own.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'
import { apiSession, launch, open, screenshot, sessionOf, skipWithoutAccounts } from './helpers.mjs'

const skip = skipWithoutAccounts
// The browser logs every 4xx it is answered (a project's other tabs may 404).
const EXPECTED = [/status of 404/]
const UNIT_ORG = '区住房和城乡建设局'

const pad = (n) => String(n).padStart(2, '0')
/** A date on the Beijing calendar `days` from today, 'YYYY-MM-DD'. */
function beijingDate(days = 0) {
  const d = new Date(Date.now() + 8 * 60 * 60 * 1000 + days * 24 * 60 * 60 * 1000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** A small PNG (16×12, one colour) made here, so that the server has a real image to thumbnail. */
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
  header[8] = 8 // bit depth
  header[9] = 2 // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => [200, 60, 40]).flat())])
  const pixels = deflateSync(Buffer.concat(Array.from({ length: h }, () => row)))
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))])
}

/** Types a date into the el-date-picker inside a form item and commits it. */
async function typeDate(page, testId, date) {
  const input = page.locator(`[data-testid="${testId}"] input`)
  await input.click()
  await input.fill(date)
  await input.press('Enter')
}

/** Opens the dialog of an action on the problem page, fills it with `fill`, and saves. */
async function act(page, action, fill = async () => {}) {
  await page.getByTestId(`problem-action-${action}`).click()
  const dialog = page.locator(`[data-testid="problem-dialog"][data-action="${action}"]`)
  await dialog.waitFor()
  await fill(dialog)
  await dialog.getByTestId('problem-dialog-save').click()
  await dialog.waitFor({ state: 'hidden' })
}

/** Waits until the problem page shows `state`. */
const stateShown = (page, state) => page.locator(`[data-testid="problem-header"] [data-testid="problem-state"][data-state="${state}"]`).waitFor()

describe('the problem closed loop', () => {
  let browser
  let sessions
  let officeApi
  let ownerApi
  let project
  /** The problem raised in the first test. */
  let problem

  before(async () => {
    if (skip) return
    browser = await launch()
    sessions = {
      owner: await sessionOf(browser, 'owner.ctjt'),
      office: await sessionOf(browser, 'office'),
      unit: await sessionOf(browser, 'unit.zjj'),
    }
    officeApi = await apiSession('office')
    ownerApi = await apiSession('owner.ctjt')
    // One of the owner's projects.
    const { items } = await ownerApi.getJson('/api/projects?page_size=1')
    assert.ok(items.length > 0, 'the demo owner has a project')
    project = items[0]
  })
  after(async () => {
    await officeApi?.logout()
    await ownerApi?.logout()
    await browser?.close()
  })

  it("lets the owner raise a problem with a photo on the project's 问题 tab", { skip }, async () => {
    const { page, errors, close } = await open(browser, `/projects/${project.id}?tab=problems`, { storageState: sessions.owner, expectedErrors: EXPECTED })
    try {
      await page.getByTestId('project-problems').waitFor()
      await page.getByTestId('problems-raise').click()
      const dialog = page.getByTestId('raise-dialog')
      await dialog.waitFor()
      await page.getByTestId('raise-type').click()
      await page.getByTestId('raise-type-utilities').click()
      const title = `施工用电未接入${Date.now() % 1000000}`
      await page.getByTestId('raise-title').fill(title)
      await page.getByTestId('raise-description').fill('临时用电申请已提交两个月，供电部门未答复，影响桩基施工。')
      await dialog.locator('input[type="file"]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: png() })
      await dialog.locator('.el-upload-list__item').waitFor()
      await page.getByTestId('raise-save').click()

      // The new problem's page: 待交办, with its photo.
      await page.waitForURL(/\/problems\/\d+$/)
      const id = Number(new URL(page.url()).pathname.split('/').pop())
      await stateShown(page, 'pending')
      assert.equal(await page.getByTestId('problem-title').innerText(), title)
      await page.getByTestId('problem-photo').first().waitFor()
      assert.equal(await page.getByTestId('problem-photo').count(), 1)
      assert.match(await page.getByTestId('problem-raised-by').innerText(), /孙业主/)
      assert.equal(await page.locator('[data-testid^="problem-action-"]').count(), 0, 'the owner has nothing to do while it waits')

      problem = await ownerApi.getJson(`/api/problems/${id}`)
      assert.equal(problem.state, 'pending')
      assert.equal(problem.type, 'utilities')
      assert.equal(problem.photos.length, 1)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('lets the office assign it to a unit with a deadline', { skip }, async () => {
    assert.ok(problem, 'raised by the test before')
    const { page, errors, close } = await open(browser, `/problems/${problem.id}`, { storageState: sessions.office, expectedErrors: EXPECTED })
    try {
      await stateShown(page, 'pending')
      const deadline = beijingDate(20)
      await act(page, 'assign', async (dialog) => {
        await dialog.getByTestId('problem-responsible').click()
        await dialog.locator('[data-testid="problem-responsible"] input').fill('住房')
        await page.locator('.el-tree-node__content:visible').filter({ hasText: new RegExp(`^\\s*${UNIT_ORG}\\s*$`) }).first().click()
        await typeDate(page, 'problem-deadline-item', deadline)
      })
      await stateShown(page, 'in_progress')
      assert.equal(await page.getByTestId('problem-responsible-name').innerText(), UNIT_ORG)
      assert.equal(await page.locator('[data-testid="problem-header"] [data-testid="problem-deadline"]').getAttribute('data-overdue'), 'false')
      const kinds = await page.locator('[data-testid="problem-event"]').evaluateAll((els) => els.map((e) => e.dataset.kind))
      assert.deepEqual(kinds.slice(0, 2).sort(), ['assigned', 'raised'])

      const now = await officeApi.getJson(`/api/problems/${problem.id}`)
      assert.equal(now.responsible_org_name, UNIT_ORG)
      assert.equal(now.deadline, deadline)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('lets the unit record a step and submit its result', { skip }, async () => {
    const { page, errors, close } = await open(browser, `/problems/${problem.id}`, { storageState: sessions.unit, expectedErrors: EXPECTED })
    try {
      await stateShown(page, 'in_progress')
      await act(page, 'step', async (dialog) => {
        await dialog.locator('[data-testid="problem-text"]').fill('已会同供电部门现场踏勘，确定接电方案。')
      })
      await page.locator('[data-testid="problem-event"][data-kind="step"]').waitFor()
      assert.match(await page.locator('[data-testid="problem-event"][data-kind="step"]').innerText(), /赵住建[\s\S]*区住房和城乡建设局[\s\S]*确定接电方案/)

      await act(page, 'submit', async (dialog) => {
        await dialog.locator('[data-testid="problem-result"]').fill('临时用电已接通，施工恢复。')
      })
      await stateShown(page, 'awaiting_confirmation')
      assert.match(await page.getByTestId('problem-result-text').innerText(), /临时用电已接通/)
      await screenshot(page, 'problem-submitted')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('lets the owner accept the result and the office close the problem', { skip }, async () => {
    const owner = await open(browser, `/problems/${problem.id}`, { storageState: sessions.owner, expectedErrors: EXPECTED })
    try {
      await stateShown(owner.page, 'awaiting_confirmation')
      await act(owner.page, 'confirm', async (dialog) => {
        await dialog.getByTestId('problem-accept-yes').click()
      })
      await owner.page.getByTestId('problem-confirmed').waitFor()
      assert.equal(await owner.page.locator('[data-testid^="problem-action-"]').count(), 0)
      assert.deepEqual(owner.errors, [])
    } finally {
      await owner.close()
    }

    const office = await open(browser, `/problems/${problem.id}`, { storageState: sessions.office, expectedErrors: EXPECTED })
    try {
      await office.page.getByTestId('problem-confirmed').waitFor()
      await office.page.getByTestId('problem-action-close').click()
      await office.page.locator('.el-message-box__btns .el-button--primary').click()
      await stateShown(office.page, 'closed')
      const closed = await officeApi.getJson(`/api/problems/${problem.id}`)
      assert.equal(closed.state, 'closed')
      assert.equal(closed.closed_on, beijingDate(0))
      const kinds = closed.events.map((e) => e.kind)
      for (const kind of ['raised', 'assigned', 'step', 'submitted', 'confirmed', 'closed']) assert.ok(kinds.includes(kind), `${kind} in ${kinds}`)
      await screenshot(office.page, 'problem-closed')
      assert.deepEqual(office.errors, [])
    } finally {
      await office.close()
    }
  })

  it('lets the office create a meeting from 会议纪要 and open it', { skip }, async () => {
    const { page, errors, close } = await open(browser, '/meetings', { storageState: sessions.office, expectedErrors: EXPECTED })
    try {
      await page.getByTestId('menu-meetings').waitFor()
      assert.match(await page.getByTestId('menu-meetings').getAttribute('class'), /is-active/)
      await page.getByTestId('meetings-create').click()
      await page.getByTestId('meeting-dialog').waitFor()
      const title = `第${Date.now() % 100000}次周调度会`
      await page.getByTestId('meeting-title').fill(title)
      await page.getByTestId('meeting-chair').fill('王区长')
      await typeDate(page, 'meeting-held-on-item', beijingDate(0))
      await page.getByTestId('meeting-save').click()
      await page.waitForURL(/\/meetings\/\d+$/)
      assert.equal(await page.getByTestId('meeting-title-text').innerText(), title)
      assert.equal(await page.getByTestId('meeting-kind-tag').innerText(), '周调度会')
      await page.getByTestId('meeting-agenda').waitFor()
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it("shows an overdue problem in red on 问题台账 and on its project's 问题 tab", { skip }, async (t) => {
    const { items } = await officeApi.getJson('/api/problems?overdue=1&page_size=1')
    if (items.length === 0) {
      // A deadline cannot be set in the past: only the demo district (or time) makes one overdue.
      t.skip('the demo district has no overdue problem')
      return
    }
    const late = items[0]
    const board = await open(browser, '/problems?overdue=1', { storageState: sessions.office, expectedErrors: EXPECTED })
    try {
      const mark = board.page.locator(`[data-testid="problem-deadline-${late.id}"] [data-testid="problem-overdue"]`)
      await mark.waitFor()
      assert.equal(await mark.innerText(), `超期${late.overdue_working_days}个工作日`)
      assert.equal(await board.page.getByTestId(`problem-deadline-${late.id}`).getAttribute('data-overdue'), 'true')
      const colour = await board.page.getByTestId(`problem-deadline-${late.id}`).evaluate((el) => getComputedStyle(el).color)
      assert.equal(colour, 'rgb(245, 108, 108)', 'the deadline is in Element Plus red')
      assert.ok(Number(await board.page.getByTestId('problems-count-overdue').innerText()) >= 1)
      await screenshot(board.page, 'problems-overdue')
      assert.deepEqual(board.errors, [])
    } finally {
      await board.close()
    }

    const tab = await open(browser, `/projects/${late.project_id}?tab=problems`, { storageState: sessions.office, expectedErrors: EXPECTED })
    try {
      const row = tab.page.locator('[data-testid="project-problems-table"] .el-table__row', { has: tab.page.getByTestId(`problem-link-${late.id}`) })
      await row.locator('[data-testid="problem-overdue"]').waitFor()
      assert.equal(await row.locator('[data-testid="problem-deadline"]').getAttribute('data-overdue'), 'true')
      assert.deepEqual(tab.errors, [])
    } finally {
      await tab.close()
    }
  })
})
