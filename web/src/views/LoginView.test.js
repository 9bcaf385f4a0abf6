import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { ElMessageBox } from 'element-plus'
import LoginView from './LoginView.vue'
import { i18n } from '../i18n'
import { createAppRouter } from '../router'

const ME = {
  user: { id: 5, username: 'office', display_name: '李项目办', roles: ['office'], must_change_password: false, password_expired: false },
  csrf_token: 'csrf-1',
}
const json = (status, body) => Promise.resolve(new Response(JSON.stringify(body), { status }))

/** The server: health says demo; sign-in answers with `loginAnswers` in turn. */
function server(loginAnswers) {
  return vi.fn((url) => {
    if (url === '/api/health') return json(200, { status: 'ok', version: '0.1.0', demo: true })
    if (url === '/api/auth/me') return json(401, { error: { code: 'unauthenticated', message: '请先登录' } })
    if (url === '/api/auth/login') return loginAnswers.shift()()
    return json(404, { error: { code: 'not_found', message: 'x' } })
  })
}

async function mountLogin(path = '/login') {
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(LoginView, { global: { plugins: [router, i18n] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

async function signIn(wrapper, fields) {
  for (const [id, value] of Object.entries(fields)) await wrapper.get(`[data-testid="${id}"]`).setValue(value)
  await wrapper.get('[data-testid="login-form"]').trigger('submit')
  await flushPromises()
  await vi.waitFor(() => expect(wrapper.get('[data-testid="login-submit"]').classes()).not.toContain('is-loading'))
}

describe('LoginView', () => {
  let alertMock

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    alertMock = vi.spyOn(ElMessageBox, 'alert').mockResolvedValue('confirm')
  })

  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('shows the demo banner and the server version', async () => {
    vi.stubGlobal('fetch', server([]))
    const { wrapper } = await mountLogin()
    expect(wrapper.get('[data-testid="demo-banner"]').text()).toContain('演示环境')
    expect(wrapper.get('[data-testid="login-version"]').text()).toBe('版本 0.1.0')
    expect(wrapper.get('[data-testid="login-app-name"]').text()).toBe('重大项目攻坚平台')
  })

  it('shows the server message inline, not in a message box', async () => {
    vi.stubGlobal('fetch', server([() => json(401, { error: { code: 'unauthenticated', message: '用户名或密码错误' } })]))
    const { wrapper } = await mountLogin()
    await signIn(wrapper, { 'login-username': 'nobody', 'login-password': 'wrong' })
    await vi.waitFor(() => expect(wrapper.find('[data-testid="login-error"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('用户名或密码错误')
    expect(alertMock).not.toHaveBeenCalled()
  })

  it('asks for the one-time code when the server wants it, then goes where the user was going', async () => {
    const fetchMock = server([
      () => json(401, { error: { code: 'unauthenticated', message: '请输入动态口令', field: 'otp' } }),
      () => json(200, ME),
    ])
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper, router } = await mountLogin('/login?redirect=/projects')
    expect(wrapper.find('[data-testid="login-otp"]').exists()).toBe(false)

    await signIn(wrapper, { 'login-username': 'office', 'login-password': 'pw' })
    await vi.waitFor(() => expect(wrapper.find('[data-testid="login-otp"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="login-error"]').text()).toBe('请输入动态口令')
    expect(wrapper.find('.el-alert--info').exists()).toBe(true)

    await signIn(wrapper, { 'login-otp': '123456' })
    const body = JSON.parse(fetchMock.mock.calls.filter(([url]) => url === '/api/auth/login').at(-1)[1].body)
    expect(body).toEqual({ username: 'office', password: 'pw', otp: '123456' })
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/projects'))
  })
})
