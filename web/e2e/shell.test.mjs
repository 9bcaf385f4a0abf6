// Browser test of the web shell against a running server: GONGJIAN_URL=http://127.0.0.1:8080 npm run e2e
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const baseUrl = process.env.GONGJIAN_URL?.replace(/\/+$/, '')
const skip = baseUrl ? false : 'GONGJIAN_URL is not set; start the server and set it, e.g. GONGJIAN_URL=http://127.0.0.1:8080'
const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url))

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

describe('web shell', () => {
  let browser

  before(async () => {
    if (skip) return
    // launch() gives every run a fresh temporary profile and removes it on close.
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    mkdirSync(screenshots, { recursive: true })
  })

  after(() => browser?.close())

  /** Opens path in a new browser context and records every console error and uncaught exception. */
  async function open(path) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
    const page = await context.newPage()
    const errors = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(baseUrl + path)
    return { page, errors, close: () => context.close() }
  }

  async function screenshot(page, name) {
    await page.evaluate(() => document.fonts.ready)
    await page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true })
  }

  it('shows the dashboard in Chinese with the server health', { skip }, async () => {
    const { page, errors, close } = await open('/')
    try {
      await page.waitForURL(/\/dashboard$/)
      await page.getByTestId('health-status').and(page.locator('[data-status="ok"]')).waitFor()
      assert.equal(await page.getByTestId('health-status').innerText(), '正常')
      assert.match(await page.getByTestId('health-version').innerText(), /^\d+\.\d+\.\d+/)
      assert.ok((await page.getByTestId('health-engine').innerText()).length > 0)
      assert.equal(await page.getByTestId('menu-projects').innerText(), '项目库')
      assert.equal(await page.getByTestId('app-name').innerText(), '重大项目攻坚平台')
      assert.equal(await page.getByTestId('todo-empty').innerText(), '暂无数据')
      assert.equal(await page.title(), '工作台 - 重大项目攻坚平台')
      await screenshot(page, 'dashboard-zh-CN')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('switches the menu and the Element Plus locale to English, and keeps it', { skip }, async () => {
    const { page, errors, close } = await open('/dashboard')
    try {
      await page.getByTestId('health-status').waitFor()
      await page.getByTestId('lang-switch').click()
      await page.getByTestId('lang-en').click()
      await page.getByTestId('menu-projects').getByText('Projects', { exact: true }).waitFor()
      await page.getByTestId('lang-en').waitFor({ state: 'hidden' })
      // "No Data" comes from Element Plus's own English locale, not from our messages.
      assert.equal(await page.getByTestId('todo-empty').innerText(), 'No Data')
      assert.equal(await page.getByTestId('health-status').innerText(), 'OK')
      assert.equal(await page.title(), 'Dashboard - Major Project Breakthrough Platform')
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
      await screenshot(page, 'dashboard-en')

      await page.reload()
      await page.getByTestId('menu-projects').getByText('Projects', { exact: true }).waitFor()
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('renders the layout on a deep link (SPA fallback)', { skip }, async () => {
    const { page, errors, close } = await open('/projects')
    try {
      await page.getByTestId('placeholder').waitFor()
      assert.match(await page.getByTestId('placeholder').innerText(), /项目库[\s\S]*正在建设中/)
      assert.match(await page.getByTestId('menu-projects').getAttribute('class'), /is-active/)
      assert.match(await page.getByTestId('breadcrumb').innerText(), /工作台\s*\/\s*项目库/)
      assert.equal(await page.title(), '项目库 - 重大项目攻坚平台')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('moves between pages from the menu', { skip }, async () => {
    const { page, errors, close } = await open('/dashboard')
    try {
      await page.getByTestId('menu-rankings').click()
      await page.waitForURL(/\/rankings$/)
      assert.match(await page.getByTestId('placeholder').innerText(), /赛马比拼/)
      await page.getByTestId('menu-toggle').click()
      await page.locator('[data-testid="menu"].el-menu--collapse').waitFor()
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
