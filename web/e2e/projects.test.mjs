// Browser tests of the project library and the project map against a running server with the demo
// district, as the project office ("office"):
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
// One sign-in for the whole file (through the API); the tests run in order and the later ones use
// the project the form test creates.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { launch, open, screenshot, sessionOf, skipWithoutAccounts } from './helpers.mjs'

const skip = skipWithoutAccounts
// A form the server refuses is answered 400, and the browser logs it.
const REFUSED = [/status of 400/]

/** The stage of every project row of the list. */
const rowStages = (page) =>
  page.locator('[data-testid="projects-table"] .el-table__body-wrapper [data-testid="stage-tag"]').evaluateAll((nodes) =>
    nodes.map((n) => n.dataset.stage),
  )

/** Waits until the list has answered and its loading mask is gone. */
async function listLoaded(page) {
  await page.locator('[data-testid="projects-table"] .el-loading-mask').waitFor({ state: 'hidden' })
}

/** Picks an option of an el-select; hidden poppers are not in the accessibility tree. */
async function choose(page, testId, option) {
  await page.getByTestId(testId).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

/** The error text under a form item (empty when there is none). */
const fieldError = (page, field) => page.locator(`[data-testid="form-item-${field}"] > .el-form-item__content > .el-form-item__error`)

/** A national project code nobody else has: 2026-990101-xx-xx-xxxxxx from the clock. */
function nationalCode() {
  const n = String(Date.now())
  return `2026-990101-${n.slice(-10, -8)}-${n.slice(-8, -6)}-${n.slice(-6)}`
}

describe('project library', () => {
  let browser
  let storageState
  /** The project the form test creates, for the transition test. */
  let created = null

  before(async () => {
    if (skip) return
    browser = await launch()
    storageState = await sessionOf(browser, 'office')
  })
  after(() => browser?.close())

  it('finds a project by keyword and keeps the search in the URL', { skip }, async () => {
    const { page, errors, close } = await open(browser, '/projects', { storageState })
    try {
      await page.getByTestId('menu-map').waitFor()
      assert.match(await page.getByTestId('menu-projects').getAttribute('class'), /is-active/)
      await listLoaded(page)
      await page.locator('[data-testid="projects-table"] .el-table__row').first().waitFor()
      assert.match(await page.getByTestId('projects-total').innerText(), /^共 \d+ 个项目$/)
      assert.equal(await page.getByTestId('projects-create').innerText(), '新建项目')

      await page.getByTestId('projects-q').fill('产业园')
      const searched = page.waitForResponse((r) => r.url().includes('/api/projects?') && r.url().includes('q=%E4%BA%A7%E4%B8%9A%E5%9B%AD'))
      await page.getByTestId('projects-search-submit').click()
      await searched
      await listLoaded(page)
      assert.equal(new URL(page.url()).searchParams.get('q'), '产业园')
      // More than one page of them may match: 50 a page, which the URL keeps too.
      const resized = page.waitForResponse((r) => r.url().includes('/api/projects?') && r.url().includes('page_size=50'))
      await page.locator('[data-testid="projects-list"] .el-pagination .el-select').click()
      await page.getByRole('option', { name: '50条/页', exact: true }).click()
      await resized
      await listLoaded(page)
      assert.equal(new URL(page.url()).searchParams.get('page_size'), '50')
      await page.locator('[data-testid="projects-table"] .el-table__row', { hasText: '智能制造产业园一期' }).first().waitFor()
      const names = await page.locator('[data-testid^="project-link-"]').allInnerTexts()
      assert.ok(names.length > 0 && names.every((n) => n.includes('产业园')), names.join(','))

      // Reload: the URL brings the search back.
      await page.reload()
      await listLoaded(page)
      await page.locator('[data-testid="projects-table"] .el-table__row', { hasText: '智能制造产业园一期' }).first().waitFor()
      assert.equal(await page.getByTestId('projects-q').inputValue(), '产业园')
      assert.equal(await page.locator('[data-testid="projects-list"] .el-pagination .el-select').innerText(), '50条/页')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('filters by stage 在建 and shows only 在建 projects, also after back and forward', { skip }, async () => {
    const { page, errors, close } = await open(browser, '/projects', { storageState })
    try {
      await listLoaded(page)
      await page.locator('[data-testid="projects-table"] .el-table__row').first().waitFor()
      await page.getByTestId('projects-stage').click()
      await page.getByTestId('projects-stage-construction').click()
      await page.keyboard.press('Escape')
      const searched = page.waitForResponse((r) => r.url().includes('/api/projects?') && r.url().includes('stage=construction'))
      await page.getByTestId('projects-search-submit').click()
      await searched
      await listLoaded(page)
      const stages = await rowStages(page)
      assert.ok(stages.length > 0, 'some projects are under construction')
      assert.deepEqual([...new Set(stages)], ['construction'])
      const texts = await page.locator('[data-testid="projects-table"] .el-table__body-wrapper [data-testid="stage-tag"]').allInnerTexts()
      assert.deepEqual([...new Set(texts.map((s) => s.trim()))], ['在建'])
      assert.equal(new URL(page.url()).searchParams.get('stage'), 'construction')
      await screenshot(page, 'projects-list')

      // Sorted by investment, largest first: the server sorts, the URL keeps it.
      const sorted = page.waitForResponse((r) => r.url().includes('/api/projects?') && r.url().includes('sort=-total_investment'))
      const header = page.locator('[data-testid="projects-table"] th', { hasText: '总投资（万元）' })
      await header.locator('.sort-caret.descending').click()
      await sorted
      await listLoaded(page)
      assert.equal(new URL(page.url()).searchParams.get('sort'), '-total_investment')
      const amounts = (await page.getByTestId('project-investment').allInnerTexts()).map((a) => Number(a.replace(/,/g, '')))
      assert.deepEqual(amounts, [...amounts].sort((a, b) => b - a))

      await page.goBack()
      await page.waitForURL((url) => !url.searchParams.has('sort'))
      await page.goBack()
      await page.waitForURL((url) => !url.searchParams.has('stage'))
      await listLoaded(page)
      await page.waitForFunction(() => {
        const tags = [...document.querySelectorAll('[data-testid="projects-table"] .el-table__body-wrapper [data-testid="stage-tag"]')]
        return tags.some((t) => t.dataset.stage !== 'construction')
      })
      await page.goForward()
      await page.waitForURL((url) => url.searchParams.get('stage') === 'construction')
      await listLoaded(page)
      await page.waitForFunction(() => {
        const tags = [...document.querySelectorAll('[data-testid="projects-table"] .el-table__body-wrapper [data-testid="stage-tag"]')]
        return tags.length > 0 && tags.every((t) => t.dataset.stage === 'construction')
      })
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('opens a project page with its tabs', { skip }, async () => {
    const { page, errors, close } = await open(browser, `/projects?q=${encodeURIComponent('智能制造产业园一期')}`, { storageState })
    try {
      await listLoaded(page)
      await page.locator('[data-testid^="project-link-"]', { hasText: '智能制造产业园一期' }).first().click()
      await page.waitForURL(/\/projects\/\d+$/)
      await page.getByTestId('project-header').waitFor()
      assert.match(await page.getByTestId('project-name').innerText(), /智能制造产业园一期/)
      assert.match(await page.getByTestId('breadcrumb').innerText(), /工作台\s*\/\s*项目库\s*\/\s*项目详情/)
      assert.match(await page.getByTestId('project-investment').innerText(), /^[\d,]+\.\d{2}$/)
      const tabs = await page.locator('[data-testid="project-tabs"] [data-testid^="project-tab-"]').allInnerTexts()
      assert.deepEqual(tabs, ['基本信息', '预警', '生命周期', '关键节点', '前期手续', '问题', '月报', '附件与照片', '变更历史'])
      await page.getByTestId('project-info').waitFor()
      assert.match(await page.getByTestId('info-total-investment').innerText(), /万元$/)
      await screenshot(page, 'project-info')

      await page.getByTestId('project-tab-lifecycle').click()
      await page.waitForURL(/tab=lifecycle/)
      await page.getByTestId('project-lifecycle').waitFor()
      await page.locator('[data-testid="project-lifecycle"] .el-loading-mask').waitFor({ state: 'hidden' })
      await page.getByTestId('project-tab-files').click()
      await page.getByTestId('project-files').waitFor()
      await page.getByTestId('project-tab-history').click()
      await page.getByTestId('project-history').waitFor()
      // Reload keeps the tab.
      await page.reload()
      await page.getByTestId('project-history').waitFor()
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('shows the server error under its field, then creates the project', { skip }, async () => {
    const { page, errors, close } = await open(browser, '/projects', { storageState, expectedErrors: REFUSED })
    try {
      await page.getByTestId('projects-create').click()
      await page.waitForURL(/\/projects\/new$/)
      const name = `E2E测试项目${Date.now()}`
      await page.getByTestId('form-name').fill(name)
      await page.getByTestId('form-national-code').fill('123')
      await choose(page, 'form-level', '区重点')
      await choose(page, 'form-category', '基础设施')
      await choose(page, 'form-nature', '新建')
      await choose(page, 'form-regime', '审批')
      await choose(page, 'form-subject', '政府')
      // el-tree-select hands its attributes to the tree too: click the select itself.
      await page.locator('.el-select[data-testid="form-owner"]').click()
      await page.getByRole('option', { name: '区住房和城乡建设局', exact: true }).click()
      await page.getByTestId('form-total-investment').fill('1.5')
      await page.getByTestId('form-add-fund').click()
      await choose(page, 'form-fund-source-0', '专项债')
      await page.getByTestId('form-fund-amount-0').fill('1.2')

      await page.getByTestId('form-save').click()
      await fieldError(page, 'national_code').waitFor()
      assert.match(await fieldError(page, 'national_code').innerText(), /项目代码/)
      assert.match(page.url(), /\/projects\/new$/)
      await page.getByTestId('form-item-national_code').scrollIntoViewIfNeeded()
      await screenshot(page, 'project-form-error')

      // A valid code; the split (1.2 万元) does not add up to the total (1.5 万元): the server
      // refuses and names the field, shown under 资金来源.
      await page.getByTestId('form-national-code').fill(nationalCode())
      const refused = page.waitForResponse((r) => r.url().endsWith('/api/projects') && r.request().method() === 'POST')
      await page.getByTestId('form-save').click()
      assert.equal((await refused).status(), 400)
      await fieldError(page, 'funds').waitFor()
      await fieldError(page, 'national_code').waitFor({ state: 'detached' })
      assert.match(await fieldError(page, 'funds').innerText(), /./)
      assert.equal(await page.locator('.el-message-box').count(), 0, 'the error is on the field, not in a message box')

      await page.getByTestId('form-fund-amount-0').fill('1.5')
      const saved = page.waitForResponse((r) => r.url().endsWith('/api/projects') && r.request().method() === 'POST')
      await page.getByTestId('form-save').click()
      const answer = await saved
      assert.equal(answer.status(), 201)
      const body = await answer.json()
      // 1.5 万元 = 15 000 元 = 1 500 000 分, exactly.
      assert.equal(body.total_investment, 1_500_000)
      assert.deepEqual(body.funds, [{ source: 'special_bond', amount: 1_500_000 }])
      await page.waitForURL(new RegExp(`/projects/${body.id}$`))
      await page.getByTestId('project-header').waitFor()
      assert.equal(await page.getByTestId('project-name').innerText(), name)
      assert.equal(await page.getByTestId('project-investment').innerText(), '1.50')
      assert.equal((await page.locator('[data-testid="project-header"] [data-testid="stage-tag"]').innerText()).trim(), '谋划')
      created = { id: body.id, name }
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('moves the new project through 提交入库申请 and 初审通过', { skip }, async () => {
    assert.ok(created, 'the form test created a project')
    const { page, errors, close } = await open(browser, `/projects/${created.id}?tab=lifecycle`, { storageState })
    try {
      const headerStage = page.locator('[data-testid="project-header"] [data-testid="stage-tag"]')
      await page.getByTestId('project-lifecycle').waitFor()
      await page.locator('[data-testid="timeline-item"][data-action="create"]').waitFor()

      await page.getByTestId('project-action-submit').click()
      const dialog = page.getByTestId('transition-dialog')
      await dialog.waitFor()
      assert.match(await dialog.innerText(), /提交入库申请/)
      await dialog.getByTestId('transition-reason').fill('符合入库条件，申请入库')
      await dialog.getByTestId('transition-submit').click()
      await dialog.waitFor({ state: 'hidden' })
      await page.locator('[data-testid="project-header"] [data-stage="reserve"]', { hasText: '储备（待初审）' }).waitFor()
      await page.locator('[data-testid="timeline-item"][data-action="submit"]').waitFor()

      await page.getByTestId('project-action-pass_initial_review').click()
      await dialog.waitFor()
      await dialog.getByTestId('transition-submit').click()
      await dialog.waitFor({ state: 'hidden' })
      await page.locator('[data-testid="project-header"] [data-stage="reserve"]', { hasText: '储备（待终审）' }).waitFor()
      await page.locator('[data-testid="timeline-item"][data-action="pass_initial_review"]').waitFor()
      assert.equal((await headerStage.innerText()).trim(), '储备（待终审）')

      const actions = await page.locator('[data-testid="timeline-item"]').evaluateAll((nodes) => nodes.map((n) => n.dataset.action))
      assert.deepEqual(actions, ['pass_initial_review', 'submit', 'create'])
      const first = page.locator('[data-testid="timeline-item"]').first()
      assert.match(await first.innerText(), /初审通过/)
      assert.match(await first.innerText(), /李项目办/)
      assert.match(await page.locator('[data-testid="timeline-item"][data-action="submit"]').innerText(), /符合入库条件，申请入库/)
      await screenshot(page, 'project-lifecycle')

      // 退回 needs a reason: the form says so before anything is sent.
      if (await page.getByTestId('project-action-reject_review').count()) {
        await page.getByTestId('project-action-reject_review').click()
        await dialog.waitFor()
        await dialog.getByTestId('transition-submit').click()
        await dialog.locator('.el-form-item__error', { hasText: '请填写理由' }).waitFor()
        await dialog.getByRole('button', { name: '取消' }).click()
        await dialog.waitFor({ state: 'hidden' })
      }
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('draws the projects on the district map', { skip }, async () => {
    const { page, errors, close } = await open(browser, '/map', { storageState })
    try {
      const map = page.getByTestId('project-map')
      await page.locator('[data-testid="project-map"][data-ready="true"]').waitFor()
      await page.locator('[data-testid="project-map"] canvas').first().waitFor()
      const points = Number(await map.getAttribute('data-points'))
      assert.ok(points > 0, `points drawn: ${points}`)
      assert.match(await page.getByTestId('map-count').innerText(), new RegExp(`显示 ${points} 个项目点位`))
      await screenshot(page, 'project-map')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
