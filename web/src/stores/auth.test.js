import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { ElMessageBox } from 'element-plus'
import { get, post, setUnauthenticatedHandler } from '../api/client'
import { createAppRouter } from '../router'
import { useAuthStore } from './auth'

const ME = {
  user: {
    id: 5,
    username: 'office',
    display_name: '李项目办',
    org_id: 2,
    roles: ['office'],
    scope: { kind: 'own', org_ids: [] },
    must_change_password: false,
    password_expired: false,
    totp_enabled: false,
  },
  csrf_token: 'csrf-1',
}

function answer(status, body) {
  return Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status }))
}

describe('auth store', () => {
  let fetchMock
  let alertMock

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    setUnauthenticatedHandler(null)
    fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)
    alertMock = vi.spyOn(ElMessageBox, 'alert').mockResolvedValue('confirm')
  })

  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  const lastHeaders = () => fetchMock.mock.calls.at(-1)[1].headers

  it('signs in, keeps the user and sends the CSRF token from then on', async () => {
    const auth = useAuthStore()
    fetchMock.mockImplementation(() => answer(200, ME))
    await auth.login({ username: 'office', password: 'secret' })

    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/auth/login')
    expect(JSON.parse(init.body)).toEqual({ username: 'office', password: 'secret' })
    expect(auth.user.display_name).toBe('李项目办')
    expect(auth.csrfToken).toBe('csrf-1')
    expect(auth.hasRole('office', 'leader')).toBe(true)
    expect(auth.hasRole('system_admin')).toBe(false)

    fetchMock.mockImplementation(() => answer(204))
    await post('/anything', {})
    expect(lastHeaders()['X-CSRF-Token']).toBe('csrf-1')
  })

  it('sends the one-time code only when there is one', async () => {
    const auth = useAuthStore()
    fetchMock.mockImplementation(() => answer(200, ME))
    await auth.login({ username: 'a', password: 'b', otp: '123456' })
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({ username: 'a', password: 'b', otp: '123456' })
  })

  it('rejects a failed sign-in with the server error and no message box', async () => {
    const auth = useAuthStore()
    fetchMock.mockImplementation(() => answer(401, { error: { code: 'unauthenticated', message: '请输入动态口令', field: 'otp' } }))
    const error = await auth.login({ username: 'a', password: 'b' }).catch((e) => e)
    expect(error).toMatchObject({ status: 401, field: 'otp', message: '请输入动态口令' })
    expect(auth.user).toBeNull()
    expect(alertMock).not.toHaveBeenCalled()
  })

  it('loads the session once; a 401 means nobody is signed in', async () => {
    const auth = useAuthStore()
    fetchMock.mockImplementation(() => answer(401, { error: { code: 'unauthenticated', message: '请先登录' } }))
    await auth.load()
    await auth.load()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(auth.user).toBeNull()
    expect(auth.loaded).toBe(true)
    expect(alertMock).not.toHaveBeenCalled()

    fetchMock.mockImplementation(() => answer(200, { ...ME, demo: true }))
    await auth.load(true)
    expect(auth.user.username).toBe('office')
    expect(auth.demo).toBe(true)
  })

  it('clears the session on a 401 and sends the user to sign in again', async () => {
    const router = createAppRouter(createMemoryHistory())
    const auth = useAuthStore()
    fetchMock.mockImplementation(() => answer(200, ME))
    await router.push('/projects')
    expect(router.currentRoute.value.name).toBe('projects')
    expect(auth.csrfToken).toBe('csrf-1')

    fetchMock.mockImplementation(() =>
      answer(401, { error: { code: 'unauthenticated', message: '登录已超时，请重新登录' } }),
    )
    const error = await get('/projects').catch((e) => e)
    expect(error.status).toBe(401)
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))

    expect(auth.user).toBeNull()
    expect(auth.csrfToken).toBe('')
    expect(auth.notice).toBe('登录已超时，请重新登录')
    expect(router.currentRoute.value.query).toEqual({ redirect: '/projects' })
    // The sign-in page says it; no message box on top.
    expect(alertMock).not.toHaveBeenCalled()

    fetchMock.mockImplementation(() => answer(204))
    await post('/x', {}).catch(() => {})
    expect(lastHeaders()['X-CSRF-Token']).toBe('')
  })

  it('signs out and forgets the user even when the session had already expired', async () => {
    createAppRouter(createMemoryHistory())
    const auth = useAuthStore()
    fetchMock.mockImplementation(() => answer(200, ME))
    await auth.login({ username: 'office', password: 'x' })
    fetchMock.mockImplementation(() => answer(401, { error: { code: 'unauthenticated', message: '请先登录' } }))
    await auth.logout()
    expect(fetchMock.mock.calls.at(-1)[0]).toBe('/api/auth/logout')
    expect(lastHeaders()['X-CSRF-Token']).toBe('csrf-1')
    expect(auth.user).toBeNull()
    expect(auth.csrfToken).toBe('')
    expect(auth.notice).toBe('')
    expect(alertMock).not.toHaveBeenCalled()
  })
})
