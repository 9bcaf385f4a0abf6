// The one way the UI talks to the server. Every failed request is shown to the user in a
// message box (in the server's words when it sent an error body) and then rejected with an
// ApiError, so a form can also mark the field the server named.
import { ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message-box/style/css'
import { i18n } from '../i18n'

const BASE = '/api'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

let csrfToken = ''

/** Sets the token sent as X-CSRF-Token on every unsafe request (empty until login exists). */
export function setCsrfToken(token) {
  csrfToken = token
}

/** A failed request: status 0 means the server could not be reached. */
export class ApiError extends Error {
  /**
   * @param {string} message text already shown to the user
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

function reported(error) {
  const { t } = i18n.global
  // The alert's promise rejects when the user closes it with the X; nothing waits on it.
  ElMessageBox.alert(error.message, t('error.title'), {
    type: 'error',
    confirmButtonText: t('error.confirm'),
  }).catch(() => {})
  return error
}

/**
 * Sends one request to `/api${path}` and resolves with the parsed JSON answer (null when empty).
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body] sent as JSON when given
 * @returns {Promise<any>} rejects with ApiError
 */
export async function request(method, path, body) {
  const headers = { Accept: 'application/json', 'Accept-Language': i18n.global.locale.value }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (!SAFE_METHODS.has(method)) headers['X-CSRF-Token'] = csrfToken

  let response
  let text
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    text = await response.text()
  } catch {
    throw reported(new ApiError(i18n.global.t('error.network'), { status: 0, code: 'network' }))
  }

  const data = text ? parseJson(text) : null
  if (response.ok) return data

  const error = data?.error ?? {}
  throw reported(
    new ApiError(error.message || i18n.global.t('error.http', { status: response.status }), {
      status: response.status,
      code: error.code ?? 'http',
      field: error.field,
    }),
  )
}

export const get = (path) => request('GET', path)
export const post = (path, body) => request('POST', path, body)
export const patch = (path, body) => request('PATCH', path, body)
export const del = (path) => request('DELETE', path)
