// Shared by the browser tests (not a test file itself: node --test runs only *.test.mjs here).
import { createHmac } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const baseUrl = process.env.GONGJIAN_URL?.replace(/\/+$/, '')
export const skipWithoutServer = baseUrl
  ? false
  : 'GONGJIAN_URL is not set; start the server and set it, e.g. GONGJIAN_URL=http://127.0.0.1:8080'

const credentialsFile = process.env.GONGJIAN_DEMO_CREDENTIALS
/** @type {{username: string, password: string, role: string, display_name: string, org: string}[]} */
export const accounts = credentialsFile ? JSON.parse(readFileSync(credentialsFile, 'utf8')).accounts : []
export const skipWithoutAccounts =
  skipWithoutServer ||
  (credentialsFile
    ? false
    : 'GONGJIAN_DEMO_CREDENTIALS is not set; point it at the demo-credentials.json written by `gongjian demo`')

/** The demo account with this user name. */
export function account(username) {
  const found = accounts.find((a) => a.username === username)
  if (!found) throw new Error(`no demo account "${username}" in ${credentialsFile}`)
  return found
}

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

/** Debian's Chromium; launch() gives every run a fresh temporary profile and removes it on close. */
export async function launch() {
  mkdirSync(screenshots, { recursive: true })
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
}

/**
 * Opens path in a new browser context and records every console error and uncaught exception.
 * `expectedErrors` are console messages the page may log (a browser logs every 4xx it is answered).
 */
export async function open(browser, path, { storageState, expectedErrors = [] } = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, storageState })
  const page = await context.newPage()
  const errors = []
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const text = message.text()
    if (!expectedErrors.some((pattern) => pattern.test(text))) errors.push(text)
  })
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(baseUrl + path)
  return { page, context, errors, close: () => context.close() }
}

export async function screenshot(page, name) {
  await page.evaluate(() => document.fonts.ready)
  // Tables fade their loading mask out; wait until it is gone.
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask'), null, { timeout: 5000 })
  await page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true })
}

/**
 * Every browser test signs in from 127.0.0.1, and the server gives each address a budget of
 * sign-in attempts per minute (security policy, 20 by default). On a fast machine the files, even
 * one after another, can use it up within a minute; the server then answers 429 with Retry-After
 * (seconds until the next minute), and a sign-in waits that long and tries again, as a person
 * would. `attempt` makes one try and returns {status, retryAfter}; the last answer is returned.
 */
async function withinSignInBudget(attempt) {
  for (let tries = 1; ; tries++) {
    const answer = await attempt()
    if (answer.status !== 429 || tries === 3) return answer
    const seconds = Number(answer.retryAfter) || 60
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 250))
  }
}

/**
 * Signs in through the form of the sign-in page the browser is on, and waits for the server's
 * answer. A page that may meet the per-address budget must expect the console's `status of 429`.
 */
export async function signIn(page, username, password) {
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await withinSignInBudget(async () => {
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/auth/login',
    )
    await page.getByTestId('login-submit').click()
    const answer = await answered
    return { status: answer.status(), retryAfter: answer.headers()['retry-after'] }
  })
}

/**
 * Signs in through the API in a throwaway context and returns its storage state (the session
 * cookie), so that several tests share one sign-in and stay far below the per-address budget.
 */
export async function sessionOf(browser, username) {
  const context = await browser.newContext()
  try {
    const { password } = account(username)
    const { answer } = await withinSignInBudget(async () => {
      const r = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username, password } })
      return { answer: r, status: r.status(), retryAfter: r.headers()['retry-after'] }
    })
    if (!answer.ok()) throw new Error(`sign-in of ${username} failed: HTTP ${answer.status()} ${await answer.text()}`)
    return await context.storageState()
  } finally {
    await context.close()
  }
}

/**
 * Signs in over HTTP with the JSON API alone (no browser) and returns a client that carries the
 * session cookie on every request and the CSRF token on unsafe ones, as the web app does.
 */
export async function apiSession(username) {
  const { password } = account(username)
  const { answer } = await withinSignInBudget(async () => {
    const r = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    return { answer: r, status: r.status, retryAfter: r.headers.get('retry-after') }
  })
  if (!answer.ok) throw new Error(`sign-in of ${username} failed: HTTP ${answer.status} ${await answer.text()}`)
  const { csrf_token: csrf } = await answer.json()
  const cookie = answer.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const request = (method, path, body, headers = {}) =>
    fetch(baseUrl + path, {
      method,
      headers: {
        Cookie: cookie,
        ...(method === 'GET' || method === 'HEAD' ? {} : { 'X-CSRF-Token': csrf }),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  return {
    request,
    get: (path) => request('GET', path),
    /** The JSON body of a GET that must succeed. */
    async getJson(path) {
      const r = await request('GET', path)
      if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status} ${await r.text()}`)
      return r.json()
    },
    logout: () => request('POST', '/api/auth/logout'),
  }
}

/**
 * The TOTP code (RFC 6238: SHA-1, 6 digits, 30 s) of a base32 secret at a time step.
 * @param {string} secret base32, spaces allowed
 * @param {number} step seconds since the epoch / 30
 */
export function totp(secret, step) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const ch of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', key).update(counter).digest()
  const offset = mac[mac.length - 1] & 0xf
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

export const totpStep = () => Math.floor(Date.now() / 30_000)

/** The texts of the side menu's items. */
export const menuTexts = (page) => page.locator('[data-testid="menu"] .el-menu-item').allInnerTexts()
