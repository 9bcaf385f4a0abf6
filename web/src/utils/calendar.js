// 工作日历: the working-day calendar as GET /api/calendar answers it. Monday to Friday are working
// days and Saturday and Sunday are not, except for the listed days: a holiday (放假, possibly on
// a weekend so that a festival shows whole) or a working day (调休上班, a weekend made a working
// day, or a weekday an administrator took back from a holiday). Dates are 'YYYY-MM-DD' text on
// the civil calendar; nothing here depends on the browser's time zone.

export const DAY_KINDS = ['holiday', 'workday']

/** The longest name PUT /api/calendar accepts. */
export const NAME_MAX = 30

const pad = (n) => String(n).padStart(2, '0')

/** 'YYYY-MM-DD' of a civil date (month 1..12). */
export const isoDate = (year, month, day) => `${year}-${pad(month)}-${pad(day)}`

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether text is a real civil date 'YYYY-MM-DD'. */
export function isDate(text) {
  const m = DATE_PATTERN.exec(text ?? '')
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** Days in a month (month 1..12). */
export const daysInMonth = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** Day of the week of a civil date, Monday 0 … Sunday 6. */
export function weekdayOf(year, month, day) {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7
}

/** The day after a 'YYYY-MM-DD' date. */
export function nextDate(date) {
  const [y, m, d] = date.split('-').map(Number)
  const next = new Date(Date.UTC(y, m - 1, d + 1))
  return isoDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate())
}

/**
 * @typedef {object} CalendarDay
 * @property {string} date 'YYYY-MM-DD'
 * @property {'holiday'|'workday'} kind
 * @property {string} name
 * @property {boolean} [builtin] from the State Council notice (国务院办公厅通知)
 */

/**
 * The listed days by date (a later entry for the same date wins, as on the server).
 * @param {CalendarDay[]} [days]
 * @returns {Map<string, CalendarDay>}
 */
export const dayMap = (days = []) => new Map(days.map((day) => [day.date, day]))

/**
 * @typedef {object} GridCell
 * @property {string} date
 * @property {number} day 1..31
 * @property {boolean} weekend Saturday or Sunday
 * @property {'holiday'|'workday'|null} kind the listed kind, null for an ordinary day
 * @property {string} name
 * @property {boolean} builtin
 * @property {boolean} working whether it is a working day
 */

/**
 * One month as weeks of 7 cells, Monday first; the days of the neighbouring months are null.
 * @param {number} year
 * @param {number} month 1..12
 * @param {Map<string, CalendarDay>} byDate see dayMap()
 * @returns {(GridCell | null)[][]}
 */
export function monthGrid(year, month, byDate = new Map()) {
  const cells = Array.from({ length: weekdayOf(year, month, 1) }, () => null)
  const count = daysInMonth(year, month)
  for (let day = 1; day <= count; day += 1) {
    const date = isoDate(year, month, day)
    const weekend = weekdayOf(year, month, day) >= 5
    const listed = byDate.get(date)
    const kind = listed?.kind ?? null
    cells.push({
      date,
      day,
      weekend,
      kind,
      name: listed?.name ?? '',
      builtin: Boolean(listed?.builtin),
      working: kind ? kind === 'workday' : !weekend,
    })
  }
  while (cells.length % 7) cells.push(null)
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7))
}

/**
 * The working days of a year under the listed days.
 * @param {number} year
 * @param {Map<string, CalendarDay>} byDate
 */
export function countWorkingDays(year, byDate = new Map()) {
  let n = 0
  for (let month = 1; month <= 12; month += 1) {
    for (let day = 1; day <= daysInMonth(year, month); day += 1) {
      const kind = byDate.get(isoDate(year, month, day))?.kind
      if (kind ? kind === 'workday' : weekdayOf(year, month, day) < 5) n += 1
    }
  }
  return n
}

/**
 * @typedef {object} DayRange consecutive listed days of one kind, name and origin
 * @property {string} from
 * @property {string} to
 * @property {'holiday'|'workday'} kind
 * @property {string} name
 * @property {boolean} builtin
 * @property {number} count
 */

/**
 * The listed days as ranges for a list: consecutive dates of the same kind, name and origin
 * become one range (春节 2026-02-15 … 2026-02-23, 9 days); the make-up days stay apart.
 * @param {CalendarDay[]} [days] in any order
 * @returns {DayRange[]} by date
 */
export function dayRanges(days = []) {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const ranges = []
  for (const day of sorted) {
    const last = ranges[ranges.length - 1]
    const builtin = Boolean(day.builtin)
    if (last && last.kind === day.kind && last.name === day.name && last.builtin === builtin && nextDate(last.to) === day.date) {
      last.to = day.date
      last.count += 1
    } else {
      ranges.push({ from: day.date, to: day.date, kind: day.kind, name: day.name, builtin, count: 1 })
    }
  }
  return ranges
}

/**
 * The listed days of one month (1..12), for the list under its grid.
 * @param {DayRange[]} ranges
 * @param {number} year
 * @param {number} month
 */
export function rangesOfMonth(ranges, year, month) {
  const first = isoDate(year, month, 1)
  const last = isoDate(year, month, daysInMonth(year, month))
  return ranges.filter((r) => r.from <= last && r.to >= first)
}

/**
 * The addition index and key a server field error names: 'additions[2].kind' → {index: 2, key: 'kind'};
 * 'additions[2]' → {index: 2, key: ''}; anything else → null.
 * @param {string | undefined} field
 */
export function parseAdditionField(field) {
  const m = /^additions\[(\d+)\](?:\.(\w+))?$/.exec(field ?? '')
  return m ? { index: Number(m[1]), key: m[2] ?? '' } : null
}

/**
 * What is wrong with the administrator's additions before sending them, by index and field:
 * {0: {date: 'required'}, 3: {date: 'repeated'}}. Empty when they may be sent.
 * Codes: required, repeated (a date listed twice), too_long (name over NAME_MAX).
 * @param {{date: string, kind: string, name: string}[]} additions
 * @returns {Record<number, Record<string, 'required'|'repeated'|'too_long'>>}
 */
export function checkAdditions(additions) {
  const errors = {}
  const put = (i, key, code) => {
    errors[i] = { ...errors[i], [key]: code }
  }
  const seen = new Set()
  additions.forEach((a, i) => {
    if (!isDate(a.date)) put(i, 'date', 'required')
    else if (seen.has(a.date)) put(i, 'date', 'repeated')
    else seen.add(a.date)
    if (!DAY_KINDS.includes(a.kind)) put(i, 'kind', 'required')
    const name = (a.name ?? '').trim()
    if (!name) put(i, 'name', 'required')
    else if ([...name].length > NAME_MAX) put(i, 'name', 'too_long')
  })
  return errors
}

/**
 * The body of PUT /api/calendar: every addition (of every year) in the editor's order, so that a
 * field error 'additions[i].…' names row i; names trimmed.
 * @param {{date: string, kind: string, name: string}[]} additions
 */
export function additionsBody(additions) {
  return { additions: additions.map(({ date, kind, name }) => ({ date, kind, name: (name ?? '').trim() })) }
}
