// 数据导入 (issue 8): the pure parts of the import wizard — checking a file before it is sent, the
// column mapping sent to POST /imports/{id}/preview, and the preview's rows: counted, filtered,
// paged, and their errors and changes as text. The server parses, maps, checks and applies; these
// only shape what it answers for the page.
import { lastCompleteMonth } from './briefings'

/** What can be imported: the route's :kind and the API's ?kind=. */
export const IMPORT_KINDS = ['projects', 'reports']

/** The server's limit for one import file: 20 MiB (checked before sending, too). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024

/** The file types the server reads. */
export const IMPORT_EXTENSIONS = ['.xlsx', '.csv']

/** A preview row's actions, in the order the counts and the filter show them. */
export const IMPORT_ACTIONS = ['create', 'update', 'unchanged', 'skipped', 'error']

/** el-tag types of the actions. */
export const ACTION_TAGS = { create: 'success', update: 'warning', unchanged: 'info', skipped: 'info', error: 'danger' }

/** Rows per page of the preview table (a preview can list 10,000+ rows; the table shows a page). */
export const PREVIEW_PAGE_SIZE = 50

/**
 * Why a file cannot be imported, before it is sent: 'type' (not .xlsx or .csv), 'empty' or 'size'
 * (over 20 MiB); null when it may be sent.
 * @param {{name: string, size: number}} file
 * @returns {'type'|'empty'|'size'|null}
 */
export function importFileProblem(file) {
  const name = String(file?.name ?? '').toLowerCase()
  if (!IMPORT_EXTENSIONS.some((ext) => name.endsWith(ext))) return 'type'
  if (!file.size) return 'empty'
  if (file.size > MAX_IMPORT_BYTES) return 'size'
  return null
}

/**
 * The month a report import is for by default: the month before today's (Beijing calendar), as
 * `YYYY-MM`.
 * @param {{year: number, month: number}} today
 */
export function defaultImportPeriod(today) {
  const { year, month } = lastCompleteMonth(today)
  return `${year}-${String(month).padStart(2, '0')}`
}

/**
 * A `YYYY-MM` period from the URL, or null when it is not one.
 * @param {unknown} value
 */
export function parsePeriod(value) {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? value : null
}

/**
 * The wizard's choice per column, from a preview: the field each column is mapped to (null: not
 * imported), keyed by the column's 0-based index.
 * @param {{index: number, field: string|null}[]} columns
 * @returns {Record<number, string|null>}
 */
export function selectionOf(columns = []) {
  return Object.fromEntries(columns.map((c) => [c.index, c.field ?? null]))
}

/**
 * The `mapping` of POST /imports/{id}/preview: every column's index (as a string) → the field key
 * chosen for it, or null for "do not import". Every column is sent, so the preview depends on
 * nothing but what the page shows.
 * @param {{index: number, field: string|null}[]} columns
 * @param {Record<number, string|null>} selection the user's choices; a column missing keeps `field`
 * @returns {Record<string, string|null>}
 */
export function buildMapping(columns = [], selection = {}) {
  const mapping = {}
  for (const c of columns) {
    const chosen = Object.hasOwn(selection, c.index) ? selection[c.index] : c.field
    mapping[String(c.index)] = chosen || null
  }
  return mapping
}

/**
 * Whether the choices differ from what the preview was made with.
 * @param {{index: number, field: string|null}[]} columns
 * @param {Record<number, string|null>} selection
 */
export function mappingChanged(columns = [], selection = {}) {
  return columns.some((c) => Object.hasOwn(selection, c.index) && (selection[c.index] || null) !== (c.field ?? null))
}

/**
 * The body of POST /imports/{id}/preview: the sheet and the header row when known, and the mapping
 * when given. Undefined values are left out.
 * @param {{sheet?: number|null, header_row?: number|null, mapping?: Record<string, string|null>|null}} choices
 */
export function previewBody({ sheet, header_row: headerRow, mapping } = {}) {
  const body = {}
  if (Number.isInteger(sheet)) body.sheet = sheet
  if (Number.isInteger(headerRow) && headerRow > 0) body.header_row = headerRow
  if (mapping) body.mapping = mapping
  return body
}

/**
 * The labels of fields, by key (for the changes and the missing fields); a key the list does not
 * name stands for itself.
 * @param {{key: string, label: string}[]} fields
 */
export function fieldLabels(fields = []) {
  const labels = Object.fromEntries(fields.map((f) => [f.key, f.label]))
  return (key) => labels[key] ?? key
}

/**
 * The labels of the required fields no column is mapped to, in the preview's order.
 * @param {{missing_required?: string[], fields?: {key: string, label: string}[]}} preview
 * @returns {string[]}
 */
export function missingLabels(preview) {
  const label = fieldLabels(preview?.fields)
  return (preview?.missing_required ?? []).map(label)
}

/**
 * The fields two or more columns are mapped to (the labels, in the fields' order): the server
 * would take only one of them.
 * @param {Record<number, string|null>} selection
 * @param {{key: string, label: string}[]} fields
 * @returns {string[]}
 */
export function duplicateFields(selection = {}, fields = []) {
  const seen = new Map()
  for (const value of Object.values(selection)) if (value) seen.set(value, (seen.get(value) ?? 0) + 1)
  const label = fieldLabels(fields)
  const keys = fields.map((f) => f.key).filter((k) => seen.get(k) > 1)
  for (const [k, n] of seen) if (n > 1 && !keys.includes(k)) keys.push(k)
  return keys.map(label)
}

/**
 * The count of each action, in IMPORT_ACTIONS order: the preview's `counts` when it has them,
 * else counted from its rows.
 * @param {{counts?: Record<string, number>, rows?: {action: string}[]}} preview
 * @returns {{action: string, count: number}[]}
 */
export function actionCounts(preview) {
  const counts = preview?.counts ?? countRows(preview?.rows)
  return IMPORT_ACTIONS.map((action) => ({ action, count: counts[action] ?? 0 }))
}

/**
 * The rows of each action.
 * @param {{action: string}[]} rows
 * @returns {Record<string, number>}
 */
export function countRows(rows = []) {
  const counts = Object.fromEntries(IMPORT_ACTIONS.map((a) => [a, 0]))
  for (const row of rows) counts[row.action] = (counts[row.action] ?? 0) + 1
  return counts
}

/**
 * The rows of one action ('' or 'all': every row).
 * @template {{action: string}} R
 * @param {R[]} rows
 * @param {string} action
 * @returns {R[]}
 */
export function filterRows(rows = [], action = '') {
  return !action || action === 'all' ? rows : rows.filter((row) => row.action === action)
}

/**
 * One page of rows (1-based page; a page past the end gives the last page's rows).
 * @template R
 * @param {R[]} rows
 * @param {number} page
 * @param {number} [size]
 * @returns {R[]}
 */
export function pageOf(rows = [], page = 1, size = PREVIEW_PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(rows.length / size))
  const p = Math.min(Math.max(1, Math.trunc(page) || 1), pages)
  return rows.slice((p - 1) * size, p * size)
}

/**
 * An Excel cell reference: "C5"; null when the error is not about one column.
 * @param {string|null|undefined} column the column letter
 * @param {number} row the Excel row number
 */
export const cellRef = (column, row) => (column ? `${column}${row}` : null)

/**
 * A row's errors as lines "C5 message" (the cell first; the row's own label when the error names no
 * column).
 * @param {{row: number, errors?: {column?: string|null, message: string}[]}} row
 * @param {(row: number) => string} rowLabel e.g. row => `第${row}行`
 * @returns {string[]}
 */
export function errorLines(row, rowLabel) {
  return (row?.errors ?? []).map((e) => `${cellRef(e.column, row.row) ?? rowLabel(row.row)} ${e.message}`)
}

/**
 * Every error of the preview, one line each, in row order: the text to fix the file with.
 * @param {{row: number, errors?: {column?: string|null, message: string}[]}[]} rows
 * @param {(row: number) => string} rowLabel
 */
export function formatErrorList(rows = [], rowLabel) {
  return rows
    .filter((r) => r.errors?.length)
    .sort((a, b) => a.row - b.row)
    .flatMap((r) => errorLines(r, rowLabel))
    .join('\n')
}

/**
 * An update row's changes: field label, value before and after (display text from the server),
 * in the fields' order.
 * @param {Record<string, [string, string]>|undefined} changes
 * @param {{key: string, label: string}[]} fields
 * @returns {{field: string, label: string, before: string, after: string}[]}
 */
export function changeList(changes, fields = []) {
  if (!changes) return []
  const order = new Map(fields.map((f, i) => [f.key, i]))
  const label = fieldLabels(fields)
  return Object.entries(changes)
    .map(([field, [before, after] = []]) => ({ field, label: label(field), before: before ?? '', after: after ?? '' }))
    .sort((a, b) => (order.get(a.field) ?? order.size) - (order.get(b.field) ?? order.size))
}
