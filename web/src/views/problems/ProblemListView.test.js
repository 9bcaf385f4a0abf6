import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import ProblemListView from './ProblemListView.vue'
import { COUNTS, OVERDUE, PENDING, json } from './fixtures'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'

function server() {
  return vi.fn((url) => {
    if (url.startsWith('/api/orgs')) return json({ items: [{ id: 30, name: '区供电公司', parent_id: null, kind: 'department' }], total: 1, page: 1, page_size: 200 })
    if (url.startsWith('/api/problems')) return json({ items: [OVERDUE, PENDING], total: 22, page: 1, page_size: 20, counts: COUNTS })
    return Promise.resolve(new Response(null, { status: 404 }))
  })
}

/** The query strings of the GET /problems requests sent so far. */
const listCalls = (fetchMock) =>
  fetchMock.mock.calls.map(([url]) => url).filter((url) => url.startsWith('/api/problems')).map((url) => Object.fromEntries(new URL(url, 'http://x').searchParams))

async function mountList(path) {
  const auth = useAuthStore()
  auth.user = { id: 5, org_id: 1, roles: ['office'], must_change_password: false, password_expired: false, scope: { kind: 'all', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(ProblemListView, { global: { plugins: [router, i18n] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('ProblemListView (问题台账)', { timeout: 30_000 }, () => {
  let fetchMock
  beforeEach(() => {
    setActivePinia(createPinia())
    fetchMock = server()
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it('asks for the problems the URL describes and fills the form from it', async () => {
    const { wrapper } = await mountList('/problems?state=pending,returned&type=land&responsible_org_id=30&level=weekly&overdue=1&q=用电')
    expect(listCalls(fetchMock)).toEqual([
      { state: 'pending,returned', type: 'land', responsible_org_id: '30', level: 'weekly', overdue: '1', q: '用电', page: '1', page_size: '20' },
    ])
    expect(wrapper.get('[data-testid="problems-q"]').element.value).toBe('用电')
    expect(wrapper.get('[data-testid="problems-overdue"] input').element.checked).toBe(true)
  })

  it('shows each problem with its state, level, unit, and an overdue deadline in red', async () => {
    const { wrapper } = await mountList('/problems')
    const table = wrapper.get('[data-testid="problems-table"]')
    expect(table.text()).toContain('智能制造产业园一期')
    expect(table.text()).toContain('水电气路等配套')
    expect(table.text()).toContain('区供电公司')
    expect(table.text()).toContain('孙业主（示范区产业投资集团）')
    const states = wrapper.findAll('[data-testid="problem-state"]').map((s) => s.text())
    expect(states).toEqual(['办理中', '待交办'])
    expect(wrapper.findAll('[data-testid="problem-level"]').map((s) => s.text())).toEqual(['周调度会', '责任单位'])

    const late = wrapper.get('[data-testid="problem-deadline-41"]')
    expect(late.attributes('data-overdue')).toBe('true')
    expect(late.classes()).toContain('late')
    expect(late.get('[data-testid="problem-overdue"]').text()).toBe('超期13个工作日')
    const onTime = wrapper.get('[data-testid="problem-deadline-42"]')
    expect(onTime.attributes('data-overdue')).toBe('false')
    expect(onTime.find('[data-testid="problem-overdue"]').exists()).toBe(false)
    expect(onTime.text()).toBe('未定时限')
    expect(wrapper.get('[data-testid="problem-link-41"]').attributes('href')).toBe('/problems/41')
    expect(wrapper.get('[data-testid="problems-total"]').text()).toBe('共 22 个问题')
  })

  it('shows the counts per state and filters by a state tab through the URL', async () => {
    const { wrapper, router } = await mountList('/problems?page=2')
    expect(wrapper.get('[data-testid="problems-count-pending"]').text()).toBe('3')
    expect(wrapper.get('[data-testid="problems-count-overdue"]').text()).toBe('2')
    expect(wrapper.get('[data-testid="problems-count-all"]').text()).toBe('20')
    expect(wrapper.get('[data-testid="problems-tab-all"]').classes()).toContain('is-checked')

    await wrapper.get('[data-testid="problems-tab-overdue"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/problems?overdue=1')
    expect(listCalls(fetchMock).at(-1)).toEqual({ overdue: '1', page: '1', page_size: '20' })
    expect(wrapper.get('[data-testid="problems-tab-overdue"]').classes()).toContain('is-checked')

    await wrapper.get('[data-testid="problems-tab-pending"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/problems?state=pending')
  })

  it('opens the problem page on a row click', async () => {
    const { wrapper, router } = await mountList('/problems')
    await wrapper.findAll('[data-testid="problems-table"] .el-table__row')[1].find('td').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/problems/42'), { timeout: 10_000 })
  })
})
