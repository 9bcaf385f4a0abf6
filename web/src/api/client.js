// The one way the UI talks to the server. A failed request is shown to the user in a message box
// (in the server's words when it sent an error body) and then rejected with an ApiError, so a form
// can also mark the field the server named. Forms that show errors themselves pass {silent: true}.
import { ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message-box/style/css'
import { i18n } from '../i18n'
import { queryString } from './query'
import { takePrefetched } from './prefetch'

export { queryString }

const BASE = '/api'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

let csrfToken = ''

/** @type {((error: ApiError) => boolean) | null} */
let unauthenticatedHandler = null

/** Sets the token sent as X-CSRF-Token on every unsafe request (from the login answer or /auth/me). */
export function setCsrfToken(token) {
  csrfToken = token ?? ''
}

/**
 * Called with every 401 answer. When it returns true it has dealt with the error (the session
 * expired and the user is sent to sign in again) and no message box is shown.
 * @param {((error: ApiError) => boolean) | null} handler
 */
export function setUnauthenticatedHandler(handler) {
  unauthenticatedHandler = handler
}

/** A failed request: status 0 means the server could not be reached. */
export class ApiError extends Error {
  /**
   * @param {string} message text for the user, in the request's language
   * @param {{status: number, code: string, field?: string}} details
   */
  constructor(message, { status, code, field }) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Shows an error in the message box; for callers that sent a request with {silent: true}. */
export function showError(error) {
  const { t } = i18n.global
  // The alert's promise rejects when the user closes it with the X; nothing waits on it.
  ElMessageBox.alert(error.message, t('error.title'), {
    type: 'error',
    confirmButtonText: t('error.confirm'),
  }).catch(() => {})
  return error
}

/** The version inside an ETag header: `"3"` and `W/"3"` give `3`. */
function etagVersion(header) {
  return header ? header.replace(/^W\//, '').replace(/"/g, '') : null
}

/**
 * @typedef {object} RequestOptions
 * @property {boolean} [silent] no message box: the caller shows the error itself (it is still rejected)
 * @property {Record<string, unknown>} [query] query parameters, see queryString()
 * @property {string|number} [ifMatch] the record's version, sent as `If-Match: "3"`
 * @property {boolean} [withETag] resolve with {data, etag} (the version from the ETag header)
 * @property {Blob} [raw] send these bytes as the body (application/octet-stream) instead of JSON
 */

/**
 * Sends one request to `/api${path}` and resolves with the parsed JSON answer (null when empty).
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body] sent as JSON when given
 * @param {RequestOptions} [options]
 * @returns {Promise<any>} rejects with ApiError
 */
export async function request(method, path, body, options = {}) {
  const { silent = false, query, ifMatch, withETag = false, raw } = options
  const headers = { Accept: 'application/json', 'Accept-Language': i18n.global.locale.value }
  if (raw !== undefined) headers['Content-Type'] = 'application/octet-stream'
  else if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (!SAFE_METHODS.has(method)) headers['X-CSRF-Token'] = csrfToken
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`

  const fail = (error) => {
    const handled = error.status === 401 && unauthenticatedHandler?.(error) === true
    if (!silent && !handled) showError(error)
    return error
  }

  if (method === 'GET' && !withETag) {
    const early = takePrefetched(path + queryString(query))
    const data = early && (await early)
    if (data) return data
  }

  let response
  let text
  try {
    response = await fetch(BASE + path + queryString(query), {
      method,
      headers,
      credentials: 'same-origin',
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
    text = await response.text()
  } catch {
    throw fail(new ApiError(i18n.global.t('error.network'), { status: 0, code: 'network' }))
  }

  const data = text ? parseJson(text) : null
  if (response.ok) return withETag ? { data, etag: etagVersion(response.headers.get('ETag')) } : data

  const error = data?.error ?? {}
  throw fail(
    new ApiError(error.message || i18n.global.t('error.http', { status: response.status }), {
      status: response.status,
      code: error.code ?? 'http',
      field: error.field,
    }),
  )
}

/** @param {string} path @param {RequestOptions} [options] */
export const get = (path, options) => request('GET', path, undefined, options)
/** @param {string} path @param {unknown} [body] @param {RequestOptions} [options] */
export const post = (path, body, options) => request('POST', path, body, options)
/** @param {string} path @param {unknown} body @param {RequestOptions} [options] */
export const put = (path, body, options) => request('PUT', path, body, options)
/** @param {string} path @param {unknown} body @param {RequestOptions} [options] */
export const patch = (path, body, options) => request('PATCH', path, body, options)
/** @param {string} path @param {RequestOptions} [options] */
export const del = (path, options) => request('DELETE', path, undefined, options)

/**
 * Uploads a file as the raw request body, its name in the `filename` query parameter
 * (percent-encoded: a space is %20, not the form encoding's "+"); `options.query` adds other
 * parameters after it (e.g. an import's kind and period).
 * @param {string} path e.g. '/projects/7/attachments'
 * @param {File} file
 * @param {Omit<RequestOptions, 'raw'>} [options]
 */
export const upload = (path, file, options = {}) =>
  request('POST', `${path}?filename=${encodeURIComponent(file.name)}${queryString(options.query).replace('?', '&')}`, undefined, {
    ...options,
    raw: file,
    query: undefined,
  })

/**
 * Every item of a paged list route, fetched page after page.
 * @param {string} path a route answering {items, total}
 * @param {Record<string, unknown>} [query] filters
 * @param {number} [pageSize] at most what the route accepts
 * @returns {Promise<any[]>}
 */
export async function getAll(path, query = {}, pageSize = 200) {
  const items = []
  for (let page = 1; ; page += 1) {
    const data = await get(path, { query: { ...query, page, page_size: pageSize } })
    items.push(...data.items)
    if (data.items.length === 0 || items.length >= data.total) return items
  }
}

/**
 * Sends one request whose answer is a file (an export) and resolves with its bytes and its
 * Content-Disposition header (utils/exports.js dispositionFilename reads the name from it).
 * Errors are shown and rejected as by request(); the session cookie goes along (same origin) and
 * unsafe methods carry the CSRF token.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body] sent as JSON when given
 * @param {Pick<RequestOptions, 'silent'|'query'>} [options]
 * @returns {Promise<{blob: Blob, disposition: string|null}>}
 */
export async function download(method, path, body, options = {}) {
  const { silent = false, query } = options
  const headers = { 'Accept-Language': i18n.global.locale.value }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (!SAFE_METHODS.has(method)) headers['X-CSRF-Token'] = csrfToken
  const fail = (error) => {
    const handled = error.status === 401 && unauthenticatedHandler?.(error) === true
    if (!silent && !handled) showError(error)
    return error
  }
  let response
  try {
    response = await fetch(BASE + path + queryString(query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw fail(new ApiError(i18n.global.t('error.network'), { status: 0, code: 'network' }))
  }
  if (response.ok) {
    let blob
    try {
      blob = await response.blob()
    } catch {
      throw fail(new ApiError(i18n.global.t('error.network'), { status: 0, code: 'network' }))
    }
    return { blob, disposition: response.headers.get('Content-Disposition') }
  }
  const text = await response.text().catch(() => '')
  const error = (text ? parseJson(text) : null)?.error ?? {}
  throw fail(
    new ApiError(error.message || i18n.global.t('error.http', { status: response.status }), {
      status: response.status,
      code: error.code ?? 'http',
      field: error.field,
    }),
  )
}
