// 月度通报 (SPEC §10, issue 7): the months the project office may publish a briefing for, the
// addresses of a briefing's archived files and of the preview, and how their sizes read. Pure
// functions, tested in briefings.test.js. The server builds and archives the files; a published
// briefing never changes.
import { cockpitYears, monthOptions } from './cockpit'

/**
 * The last complete month on the Beijing calendar: the month before `today`'s (December of the
 * year before in January). The publish dialog starts there.
 * @param {{year: number, month: number}} today
 * @returns {{year: number, month: number}}
 */
export function lastCompleteMonth({ year, month }) {
  return month > 1 ? { year, month: month - 1 } : { year: year - 1, month: 12 }
}

/**
 * The years the publish dialog offers, newest first: this year and the ones before it (as the
 * cockpit offers them).
 * @param {{year: number, month: number}} today
 * @param {number} [count]
 */
export const publishYears = (today, count = 5) => cockpitYears(today, count)

/**
 * The months of `year` a briefing may be published for, as the server takes them: all twelve of an
 * earlier year, this year's up to the current month (a later one is refused as in the future).
 * @param {number} year
 * @param {{year: number, month: number}} today
 * @returns {number[]} 1-based, ascending; empty for a year still to come
 */
export const publishMonths = (year, today) => (year > today.year ? [] : monthOptions(year, today))

/**
 * The years the list's year filter offers, newest first: this year and the four before it, and any
 * other year a briefing was published for.
 * @param {{year: number}} today
 * @param {{year: number}[]} [items] briefings already listed
 */
export function filterYears(today, items = []) {
  const years = new Set(Array.from({ length: 5 }, (_, i) => today.year - i))
  for (const item of items) years.add(item.year)
  return [...years].sort((a, b) => b - a)
}

/** The archived PDF of a briefing (served inline). @param {number} id */
export const briefingPdfUrl = (id) => `/api/briefings/${id}/pdf`

/** The archived workbook of a briefing (served as a download). @param {number} id */
export const briefingXlsxUrl = (id) => `/api/briefings/${id}/xlsx`

/**
 * The PDF the briefing of a month would be, built now and not archived (预览, office only).
 * @param {{year: number, month: number}} period
 */
export const briefingPreviewUrl = ({ year, month }) => `/api/briefings/preview?year=${year}&month=${month}`

/**
 * A file size as people read it: bytes below 1 KB, then KB, then MB with one decimal.
 * @param {number | null | undefined} bytes
 * @returns {string} '' when unknown
 */
export function formatSize(bytes) {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return ''
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
