// Measures 驾驶舱 in headless Chromium: each run opens /cockpit in a fresh browser context (cold
// cache, signed in as "office", the district scope) and waits until every panel has answered and
// every chart has drawn (the page's data-ready; window.__cockpitReadyMs is the milliseconds from
// navigation start). Prints per run: navigation → ready (the figure the target is about), when
// the page's code started (cockpit:setup), the cockpit requests (first sent, last answered, the
// slowest), and then the medians. Run by bench/cockpit-page.sh, or against any server with the demo:
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json \
//     node bench/cockpit-page.mjs [--runs 5] [--path /cockpit] [--user office] [--width 1366 --height 768]
// The browser driver and the sign-in are the browser tests' (web/e2e/helpers.mjs).
import { parseArgs } from 'node:util'
import { baseUrl, launch, sessionOf } from '../web/e2e/helpers.mjs'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    path: { type: 'string', default: '/cockpit' },
    user: { type: 'string', default: 'office' },
    width: { type: 'string', default: '1366' },
    height: { type: 'string', default: '768' },
  },
})
const runs = Number(values.runs)
if (!baseUrl) throw new Error('set GONGJIAN_URL (and GONGJIAN_DEMO_CREDENTIALS)')

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const ms = (x) => `${Math.round(x)} ms`

const browser = await launch()
try {
  const storageState = await sessionOf(browser, values.user)
  const results = []
  // One warm-up run (the server's caches, Chromium's own start), not counted.
  for (let run = 0; run <= runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: Number(values.width), height: Number(values.height) }, storageState })
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.goto(`${baseUrl}${values.path}`)
    await page.locator('[data-testid="cockpit"][data-ready="true"]').waitFor({ timeout: 60_000 })
    const r = await page.evaluate(() => {
      const api = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/cockpit/'))
      const slowest = api.reduce((a, e) => (!a || e.responseEnd - e.startTime > a.responseEnd - a.startTime ? e : a), null)
      const mark = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? NaN
      return {
        ready: window.__cockpitReadyMs,
        setup: mark('cockpit:setup'),
        requests: api.length,
        firstSent: Math.min(...api.map((e) => e.startTime)),
        lastAnswered: Math.max(...api.map((e) => e.responseEnd)),
        slowest: slowest ? { name: new URL(slowest.name).pathname + new URL(slowest.name).search, ms: slowest.responseEnd - slowest.startTime } : null,
        bytes: api.reduce((s, e) => s + (e.encodedBodySize || 0), 0),
        loaded: mark('cockpit:loaded'),
        mounted: mark('cockpit:mounted'),
        charts: performance.getEntriesByName('cockpit:chart', 'mark').map((m) => Math.round(m.startTime)),
      }
    })
    await context.close()
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`)
    if (run === 0) {
      console.log(`${values.path}: ${r.requests} cockpit requests, ${(r.bytes / 1024).toFixed(0)} KiB`)
      continue
    }
    results.push(r)
    console.log(
      `run ${run}: navigation → ready ${ms(r.ready)} (code from ${ms(r.setup)}; requests ${ms(r.firstSent)} → ${ms(r.lastAnswered)}, slowest ${r.slowest?.name} ${ms(r.slowest?.ms ?? NaN)})`,
    )
    console.log(`       mounted ${ms(r.mounted)}; all answered ${ms(r.loaded)}; charts drawn at ${r.charts.join(', ')} ms`)
  }
  console.log(
    `median of ${runs}: navigation → ready ${ms(median(results.map((r) => r.ready)))}; the page's code from ${ms(median(results.map((r) => r.setup)))}, drawn ${ms(median(results.map((r) => r.ready - r.setup)))} later; requests answered by ${ms(median(results.map((r) => r.lastAnswered)))}; target ≤ 1500 ms`,
  )
} finally {
  await browser.close()
}
