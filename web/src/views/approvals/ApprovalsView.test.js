import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { h } from 'vue'
import ApprovalsView from './ApprovalsView.vue'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'

// ECharts draws on a canvas happy-dom does not have: the chart is a stub that shows its option.
vi.mock('echarts/core', () => ({ use: () => {} }))
vi.mock('echarts/charts', () => ({ BarChart: {} }))
vi.mock('echarts/components', () => ({ GridComponent: {}, LegendComponent: {}, TooltipComponent: {} }))
vi.mock('echarts/renderers', () => ({ CanvasRenderer: {} }))
vi.mock('vue-echarts', () => ({
  default: {
    name: 'VChart',
    props: ['option'],
    setup: (props) => () => h('div', { 'data-testid': 'chart-stub', 'data-categories': JSON.stringify(props.option.yAxis.data) }),
  },
}))

const answer = (body, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }))

const ROW = (name, id, count, median, p90, overdue, open = 0, yellow = 0, red = 0) => ({ name, department_org_id: id, count, median_days: median, p90_days: p90, overdue, open, yellow, red })
const ANALYTICS = {
  year: 2025,
  as_of: '2025-12-31',
  unit: 'working_days',
  percentile: 'nearest_rank',
  total: ROW('', null, 10, 9, 30, 6, 3, 1, 1),
  by_department: [ROW('区自然资源和规划局', 3, 4, 20, 30, 3, 1, 1, 0), ROW('区生态环境局', 4, 2, 15, 40, 2, 2, 0, 1), ROW('', null, 1, 3, 3, 0)],
  by_item: [ROW('建设工程规划许可证', null, 1, 30, 30, 2, 1, 1, 0)],
}
const OVERDUE = {
  today: '2026-11-29',
  yellow: 0,
  red: 1,
  departments: [
    {
      department_org_id: 4, department_name: '区生态环境局', yellow: 0, red: 1,
      items: [{ id: 9, project_id: 7, project_name: '纬三路', name: '环境影响评价审批（报告表）', applied_on: '2026-09-01', due_on: '2026-10-01', limit_days: 30, limit_kind: 'calendar', elapsed_days: 89, code: 'red' }],
    },
  ],
}

async function mountView(fetchMock, path = '/approvals?year=2025') {
  vi.stubGlobal('fetch', fetchMock)
  const auth = useAuthStore()
  auth.user = { id: 1, display_name: '项目办', org_id: 1, roles: ['office'], must_change_password: false, password_expired: false, scope: { kind: 'all', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(ApprovalsView, { global: { plugins: [router, i18n] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('ApprovalsView (前期手续分析)', { timeout: 60_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it("shows the year's figures by department slowest first, the chart and what is overdue now", async () => {
    const fetchMock = vi.fn((url) => answer(url.startsWith('/api/approvals/analytics') ? ANALYTICS : OVERDUE))
    const { wrapper } = await mountView(fetchMock)
    const urls = fetchMock.mock.calls.map(([url]) => url)
    expect(urls).toContain('/api/approvals/analytics?year=2025')
    expect(wrapper.get('[data-testid="approvals-as-of"]').text()).toContain('统计截至 2025-12-31')
    expect(wrapper.get('[data-testid="approvals-total-median_days"]').text()).toContain('9')
    expect(wrapper.get('[data-testid="approvals-total-p90_days"]').text()).toContain('30')
    const depts = wrapper.findAll('[data-testid="approvals-by-department"] .dept').map((n) => n.text())
    expect(depts).toEqual(['区自然资源和规划局', '区生态环境局', '未指定部门'])
    const rows = wrapper.findAll('[data-testid="approvals-by-department"] tbody tr').map((r) => r.findAll('td').map((c) => c.text()))
    expect(rows[0]).toEqual(['区自然资源和规划局', '4', '20', '30', '3', '1', '1', '0'])
    // The chart lists the slowest department at the top (ECharts draws the first category at the bottom).
    expect(JSON.parse(wrapper.get('[data-testid="approvals-chart"]').attributes('data-categories'))).toEqual(['未指定部门', '区生态环境局', '区自然资源和规划局'])
    const overdue = wrapper.get('[data-testid="approvals-overdue-4"]')
    expect(overdue.text()).toContain('区生态环境局')
    expect(overdue.text()).toContain('纬三路')
    expect(overdue.text()).toContain('89天')
    expect(overdue.find('[data-code="red"]').exists()).toBe(true)
  })

  it('asks for another year when one is chosen', async () => {
    const fetchMock = vi.fn((url) => answer(url.startsWith('/api/approvals/analytics') ? { ...ANALYTICS, year: 2024 } : OVERDUE))
    const { router } = await mountView(fetchMock)
    await router.replace('/approvals?year=2024')
    await flushPromises()
    expect(fetchMock.mock.calls.map(([url]) => url)).toContain('/api/approvals/analytics?year=2024')
  })
})
