// Exports to xlsx (issue 8). Two kinds: the standard tables, which the server builds from the same
// filters as their list (GET /api/projects/export, /problems/export, /approvals/export,
// /reports/progress-by-unit/export, /audit/export?format=xlsx), and any other list, whose rows the
// UI fetches page after page with its current filters and sends as they are shown
// (POST /api/export/table). The pure part lives here; components/ExportButton.vue does the clicking.
import { queryString } from '../api/query'
import { filterParams } from './listQuery'

/** What POST /export/table accepts at most (the server checks it too). */
export const MAX_TABLE_ROWS = 50000
export const MAX_TABLE_COLUMNS = 100
/** The kinds of a table's column, as POST /export/table names them. */
export const CELL_KINDS = ['text', 'integer', 'money', 'rate', 'date']

/**
 * The query of a server export: the list's filters as its GET sends them (lists comma-separated,
 * empty ones left out), plus `extra` (sort, columns, view …; empty values left out).
 * @param {Record<string, any>} filters
 * @param {import('./listQuery').FilterSchema} schema
 * @param {Record<string, unknown>} [extra]
 * @returns {Record<string, string>}
 */
export function exportQuery(filters, schema, extra = {}) {
  const out = filterParams(filters, schema)
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined || value === null || value === '') continue
    out[key] = Array.isArray(value) ? value.join(',') : String(value)
  }
  return out
}

/**
 * The URL of a server export, for a link or a fetch: `/api${path}?…`.
 * @param {string} path e.g. '/projects/export'
 * @param {Record<string, unknown>} [query]
 */
export function exportUrl(path, query = {}) {
  return `/api${path}${queryString(query)}`
}

/**
 * The `columns` of GET /projects/export: the project list's name column (always shown) and then
 * its visible optional columns, in the table's order; the stage column also shows 新开工/续建, which
 * the export puts in a column of its own.
 * @param {{key: string}[]} columns the list's optional columns in table order
 * @param {(key: string) => boolean} isShown
 */
export function projectExportColumns(columns, isShown) {
  const keys = columns.filter((c) => isShown(c.key)).flatMap((c) => (c.key === 'stage' ? ['stage', 'construction_kind'] : [c.key]))
  return ['name', ...keys].join(',')
}

/**
 * One cell as POST /export/table takes it for a column of `kind`: null for nothing; text as a
 * string; integer, money (分) and rate (basis points) as whole numbers; a date as YYYY-MM-DD (the
 * day of a timestamp is its first ten characters only when it is a plain date: send timestamps as
 * text).
 * @param {'text'|'integer'|'money'|'rate'|'date'} kind
 * @param {unknown} value
 * @returns {string|number|null}
 */
export function cellValue(kind, value) {
  if (value === undefined || value === null || value === '') return null
  switch (kind) {
    case 'integer':
    case 'money':
    case 'rate': {
      const n = typeof value === 'number' ? value : Number(value)
      return Number.isFinite(n) ? Math.round(n) : null
    }
    case 'date': {
      const text = String(value)
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null
    }
    default:
      return typeof value === 'string' ? value : String(value)
  }
}

/**
 * @typedef {object} ExportColumn
 * @property {string} header what the table's column head says
 * @property {'text'|'integer'|'money'|'rate'|'date'} kind
 * @property {(row: any) => unknown} value the cell of a row (money in 分, rates in basis points)
 * @property {number} [width] in Excel's character units
 */

/**
 * The body of POST /export/table: the title, the file's name, the columns and every row's cells.
 * @param {{title: string, fileName?: string, columns: ExportColumn[], rows: any[]}} table
 */
export function tablePayload({ title, fileName, columns, rows }) {
  return {
    title,
    ...(fileName ? { file_name: fileName } : {}),
    columns: columns.map(({ header, kind, width }) => ({ header, kind, ...(width ? { width } : {}) })),
    rows: rows.map((row) => columns.map((c) => cellValue(c.kind, c.value(row)))),
  }
}

/** Thrown by fetchAllRows when a list holds more rows than an export may. */
export class TooManyRowsError extends Error {
  /** @param {number} total @param {number} max */
  constructor(total, max) {
    super(`${total} rows, more than ${max}`)
    this.name = 'TooManyRowsError'
    this.total = total
    this.max = max
  }
}

/**
 * Every row of a paged list, fetched page after page with `fetchPage(page, size)` (answering
 * {items, total}); refuses (TooManyRowsError) once the first page says there are more than `max`.
 * @param {(page: number, size: number) => Promise<{items: any[], total: number}>} fetchPage
 * @param {{pageSize?: number, max?: number}} [options]
 */
export async function fetchAllRows(fetchPage, { pageSize = 200, max = MAX_TABLE_ROWS } = {}) {
  const rows = []
  for (let page = 1; ; page += 1) {
    const data = await fetchPage(page, pageSize)
    if (data.total > max) throw new TooManyRowsError(data.total, max)
    rows.push(...data.items)
    if (data.items.length === 0 || rows.length >= data.total) return rows
  }
}

/**
 * The fetchPage of fetchAllRows for a list route answering {items, total}: `get` (the API client's)
 * with the list's query and the page.
 * @param {(path: string, options: {query: Record<string, unknown>}) => Promise<any>} get
 * @param {string} path e.g. '/inspections'
 * @param {Record<string, unknown>} [query] the list's filters
 */
export function pagesOf(get, path, query = {}) {
  return (page, size) => get(path, { query: { ...query, page, page_size: size } })
}

/**
 * The file name in a Content-Disposition header: filename* (RFC 5987, UTF-8) when given, else the
 * plain filename, else `fallback`.
 * @param {string|null|undefined} header
 * @param {string} [fallback]
 */
export function dispositionFilename(header, fallback = 'export.xlsx') {
  if (!header) return fallback
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header)
  return plain ? plain[1].trim() : fallback
}

/**
 * Hands `blob` to the browser as a download named `filename`.
 * @param {Blob} blob
 * @param {string} filename
 */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}
