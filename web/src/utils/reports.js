// Monthly reports, annual plans and dispatch rounds (SPEC §3): the vocabulary as the API names it,
// and exact conversions. Progress and rates travel as integer basis points of a per cent
// (4550 = 45.50%); conversions work on the decimal digits, never on binary floating point.

export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'accepted', 'superseded']
/** The board of a round also has projects that have not reported yet. */
export const ROUND_STATUSES = ['not_reported', ...REPORT_STATUSES]
export const SITE_STATUSES = ['not_started', 'started', 'suspended', 'resumed', 'completed']

/** el-tag type of each status. */
export const STATUS_TAGS = {
  not_reported: 'danger',
  draft: 'info',
  submitted: 'primary',
  returned: 'warning',
  accepted: 'success',
  superseded: 'info',
}

/** Statuses in which the fields may still be edited. */
export const EDITABLE_STATUSES = ['draft', 'returned']

export const PROGRESS_SCALE = 10000

const PERCENT_PATTERN = /^(\d*)(?:\.(\d*))?$/

/**
 * A percentage typed with at most 2 decimals as integer basis points 0..10000:
 * "45.5" → 4550, "100" → 10000, "0.01" → 1, "" → null.
 * @param {string | number | null | undefined} text
 * @returns {number | null}
 * @throws {RangeError} when it is not a percentage between 0 and 100 with at most 2 decimals
 */
export function percentToBp(text) {
  const value = String(text ?? '').replace(/[\s%]/g, '')
  if (value === '') return null
  const match = PERCENT_PATTERN.exec(value)
  if (!match || (match[1] === '' && !match[2])) throw new RangeError(`not a percentage: ${text}`)
  const [, whole, fraction = ''] = match
  if (fraction.length > 2) throw new RangeError(`more than 2 decimals: ${text}`)
  const digits = `${whole}${fraction.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '')
  if (digits.length > 6) throw new RangeError(`above 100%: ${text}`)
  const bp = Number(digits)
  if (bp > PROGRESS_SCALE) throw new RangeError(`above 100%: ${text}`)
  return bp
}

/** Whether text is a percentage percentToBp takes (empty text is valid). */
export function isPercentText(text) {
  try {
    percentToBp(text)
    return true
  } catch {
    return false
  }
}

/**
 * Integer basis points as the percentage text a form shows for editing: 4550 → "45.5", 0 → "0".
 * @param {number | null | undefined} bp
 * @returns {string} '' when there is none
 */
export function bpToPercent(bp) {
  if (bp === null || bp === undefined || bp === '') return ''
  const negative = bp < 0
  const digits = String(Math.abs(Math.trunc(bp))).padStart(3, '0')
  const fraction = digits.slice(-2).replace(/0+$/, '')
  return `${negative ? '-' : ''}${digits.slice(0, -2)}${fraction ? `.${fraction}` : ''}`
}

/**
 * Basis points shown as a percentage with 2 decimals: 4550 → "45.50%", 12345 → "123.45%" (rates
 * may pass 100%). null → '—' (no plan, no rate).
 * @param {number | null | undefined} bp
 */
export function formatRate(bp) {
  if (bp === null || bp === undefined) return '—'
  const negative = bp < 0
  const digits = String(Math.abs(Math.trunc(bp))).padStart(3, '0')
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}%`
}

const pad = (n) => String(n).padStart(2, '0')

/** "2026-03" for year 2026, month 3. */
export const periodOf = (year, month) => `${year}-${pad(month)}`

/**
 * Today in Beijing time (the platform's calendar), as {year, month, date: 'YYYY-MM-DD'}.
 * @param {Date} [now]
 */
export function beijingToday(now = new Date()) {
  const d = new Date(now.getTime() + 8 * 60 * 60 * 1000)
  const year = d.getUTCFullYear()
  const month = d.getUTCMonth() + 1
  return { year, month, date: `${year}-${pad(month)}-${pad(d.getUTCDate())}` }
}

/**
 * The 12 rows of a year's report table: one per month, with the month's report (the newest
 * version, as GET /projects/{id}/reports answers) or null.
 * @param {number} year
 * @param {any[]} items
 * @returns {{month: number, period: string, report: any | null}[]}
 */
export function monthRows(year, items = []) {
  const byPeriod = new Map(items.map((item) => [item.period, item]))
  return Array.from({ length: 12 }, (_, i) => {
    const period = periodOf(year, i + 1)
    return { month: i + 1, period, report: byPeriod.get(period) ?? null }
  })
}

/**
 * What the current user may do with a report, from its status and roles. The server decides;
 * this only hides buttons that could not work.
 * @param {any | null} report
 * @param {{office: boolean, write: boolean}} who
 */
export function reportActions(report, { office, write }) {
  const status = report?.status ?? null
  const editable = status === null || EDITABLE_STATUSES.includes(status)
  return {
    save: write && editable,
    submit: write && report !== null && editable,
    return: office && status === 'submitted',
    accept: office && status === 'submitted',
    correct: write && status === 'accepted',
  }
}

/**
 * A calendar date moved by whole days: addDays('2026-12-28', 10) → '2027-01-07'.
 * @param {string} date 'YYYY-MM-DD'
 * @param {number} days
 */
export function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number)
  const moved = new Date(Date.UTC(y, m - 1, d + days))
  return `${moved.getUTCFullYear()}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}`
}

/**
 * The counts of a round's board as tags in the order of ROUND_STATUSES, without the empty ones.
 * @param {Record<string, number>} counts
 * @returns {{status: string, count: number}[]}
 */
export function countTags(counts = {}) {
  return ROUND_STATUSES.filter((s) => counts[s] > 0).map((status) => ({ status, count: counts[status] }))
}
