import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { ElMessageBox } from 'element-plus'
import {
  ApiError,
  del,
  get,
  getAll,
  patch,
  post,
  put,
  queryString,
  setCsrfToken,
  setUnauthenticatedHandler,
  showError,
  upload,
} from './client'
import { useAppStore } from '../stores/app'

function answer(status, body) {
  return Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status }))
}

describe('api client', () => {
  let fetchMock
  let alertMock

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    useAppStore().locale = 'zh-CN'
    setCsrfToken('')
    fetchMock = vi.fn(() => answer(200, { status: 'ok' }))
    vi.stubGlobal('fetch', fetchMock)
    alertMock = vi.spyOn(ElMessageBox, 'alert').mockResolvedValue('confirm')
  })

  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  const sentHeaders = () => fetchMock.mock.calls[0][1].headers

  it('resolves with the parsed JSON answer', async () => {
    await expect(get('/health')).resolves.toEqual({ status: 'ok' })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/health')
    expect(init.method).toBe('GET')
    expect(init.credentials).toBe('same-origin')
    expect(alertMock).not.toHaveBeenCalled()
  })

  it('resolves with null on an empty answer', async () => {
    fetchMock.mockImplementation(() => answer(204))
    await expect(del('/projects/7')).resolves.toBeNull()
  })

  it('sends the body as JSON', async () => {
    await post('/projects', { name: '城东污水处理厂' })
    const init = fetchMock.mock.calls[0][1]
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(JSON.parse(init.body)).toEqual({ name: '城东污水处理厂' })
  })

  it('sends Accept-Language following the locale', async () => {
    await get('/health')
    expect(sentHeaders()['Accept-Language']).toBe('zh-CN')

    useAppStore().locale = 'en'
    fetchMock.mockClear()
    await get('/health')
    expect(sentHeaders()['Accept-Language']).toBe('en')
  })

  it('sends X-CSRF-Token on unsafe methods only', async () => {
    setCsrfToken('token-1')
    await get('/health')
    expect(sentHeaders()).not.toHaveProperty('X-CSRF-Token')

    for (const send of [() => post('/x', {}), () => patch('/x', {}), () => del('/x')]) {
      fetchMock.mockClear()
      await send()
      expect(sentHeaders()['X-CSRF-Token']).toBe('token-1')
    }
  })

  it('uploads a file as the raw body with its name in the query', async () => {
    setCsrfToken('token-2')
    fetchMock.mockImplementation(() => answer(201, { id: 9, filename: '现场 照片.jpg' }))
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff])], '现场 照片.jpg', { type: 'image/jpeg' })
    await expect(upload('/projects/7/attachments', file, { silent: true })).resolves.toEqual({ id: 9, filename: '现场 照片.jpg' })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/projects/7/attachments?filename=%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87.jpg')
    expect(init.method).toBe('POST')
    expect(init.body).toBe(file)
    expect(init.headers['Content-Type']).toBe('application/octet-stream')
    expect(init.headers['X-CSRF-Token']).toBe('token-2')
  })

  it('adds the upload\'s other query parameters after the file name', async () => {
    fetchMock.mockImplementation(() => answer(201, { id: 12 }))
    const file = new File(['a,b\n'], '10月 报表.csv', { type: 'text/csv' })
    await upload('/imports', file, { query: { kind: 'reports', period: '2026-10', sheet: undefined } })
    expect(fetchMock.mock.calls[0][0]).toBe('/api/imports?filename=10%E6%9C%88%20%E6%8A%A5%E8%A1%A8.csv&kind=reports&period=2026-10')
  })

  it('rejects with the server error and shows its message', async () => {
    fetchMock.mockImplementation(() =>
      answer(400, { error: { code: 'invalid_argument', message: '项目代码格式不正确', field: 'code' } }),
    )
    const error = await post('/projects', { code: 'x' }).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 400, code: 'invalid_argument', field: 'code', message: '项目代码格式不正确' })
    expect(alertMock).toHaveBeenCalledWith('项目代码格式不正确', '操作失败', expect.objectContaining({ type: 'error' }))
  })

  it('shows the server text for a stale version (412)', async () => {
    useAppStore().locale = 'en'
    fetchMock.mockImplementation(() =>
      answer(412, { error: { code: 'failed_precondition', message: 'Someone else changed this project.' } }),
    )
    const error = await patch('/projects/7', { version: 3 }).catch((e) => e)
    expect(error).toMatchObject({ status: 412, code: 'failed_precondition', field: undefined })
    expect(alertMock).toHaveBeenCalledWith('Someone else changed this project.', 'Request failed', expect.anything())
  })

  it('falls back to the HTTP status when the error body is not ours', async () => {
    fetchMock.mockImplementation(() => Promise.resolve(new Response('<html>Bad Gateway</html>', { status: 502 })))
    const error = await get('/health').catch((e) => e)
    expect(error).toMatchObject({ status: 502, code: 'http' })
    expect(alertMock.mock.calls[0][0]).toContain('HTTP 502')
  })

  it('reports a network failure', async () => {
    fetchMock.mockImplementation(() => Promise.reject(new TypeError('Failed to fetch')))
    const error = await get('/health').catch((e) => e)
    expect(error).toMatchObject({ status: 0, code: 'network' })
    expect(alertMock).toHaveBeenCalledWith('无法连接服务器，请检查网络后重试。', '操作失败', expect.anything())
  })
})

describe('api client options', () => {
  let fetchMock
  let alertMock

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    setUnauthenticatedHandler(null)
    fetchMock = vi.fn(() => answer(200, { items: [], total: 0 }))
    vi.stubGlobal('fetch', fetchMock)
    alertMock = vi.spyOn(ElMessageBox, 'alert').mockResolvedValue('confirm')
  })

  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('builds the query string, leaving out empty values', async () => {
    await get('/users', { query: { q: '王 五', org_id: 3, role: '', page: 1, x: undefined, y: null } })
    expect(fetchMock.mock.calls[0][0]).toBe('/api/users?q=%E7%8E%8B+%E4%BA%94&org_id=3&page=1')
    expect(queryString({})).toBe('')
    expect(queryString({ event_type: 'auth.' })).toBe('?event_type=auth.')
  })

  it('sends If-Match with the quoted version and reads the ETag back', async () => {
    fetchMock.mockImplementation(() =>
      Promise.resolve(new Response(JSON.stringify({ idle_minutes: 30 }), { status: 200, headers: { ETag: '"4"' } })),
    )
    const answered = await put('/security/policy', { idle_minutes: 30 }, { ifMatch: 3, withETag: true })
    expect(fetchMock.mock.calls[0][1].headers['If-Match']).toBe('"3"')
    expect(answered).toEqual({ data: { idle_minutes: 30 }, etag: '4' })
  })

  it('leaves the error to the caller when silent', async () => {
    fetchMock.mockImplementation(() =>
      answer(400, { error: { code: 'invalid_argument', message: '密码长度不能少于12位', field: 'new_password' } }),
    )
    const error = await post('/auth/password', {}, { silent: true }).catch((e) => e)
    expect(error).toMatchObject({ status: 400, field: 'new_password' })
    expect(alertMock).not.toHaveBeenCalled()

    showError(error)
    expect(alertMock).toHaveBeenCalledWith('密码长度不能少于12位', '操作失败', expect.anything())
  })

  it('hands every 401 to the handler, which may take it over', async () => {
    fetchMock.mockImplementation(() => answer(401, { error: { code: 'unauthenticated', message: '登录已超时，请重新登录' } }))
    const handler = vi.fn(() => true)
    setUnauthenticatedHandler(handler)
    const error = await get('/users').catch((e) => e)
    expect(handler).toHaveBeenCalledWith(error)
    expect(alertMock).not.toHaveBeenCalled()

    handler.mockReturnValue(false)
    await get('/users').catch((e) => e)
    expect(alertMock).toHaveBeenCalledTimes(1)
  })

  it('fetches every page of a list', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: i + 1 }))
    fetchMock.mockImplementation((url) => {
      const params = new URL(url, 'http://x').searchParams
      const page = Number(params.get('page'))
      const size = Number(params.get('page_size'))
      return answer(200, { items: all.slice((page - 1) * size, page * size), total: all.length })
    })
    await expect(getAll('/orgs', { kind: 'town' }, 2)).resolves.toEqual(all)
    expect(fetchMock).toHaveBeenCalledTimes(3)
    expect(fetchMock.mock.calls[0][0]).toBe('/api/orgs?kind=town&page=1&page_size=2')
  })
})
