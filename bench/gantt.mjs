// Measures 挂图作战 in headless Chromium: each run opens /gantt (?page_size=N) in a fresh browser
// context (cold cache, signed in as "office") and waits for the chart's 'finished' event for the
// loaded rows. Prints per run: navigation → finished (window.__ganttRenderedMs, the figure the
// target is about), the /api/gantt request (start → end of response, and its size), and the
// chart's setOption (window.__ganttSetOptionMs), and the page's performance marks (setup,
// mounted, chart ready, rows arrived, finished); then the medians. Run by bench/gantt.sh, or
// against any server with the demo:
//   GONGJIAN_URL=http://127.0.0.1:8080 GONGJIAN_DEMO_CREDENTIALS=data/demo-credentials.json \
//     node bench/gantt.mjs [--runs 5] [--page-size 1000]
// The browser driver and the sign-in are the browser tests' (web/e2e/helpers.mjs).
import { parseArgs } from 'node:util'
import { baseUrl, launch, sessionOf } from '../web/e2e/helpers.mjs'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'page-size': { type: 'string', default: '1000' } } })
const runs = Number(values.runs)
const pageSize = Number(values['page-size'])
if (!baseUrl) throw new Error('set GONGJIAN_URL (and GONGJIAN_DEMO_CREDENTIALS)')

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const ms = (x) => `${Math.round(x)} ms`

const browser = await launch()
try {
  const storageState = await sessionOf(browser, 'office')
  const results = []
  // One warm-up run (the server's caches, Chromium's own start), not counted.
  for (let run = 0; run <= runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, storageState })
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    // The default page (1,000 rows) as the menu opens it; another size through the URL.
    await page.goto(`${baseUrl}/gantt${pageSize === 1000 ? '' : `?page_size=${pageSize}`}`)
    await page.locator('[data-testid="gantt-chart"][data-rendered="true"]').waitFor({ timeout: 60_000 })
    const r = await page.evaluate(() => {
      const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/gantt'))
      const el = document.querySelector('[data-testid="gantt-chart"]')
      return {
        finished: window.__ganttRenderedMs,
        setOption: window.__ganttSetOptionMs,
        apiStart: api?.startTime ?? NaN,
        apiEnd: api?.responseEnd ?? NaN,
        apiBytes: api?.encodedBodySize ?? NaN,
        rows: Number(el.dataset.rows),
        // The page's own marks: the last of each name (a page may draw more than once).
        marks: Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('gantt:')).map((m) => [m.name.slice(6), m.startTime])),
        nodes: Number(el.dataset.nodes),
      }
    })
    await context.close()
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`)
    if (run === 0) {
      console.log(`rows ${r.rows}, diamonds ${r.nodes}, /api/gantt ${(r.apiBytes / 1024).toFixed(0)} KiB`)
      continue
    }
    results.push(r)
    console.log(
      `run ${run}: navigation → finished ${ms(r.finished)} (request sent at ${ms(r.apiStart)}, answered in ${ms(r.apiEnd - r.apiStart)}; setOption ${ms(r.setOption)})`,
    )
    console.log(`       marks: ${Object.entries(r.marks).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`)
  }
  console.log(
    `median of ${runs}: navigation → finished ${ms(median(results.map((r) => r.finished)))}; /api/gantt ${ms(median(results.map((r) => r.apiEnd - r.apiStart)))}; setOption ${ms(median(results.map((r) => r.setOption)))}; target ≤ 1000 ms`,
  )
} finally {
  await browser.close()
}
