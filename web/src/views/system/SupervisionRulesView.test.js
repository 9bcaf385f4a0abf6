import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import SupervisionRulesView from './SupervisionRulesView.vue'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'

const answer = (body, status = 200, headers = {}) => Promise.resolve(new Response(JSON.stringify(body), { status, headers }))
const rules = (canEdit, version = 0) => ({ overdue_working_days: [5, 10, 20], approval_red_percent: 150, version, can_edit: canEdit })

/** The errors the form items carry. */
const errorsShown = (wrapper) =>
  wrapper
    .findAllComponents({ name: 'ElFormItem' })
    .map((c) => c.props('error'))
    .filter(Boolean)

async function mountRules(fetchMock, roles = ['office']) {
  vi.stubGlobal('fetch', fetchMock)
  const auth = useAuthStore()
  auth.user = { id: 5, display_name: '项目办', org_id: 1, roles, must_change_password: false, password_expired: false, scope: { kind: 'all', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push('/system/supervision-rules')
  await router.isReady()
  const wrapper = mount(SupervisionRulesView, { global: { plugins: [router, i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('SupervisionRulesView (督办规则)', { timeout: 120_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it('shows the rules read-only to those who may not edit them', async () => {
    const wrapper = await mountRules(vi.fn(() => answer(rules(false), 200, { ETag: '"0"' })), ['leader'])
    expect(wrapper.get('[data-testid="rules-days-coordination"] input').element.value).toBe('10')
    expect(wrapper.get('[data-testid="rules-red"] input').element.value).toBe('150')
    expect(wrapper.get('[data-testid="rules-red"] input').element.disabled).toBe(true)
    expect(wrapper.find('[data-testid="rules-save"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('超过时限的 150% 为红码')
  })

  it('refuses thresholds that do not rise before asking the server', async () => {
    const fetchMock = vi.fn(() => answer(rules(true), 200, { ETag: '"0"' }))
    const wrapper = await mountRules(fetchMock)
    wrapper.vm.form.days = [5, 5, 20]
    await wrapper.get('[data-testid="rules-save"]').trigger('click')
    await flushPromises()
    expect(fetchMock.mock.calls.filter(([, init]) => init?.method === 'PUT')).toHaveLength(0)
    expect(errorsShown(wrapper)).toEqual(['超期提级工作日数应逐级递增'])
  })

  it('saves with the version it replaces and shows the server’s field error', async () => {
    const calls = []
    const fetchMock = vi.fn((url, init = {}) => {
      calls.push({ url, method: init.method ?? 'GET', headers: init.headers, body: init.body && JSON.parse(init.body) })
      if (init.method === 'PUT' && calls.filter((c) => c.method === 'PUT').length === 1) {
        return answer({ error: { code: 'invalid_argument', message: '红码时限比例应在101至500之间', field: 'approval_red_percent' } }, 400)
      }
      if (init.method === 'PUT') return answer({ ...rules(true, 1), approval_red_percent: 120 }, 200, { ETag: '"1"' })
      return answer(rules(true), 200, { ETag: '"0"' })
    })
    const wrapper = await mountRules(fetchMock)
    wrapper.vm.form.red = 120
    await wrapper.get('[data-testid="rules-save"]').trigger('click')
    await flushPromises()
    const put = calls.find((c) => c.method === 'PUT')
    expect(put.url).toBe('/api/supervision-rules')
    expect(put.headers['If-Match']).toBe('"0"')
    expect(put.body).toEqual({ overdue_working_days: [5, 10, 20], approval_red_percent: 120 })
    expect(errorsShown(wrapper)).toEqual(['红码时限比例应在101至500之间'])
    await wrapper.get('[data-testid="rules-save"]').trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.method === 'PUT')[1].headers['If-Match']).toBe('"0"')
    expect(wrapper.vm.version).toBe(1)
  })
})
