// A list page keeps its search in the URL (?q=…&stage=a,b&page=2&sort=-name), so that back and
// forward, reload and a pasted link all show the same list. These pure functions translate
// between the route's query and the page's state; the page pushes the query and loads on change.

/**
 * How each filter reads from and writes to the URL:
 * - 'string': kept as typed (trimmed when written);
 * - 'int': a whole number (an organisation id, a year), dropped when it is not one;
 * - 'list': several values, comma-separated, as the API takes them.
 * @typedef {Record<string, 'string'|'int'|'list'>} FilterSchema
 */

/**
 * @typedef {object} ListState
 * @property {Record<string, any>} filters
 * @property {number} page
 * @property {number} size
 * @property {string} sort e.g. '-total_investment'
 */

/**
 * @typedef {object} ListDefaults
 * @property {number} [size] page size when the URL names none
 * @property {string} [sort] sort when the URL names none
 * @property {string[]} [sortKeys] the sort keys the API accepts
 * @property {number[]} [sizes] the page sizes offered
 */

/** The empty value of a filter of each type. */
export function emptyFilters(schema) {
  return Object.fromEntries(Object.entries(schema).map(([key, type]) => [key, type === 'list' ? [] : type === 'int' ? null : '']))
}

const first = (value) => (Array.isArray(value) ? value[0] : value)

function readInt(value) {
  const text = first(value)
  return typeof text === 'string' && /^\d{1,15}$/.test(text) ? Number(text) : null
}

function readValue(type, value) {
  if (type === 'int') return readInt(value)
  const text = first(value)
  if (typeof text !== 'string') return type === 'list' ? [] : ''
  if (type === 'list') return [...new Set(text.split(',').map((v) => v.trim()).filter(Boolean))]
  return text
}

/** Whether a sort text names an accepted key, ascending or descending. */
export function validSort(sort, sortKeys) {
  return typeof sort === 'string' && sortKeys.includes(sort.replace(/^-/, ''))
}

/**
 * The page's state from the route's query; anything missing or malformed takes its default.
 * @param {Record<string, unknown>} query route.query
 * @param {FilterSchema} schema
 * @param {ListDefaults} [defaults]
 * @returns {ListState}
 */
export function readListQuery(query, schema, { size = 20, sort = '', sortKeys = [], sizes } = {}) {
  const filters = Object.fromEntries(Object.entries(schema).map(([key, type]) => [key, readValue(type, query[key])]))
  const page = readInt(query.page)
  const pageSize = readInt(query.page_size)
  const sortText = first(query.sort)
  return {
    filters,
    page: page && page > 0 ? page : 1,
    size: pageSize && (!sizes || sizes.includes(pageSize)) ? pageSize : size,
    sort: validSort(sortText, sortKeys) ? sortText : sort,
  }
}

/**
 * The filters as query parameters: lists comma-separated, text trimmed, empty values left out.
 * The same object serves the API (GET /projects?stage=a,b) and the URL.
 * @param {Record<string, any>} filters
 * @param {FilterSchema} schema
 * @returns {Record<string, string>}
 */
export function filterParams(filters, schema) {
  const out = {}
  for (const [key, type] of Object.entries(schema)) {
    const value = filters[key]
    let text = ''
    if (type === 'list') text = (value ?? []).join(',')
    else if (type === 'int') text = value === null || value === undefined || value === '' ? '' : String(value)
    else text = String(value ?? '').trim()
    if (text !== '') out[key] = text
  }
  return out
}

/**
 * The route query for a state: only what differs from the defaults, so that the plain list has
 * a plain URL.
 * @param {ListState} state
 * @param {FilterSchema} schema
 * @param {ListDefaults} [defaults]
 * @returns {Record<string, string>}
 */
export function writeListQuery(state, schema, { size = 20, sort = '' } = {}) {
  const query = filterParams(state.filters, schema)
  if (state.sort && state.sort !== sort) query.sort = state.sort
  if (state.page > 1) query.page = String(state.page)
  if (state.size !== size) query.page_size = String(state.size)
  return query
}

/**
 * Whether two route queries say the same (order of keys aside).
 * @param {Record<string, unknown>} a
 * @param {Record<string, unknown>} b
 */
export function sameQuery(a, b) {
  const norm = (q) => JSON.stringify(Object.keys(q).filter((k) => q[k] !== undefined).sort().map((k) => [k, String(q[k])]))
  return norm(a) === norm(b)
}

/**
 * An el-table sort-change ({prop, order}) as the API's sort text; no order means the default.
 * @param {{prop?: string|null, order?: 'ascending'|'descending'|null}} change
 * @param {string} fallback
 */
export function sortFromTable({ prop, order }, fallback = '') {
  if (!prop || !order) return fallback
  return order === 'descending' ? `-${prop}` : prop
}

/**
 * The API's sort text as el-table's default-sort.
 * @param {string} sort
 * @returns {{prop: string, order: 'ascending'|'descending'} | undefined}
 */
export function tableSort(sort) {
  if (!sort) return undefined
  return sort.startsWith('-') ? { prop: sort.slice(1), order: 'descending' } : { prop: sort, order: 'ascending' }
}

/**
 * The query of the first request a list page sends for a route query (useQueryList's load:
 * the filters, the sort when set, the page and the page size), for a prefetch to ask the same.
 * @param {Record<string, unknown>} query the route's query
 * @param {FilterSchema} schema
 * @param {ListDefaults} defaults
 */
export function listRequestQuery(query, schema, defaults) {
  const state = readListQuery(query, schema, defaults)
  return listRequest(state.filters, schema, state.sort, state.page, state.size)
}

/**
 * The query a list page sends: its filters as parameters, the sort (left out when default), the
 * page and the page size. One function, so that a prefetch and the page build the same text.
 */
export function listRequest(filters, schema, sort, page, size) {
  return { ...filterParams(filters, schema), sort: sort || undefined, page, page_size: size }
}
