// Browser tests of sign-in, roles and the administrator consoles against a running server with the
// demo district:
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json npm run e2e
// Mind the server's limits: 5 wrong passwords lock an account and each address may try 20 sign-ins a
// minute. These tests sign in 9 times and fail only with user names that do not exist.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import {
  account,
  baseUrl,
  launch,
  menuTexts,
  open,
  screenshot,
  signIn,
  skipWithoutAccounts,
  totp,
  totpStep,
} from './helpers.mjs'

const skip = skipWithoutAccounts
// Not signed in, the page's /api/auth/me is answered 401 and the browser logs it; so is a failed sign-in.
// 429: a sign-in that met the per-address budget waits and tries again (helpers.signIn).
const EXPECTED = [/status of 401/, /status of 429/]
const BUSINESS_MENU = ['工作台', '项目库', '项目一张图', '挂图作战', '调度填报', '问题台账', '会议纪要', '督查走访', '前期手续分析', '审批事项办理', '要素保障', '赛马比拼', '驾驶舱', '月度通报', '我的包联']
/** The business users' part of 系统管理: the warning rules, read by all and kept by the project office. */
const BUSINESS_SYSTEM_MENU = ['预警规则', '督办规则']
const ACCOUNT_MENU = ['修改密码', '双因素认证']

describe('sign-in and roles', () => {
  let browser
  let demo = false
  /** The account the system administrator creates, once it has its own password. */
  let newcomer = null

  before(async () => {
    if (skip) return
    browser = await launch()
    demo = (await (await fetch(`${baseUrl}/api/health`)).json()).demo === true
  })
  after(() => browser?.close())

  it('shows the server message for a wrong password in the sign-in form', { skip }, async () => {
    const { page, errors, close } = await open(browser, '/login', { expectedErrors: EXPECTED })
    try {
      await page.getByTestId('login-form').waitFor()
      if (demo) assert.match(await page.getByTestId('demo-banner').innerText(), /演示环境：示范区为虚构数据/)
      await screenshot(page, 'login-zh-CN')

      // A user name that does not exist: no real account comes nearer to being locked.
      await signIn(page, `nobody-${Date.now()}`, 'Not-The-Password-1!')
      await page.getByTestId('login-error').waitFor()
      assert.equal(await page.getByTestId('login-error').innerText(), '用户名或密码错误')
      assert.equal(await page.locator('.el-message-box').count(), 0, 'no message box on top of the form')
      assert.match(page.url(), /\/login$/)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('signs a project office user in to the dashboard with the business menu only', { skip }, async () => {
    const office = account('office')
    const { page, errors, close } = await open(browser, '/login', { expectedErrors: EXPECTED })
    try {
      await signIn(page, office.username, office.password)
      await page.waitForURL(/\/dashboard$/)
      await page.getByTestId('health-status').waitFor()
      assert.deepEqual(await menuTexts(page), [...BUSINESS_MENU, ...BUSINESS_SYSTEM_MENU, ...ACCOUNT_MENU])
      for (const admin of ['users', 'orgs', 'grants', 'policy', 'audit']) {
        assert.equal(await page.getByTestId(`menu-${admin}`).count(), 0, `no ${admin} menu`)
      }
      assert.equal(await page.getByTestId('user-name').innerText(), office.display_name)
      assert.equal(await page.getByTestId('user-role').innerText(), '项目办')
      if (demo) await page.getByTestId('demo-banner').waitFor()

      // An administrator console is not for this user: back home.
      await page.goto(`${baseUrl}/system/users`)
      await page.waitForURL(/\/dashboard$/)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('lets the system administrator create an account, whose first sign-in must change the password', { skip }, async () => {
    const admin = account('sysadmin')
    const username = `e2e${Date.now()}`
    const displayName = `测试用户${username.slice(-4)}`
    const { page, errors, close } = await open(browser, '/login', { expectedErrors: EXPECTED })
    try {
      await signIn(page, admin.username, admin.password)
      await page.waitForURL(/\/system\/users$/)
      assert.deepEqual(await menuTexts(page), ['用户管理', '组织机构', '工作日历', ...ACCOUNT_MENU])
      assert.equal(await page.getByTestId('menu-projects').count(), 0)
      assert.match(await page.getByTestId('breadcrumb').innerText(), /系统管理\s*\/\s*用户管理/)
      await page.locator('[data-testid="users-table"] .el-table__row').first().waitFor()
      await screenshot(page, 'system-users')

      await page.getByTestId('users-create').click()
      const dialog = page.getByTestId('user-dialog')
      await dialog.getByTestId('user-username').fill(username)
      await dialog.getByTestId('user-display-name').fill(displayName)
      await dialog.locator('.el-select').click()
      // The tree select's options; hidden poppers (the search form's) are not in the accessibility tree.
      await page.getByRole('option', { name: '区发展和改革局', exact: true }).click()
      await dialog.getByTestId('user-save').click()

      const otpDialog = page.getByTestId('otp-dialog')
      await otpDialog.getByTestId('one-time-password').waitFor()
      const oneTimePassword = (await otpDialog.getByTestId('one-time-password').innerText()).trim()
      assert.ok(oneTimePassword.length >= 12, 'a one-time password is shown')
      assert.match(await otpDialog.innerText(), /仅显示这一次/)
      await screenshot(page, 'system-users-one-time-password')
      await otpDialog.getByTestId('otp-dialog-close').click()
      await otpDialog.waitFor({ state: 'hidden' })
      await page.locator('[data-testid="users-table"] .el-table__row', { hasText: username }).waitFor()

      await page.getByTestId('menu-orgs').click()
      await page.locator('[data-testid="orgs-table"] .el-table__row', { hasText: '区发展和改革局' }).waitFor()
      await screenshot(page, 'system-orgs')

      await page.getByTestId('user-menu').click()
      await page.getByTestId('logout').click()
      await page.waitForURL(/\/login$/)

      // The new account: kept on the change-password page until it has changed the password.
      await signIn(page, username, oneTimePassword)
      await page.waitForURL(/\/account\/password$/)
      await page.getByTestId('password-forced').waitFor()
      assert.deepEqual(await menuTexts(page), ['修改密码'])
      assert.equal(await page.getByTestId('user-name').innerText(), displayName)
      await page.goto(`${baseUrl}/dashboard`)
      await page.waitForURL(/\/account\/password$/)
      await screenshot(page, 'password-forced')

      const newPassword = `Gj-${randomBytes(6).toString('hex')}-Zq9!`
      await page.getByTestId('password-current').fill(oneTimePassword)
      await page.getByTestId('password-new').fill(newPassword)
      await page.getByTestId('password-confirm').fill(`${newPassword}x`)
      await page.getByTestId('password-submit').click()
      await page.getByText('两次输入的新密码不一致').waitFor()

      await page.getByTestId('password-confirm').fill(newPassword)
      await page.getByTestId('password-submit').click()
      await page.waitForURL(/\/dashboard$/)
      await page.getByTestId('no-roles').waitFor()
      assert.deepEqual(await menuTexts(page), [...BUSINESS_MENU, ...BUSINESS_SYSTEM_MENU, ...ACCOUNT_MENU])
      newcomer = { username, password: newPassword }
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('turns on two-factor authentication, after which sign-in asks for the code', { skip }, async (t) => {
    if (!newcomer) return t.skip('needs the account made by the previous test')
    const { page, errors, close } = await open(browser, '/login', { expectedErrors: EXPECTED })
    try {
      await signIn(page, newcomer.username, newcomer.password)
      await page.waitForURL(/\/dashboard$/)
      await page.getByTestId('user-menu').click()
      await page.getByTestId('user-totp').click()
      await page.waitForURL(/\/account\/totp$/)
      assert.equal(await page.getByTestId('totp-status').innerText(), '未启用')
      await page.getByTestId('totp-start').click()
      const uri = await page.getByTestId('totp-uri').innerText()
      assert.match(uri, /^otpauth:\/\/totp\/.+secret=[A-Z2-7]+/)
      const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '')
      assert.equal(new URL(uri).searchParams.get('secret'), secret)
      assert.equal(await page.getByTestId('totp-enable').isDisabled(), true)
      await screenshot(page, 'account-totp')

      const enabledAt = totpStep()
      await page.getByTestId('totp-code').fill(totp(secret, enabledAt))
      await page.getByTestId('totp-enable').click()
      await page.getByTestId('totp-status').getByText('已启用').waitFor()

      await page.getByTestId('user-menu').click()
      await page.getByTestId('logout').click()
      await page.waitForURL(/\/login$/)
      await signIn(page, newcomer.username, newcomer.password)
      await page.getByTestId('login-otp').waitFor()
      assert.equal(await page.getByTestId('login-error').innerText(), '请输入动态口令')

      // A code is good once: wait for the next time step.
      while (totpStep() <= enabledAt) await page.waitForTimeout(500)
      await page.getByTestId('login-otp').fill(totp(secret, totpStep()))
      await page.getByTestId('login-submit').click()
      await page.waitForURL(/\/dashboard$/)
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('switches the sign-in page to English', { skip }, async () => {
    const { page, errors, close } = await open(browser, '/login', { expectedErrors: EXPECTED })
    try {
      assert.equal(await page.getByTestId('login-submit').innerText(), '登 录')
      await page.getByTestId('lang-switch').click()
      await page.getByTestId('lang-en').click()
      await page.getByTestId('login-submit').getByText('Sign in', { exact: true }).waitFor()
      assert.equal(await page.getByTestId('login-username').getAttribute('placeholder'), 'User name')
      assert.equal(await page.getByTestId('login-password').getAttribute('placeholder'), 'Password')
      assert.equal(await page.getByTestId('login-app-name').innerText(), 'Major Project Breakthrough Platform')
      if (demo) assert.match(await page.getByTestId('demo-banner').innerText(), /^Demo environment/)
      await screenshot(page, 'login-en')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('shows the audit administrator the audit log with sign-ins in it', { skip }, async () => {
    const auditor = account('auditadmin')
    const { page, errors, close } = await open(browser, '/login', { expectedErrors: EXPECTED })
    try {
      await signIn(page, auditor.username, auditor.password)
      await page.waitForURL(/\/audit$/)
      assert.deepEqual(await menuTexts(page), ['审计日志', ...ACCOUNT_MENU])
      const logins = page.locator('[data-testid="audit-table"] .el-table__row [data-event="auth.login"]')
      await logins.first().waitFor()
      assert.ok((await logins.count()) >= 1)

      // Only sign-in events, and the details of one.
      await page.getByTestId('audit-event-type').click()
      await page.locator('.el-select-dropdown__item', { hasText: '（auth.）' }).click()
      const searched = page.waitForResponse((r) => r.url().includes('/api/audit?') && r.url().includes('event_type=auth.'))
      await page.getByTestId('audit-search-submit').click()
      await searched
      await page.locator('[data-testid="audit-table"] .el-loading-mask').waitFor({ state: 'hidden' })
      const events = await page.locator('[data-testid="audit-table"] .el-table__row [data-event]').evaluateAll((nodes) =>
        nodes.map((n) => n.dataset.event),
      )
      assert.ok(events.length > 0 && events.every((e) => e.startsWith('auth.')), events.join(','))
      assert.match(await page.getByTestId('audit-export').getAttribute('href'), /^\/api\/audit\/export\?event_type=auth\.$/)
      await page.locator('[data-testid="audit-table"] .el-table__expand-icon').first().click()
      await page.locator('[data-testid^="audit-detail-"]').first().waitFor()
      await screenshot(page, 'audit')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })

  it('shows the security administrator the grants and the policy', { skip }, async () => {
    const security = account('secadmin')
    const { page, errors, close } = await open(browser, '/login', { expectedErrors: EXPECTED })
    try {
      await signIn(page, security.username, security.password)
      await page.waitForURL(/\/security\/grants$/)
      assert.deepEqual(await menuTexts(page), ['角色与数据范围', '安全策略', ...ACCOUNT_MENU])
      await page.locator('[data-testid="grants-table"] .el-table__row', { hasText: 'office' }).first().waitFor()

      await page.getByTestId('grants-edit-office').click()
      const dialog = page.getByTestId('grants-dialog')
      await dialog.getByTestId('grants-scope').waitFor()
      // Choosing an administrator role clears the business roles and the data scope.
      await dialog.getByTestId('grants-role-audit_admin').click()
      assert.equal(await dialog.locator('.el-checkbox.is-checked').count(), 1)
      assert.equal(await dialog.getByTestId('grants-scope').count(), 0)
      await dialog.getByTestId('grants-role-office').click()
      assert.equal(await dialog.locator('.el-checkbox.is-checked').count(), 1)
      await dialog.getByTestId('grants-scope').waitFor()
      await screenshot(page, 'security-grants')
      await page.keyboard.press('Escape')

      await page.getByTestId('menu-policy').click()
      await page.getByTestId('policy-version').waitFor()
      assert.equal(await page.getByTestId('policy-lockout_threshold').locator('input').inputValue(), '5')
      await screenshot(page, 'security-policy')
      assert.deepEqual(errors, [])
    } finally {
      await close()
    }
  })
})
