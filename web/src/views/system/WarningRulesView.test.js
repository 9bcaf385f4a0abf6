import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import WarningRulesView from './WarningRulesView.vue'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'

const answer = (body, status = 200, headers = {}) => Promise.resolve(new Response(JSON.stringify(body), { status, headers }))

const YINCHUAN = {
  id: 'yinchuan',
  name: '银川市（2025）',
  description: '',
  rules: [
    {
      id: 'progress',
      measure: 'progress',
      metric: 'points_behind',
      yellow: { op: 'at_least', value: 10 },
      red: { op: 'more_than', value: 30 },
      schedule: 'monthly_targets',
      min_annual_plan: 0,
    },
    { id: 'milestone', measure: 'milestone', metric: 'days_overdue', red: { op: 'at_least', value: 1 }, due_soon_days: 7 },
  ],
}
const WUHAN = {
  id: 'wuhan',
  name: '武汉市',
  rules: [
    {
      id: 'progress',
      measure: 'progress',
      metric: 'percent_of_schedule',
      yellow: { op: 'less_than', value: 80 },
      red: { op: 'less_than', value: 60 },
      schedule: 'monthly_targets',
      min_annual_plan: 0,
    },
  ],
}
const body = (canEdit) => ({ active: YINCHUAN, version: 3, presets: [YINCHUAN, WUHAN], recomputed_on: '2026-11-29', can_edit: canEdit })

async function mountRules(fetchMock, roles = ['office']) {
  vi.stubGlobal('fetch', fetchMock)
  const auth = useAuthStore()
  auth.user = { id: 5, display_name: '项目办', org_id: 1, roles, must_change_password: false, password_expired: false, scope: { kind: 'all', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push('/system/warning-rules')
  await router.isReady()
  const wrapper = mount(WarningRulesView, { global: { plugins: [router, i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

// Element Plus's form controls are slow to mount in happy-dom.
describe('WarningRulesView (预警规则)', { timeout: 120_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it('shows the rules read-only to those who may not edit them', async () => {
    const wrapper = await mountRules(vi.fn(() => answer(body(false), 200, { ETag: '"3"' })), ['leader'])
    expect(wrapper.get('[data-testid="warning-rules-active"]').text()).toBe('当前规则：银川市（2025）')
    expect(wrapper.find('[data-testid="warning-rules-save"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="rule-progress-item-yellow"]').text()).toContain('个百分点')
    expect(wrapper.get('input[data-testid="rules-name"]').element.disabled).toBe(true)
  })

  it('saves a preset with the version it replaces and puts the server’s error on the field it names', async () => {
    const calls = []
    const fetchMock = vi.fn((url, init = {}) => {
      calls.push({ url, method: init.method ?? 'GET', headers: init.headers, body: init.body && JSON.parse(init.body) })
      if (init.method === 'PUT') {
        return answer({ error: { code: 'invalid_argument', message: '预警规则第1项红灯：红灯阈值应比黄灯阈值（80%）更严格', field: 'rules[0].red' } }, 400)
      }
      return answer(body(true), 200, { ETag: '"3"' })
    })
    const wrapper = await mountRules(fetchMock)
    // Start from Wuhan: the form shows its thresholds in per cent.
    wrapper.vm.applyPreset('wuhan')
    await flushPromises()
    expect(wrapper.get('[data-testid="rule-progress"]').text()).toContain('低于')
    await wrapper.get('[data-testid="warning-rules-save"]').trigger('click')
    await flushPromises()
    const put = calls.find((c) => c.method === 'PUT')
    expect(put.url).toBe('/api/warning-rules')
    expect(put.headers['If-Match']).toBe('"3"')
    expect(put.body).toEqual(WUHAN)
    // The item of the red threshold is marked and carries the server's message; the others are not.
    const red = wrapper.findAllComponents({ name: 'ElFormItem' }).find((c) => c.attributes('data-testid') === 'rule-progress-item-red')
    expect(red.classes()).toContain('is-error')
    expect(red.props('error')).toBe('预警规则第1项红灯：红灯阈值应比黄灯阈值（80%）更严格')
    expect(wrapper.get('[data-testid="rule-progress-item-yellow"]').classes()).not.toContain('is-error')
    expect(wrapper.get('[data-testid="rules-item-name"]').classes()).not.toContain('is-error')
  })
})
