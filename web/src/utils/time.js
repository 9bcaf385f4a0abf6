// The platform keeps time in UTC and shows it as Beijing time (Asia/Shanghai, UTC+8, no daylight
// saving), whatever the browser's own time zone is.

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000

const pad = (n) => String(n).padStart(2, '0')

/**
 * An instant as Beijing wall-clock time, 'YYYY-MM-DD HH:mm:ss'.
 * @param {string | null | undefined} iso e.g. '2026-11-29T03:04:51.315Z'
 * @returns {string} '' when there is no time
 */
export function formatTime(iso) {
  if (!iso) return ''
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  const d = new Date(ms + BEIJING_OFFSET_MS)
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  )
}

/**
 * Beijing wall-clock time 'YYYY-MM-DD HH:mm:ss' as the UTC timestamp the API compares against.
 * @param {string | null | undefined} text
 * @returns {string | undefined} e.g. '2026-11-29T03:00:00.000Z'
 */
export function beijingToUtc(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text ?? '')
  if (!m) return undefined
  const [, y, mo, d, h, mi, s = '0'] = m
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - BEIJING_OFFSET_MS).toISOString()
}
