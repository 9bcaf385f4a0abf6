// Browser test of the web shell against a running server: GONGJIAN_URL=http://127.0.0.1:8080 npm run e2e
// The public parts need only GONGJIAN_URL; the signed-in shell also needs GONGJIAN_DEMO_CREDENTIALS
// (it signs in once, through the API, as the demo account "office").
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { launch, open, screenshot, sessionOf, skipWithoutAccounts, skipWithoutServer } from './helpers.mjs'

// Not signed in, the page's /api/auth/me is answered 401 and the browser logs it.
const NOT_SIGNED_IN = [/status of 401/]

describe('web shell, public', () => {
  let browser

  before(async () => {
    if (!skipWithoutServer) browser = await launch()
  })
  after(() => browser?.close())

  it('sends a visitor to the sign-in page, which shows the server version', { skip: skipWithoutServer }, async () => {
    const { page, errors, close } = await open(browser, '/', { expectedErrors: NOT_SIGNED_IN })
    try {
      await page.waitForURL(/\/login$/)
      assert.equal(await page.getByTestId('login-app-name').innerText(), '重大项目攻坚平台')
      assert.match(await page.getByTestId('login-version').innerText(), /^版本 \d+\.\d+\.\d+/)
      assert.equal(await page.title(), '登录 - 重大项目攻坚平台')
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('serves the app on a deep link (SPA fallback) and keeps it for after sign-in', { skip: skipWithoutServer }, async () => {
    const { page, errors, close } = await open(browser, '/projects?tab=2', { expectedErrors: NOT_SIGNED_IN })
    try {
      await page.waitForURL(/\/login\?redirect=/)
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/projects?tab=2')
      await page.getByTestId('login-form').waitFor()
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('switches the sign-in page and the Element Plus locale to English, and keeps it', { skip: skipWithoutServer }, async () => {
    const { page, errors, close } = await open(browser, '/login', { expectedErrors: NOT_SIGNED_IN })
    try {
      await page.getByTestId('lang-switch').click()
      await page.getByTestId('lang-en').click()
      await page.getByTestId('login-submit').getByText('Sign in', { exact: true }).waitFor()
      assert.equal(await page.title(), 'Sign in - Major Project Breakthrough Platform')
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
      await page.reload()
      await page.getByTestId('login-app-name').getByText('Major Project Breakthrough Platform').waitFor()
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})

describe('web shell, signed in', () => {
  let browser
  let storageState

  before(async () => {
    if (skipWithoutAccounts) return
    browser = await launch()
    storageState = await sessionOf(browser, 'office')
  })
  after(() => browser?.close())

  it('shows the dashboard in Chinese with the server health', { skip: skipWithoutAccounts }, async () => {
    const { page, errors, close } = await open(browser, '/', { storageState })
    try {
      await page.waitForURL(/\/dashboard$/)
      await page.getByTestId('health-status').and(page.locator('[data-status="ok"]')).waitFor()
      assert.equal(await page.getByTestId('health-status').innerText(), '正常')
      assert.match(await page.getByTestId('health-version').innerText(), /^\d+\.\d+\.\d+/)
      assert.ok((await page.getByTestId('health-engine').innerText()).length > 0)
      assert.equal(await page.getByTestId('menu-projects').innerText(), '项目库')
      assert.equal(await page.getByTestId('app-name').innerText(), '重大项目攻坚平台')
      assert.equal(await page.getByTestId('todo-title-warnings').innerText(), '预警项目')
      assert.equal(await page.title(), '工作台 - 重大项目攻坚平台')
      await screenshot(page, 'dashboard-zh-CN')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('switches the menu and the Element Plus locale to English, and keeps it', { skip: skipWithoutAccounts }, async () => {
    const { page, errors, close } = await open(browser, '/dashboard', { storageState })
    try {
      await page.getByTestId('health-status').waitFor()
      await page.getByTestId('lang-switch').click()
      await page.getByTestId('lang-en').click()
      await page.getByTestId('menu-projects').getByText('Projects', { exact: true }).waitFor()
      await page.getByTestId('lang-en').waitFor({ state: 'hidden' })
      assert.equal(await page.getByTestId('todo-title-warnings').innerText(), 'Warned projects')
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

  it('renders the layout on a deep link (SPA fallback)', { skip: skipWithoutAccounts }, async () => {
    const { page, errors, close } = await open(browser, '/elements', { storageState })
    try {
      await page.getByTestId('placeholder').waitFor()
      assert.match(await page.getByTestId('placeholder').innerText(), /要素保障[\s\S]*正在建设中/)
      assert.match(await page.getByTestId('menu-elements').getAttribute('class'), /is-active/)
      assert.match(await page.getByTestId('breadcrumb').innerText(), /工作台\s*\/\s*要素保障/)
      assert.equal(await page.title(), '要素保障 - 重大项目攻坚平台')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('moves between pages from the menu', { skip: skipWithoutAccounts }, async () => {
    const { page, errors, close } = await open(browser, '/dashboard', { storageState })
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
