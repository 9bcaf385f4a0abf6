import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { h, onMounted } from 'vue'
import CockpitView from './CockpitView.vue'
import MyProjectsView from './MyProjectsView.vue'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'
import { SUMMARY, cockpitAnswer } from './fixtures'
import { prefetchCockpit } from '../../prefetch'

// ECharts draws on a canvas happy-dom does not have: the chart is a stub that shows its option
// and reports it has drawn, as ECharts' 'finished' would.
vi.mock('echarts/core', () => ({ use: () => {}, registerMap: () => {} }))
vi.mock('echarts/charts', () => ({ BarChart: {}, LineChart: {}, ScatterChart: {} }))
vi.mock('echarts/components', () => ({ GeoComponent: {}, GridComponent: {}, LegendComponent: {}, TooltipComponent: {} }))
vi.mock('echarts/renderers', () => ({ CanvasRenderer: {} }))
vi.mock('vue-echarts', () => ({
  default: {
    name: 'VChart',
    props: ['option', 'theme'],
    inheritAttrs: false,
    setup: (props, { attrs }) => {
      onMounted(() => attrs.onFinished?.())
      return () =>
        h('div', {
          'data-testid': 'chart-stub',
          'data-series': props.option.series.map((s) => s.name).join('|'),
          onClick: (e) => attrs.onClick?.({ data: JSON.parse(e.target.dataset.pick ?? 'null') }),
        })
    },
  },
}))

/**
 * An IntersectionObserver that reports every chart on the screen (happy-dom's never calls back),
 * or none of them with `visible` false.
 */
function stubObserver(visible = true) {
  const observers = []
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      constructor(callback) {
        this.callback = callback
        observers.push(this)
      }
      observe(target) {
        this.target = target
        queueMicrotask(() => this.callback([{ target, isIntersecting: visible }]))
      }
      disconnect() {}
    },
  )
  /** Scrolls the chart `target` is in into view. */
  return (target) => observers.filter((o) => target.contains(o.target)).forEach((o) => o.callback([{ target: o.target, isIntersecting: true }]))
}

const answer = (body, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }))

async function mountPage(component, path, fetchMock) {
  vi.stubGlobal('fetch', fetchMock)
  const auth = useAuthStore()
  auth.user = { id: 3, display_name: '张副区长', org_id: 1, roles: ['leader'], must_change_password: false, password_expired: false, scope: { kind: 'all', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(component, { global: { plugins: [router, i18n] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const urls = (fetchMock) => fetchMock.mock.calls.map(([url]) => url)

describe('驾驶舱', { timeout: 60_000 }, () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    stubObserver()
  })
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it('asks every panel for the month in the URL and shows the figures and the sentence', async () => {
    const fetchMock = vi.fn((url) => answer(cockpitAnswer(url)))
    const { wrapper } = await mountPage(CockpitView, '/cockpit?year=2025&month=6', fetchMock)
    const asked = urls(fetchMock)
    for (const p of ['summary', 'lights', 'problems', 'approvals', 'trend', 'ranking', 'map']) expect(asked).toContain(`/api/cockpit/${p}?year=2025&month=6`)
    for (const d of ['stage', 'category', 'level', 'town', 'unit']) expect(asked).toContain(`/api/cockpit/breakdown?dimension=${d}&year=2025&month=6`)

    expect(wrapper.get('[data-testid="cockpit-sentence"]').text()).toBe(SUMMARY.sentence)
    const card = (key) => wrapper.get(`[data-testid="cockpit-figure-${key}"]`)
    expect(card('projects').text()).toContain('86')
    expect(card('completed_ytd').text()).toMatch(/52\.30\s*亿元/)
    expect(card('completed_ytd').attributes('data-value')).toBe(String(SUMMARY.completed_ytd))
    expect(card('annual_planned').text()).toMatch(/66\.60\s*亿元/)
    expect(card('completion_rate').text()).toContain('78.50%')
    expect(card('completion_rate').text()).toContain('序时进度 77.30%')
    expect(card('points_vs_schedule').text()).toMatch(/1\.2\s*个百分点\s*高于序时进度/)
    expect(card('points_vs_schedule').classes()).toContain('ahead')

    // Breakdown tables: 未指定 for the row without a town, the enum's label for stages.
    expect(wrapper.get('[data-testid="breakdown-table-town"]').text()).toContain('未指定')
    expect(wrapper.get('[data-testid="breakdown-table-stage"]').text()).toContain('在建')
    expect(wrapper.get('[data-testid="ranking-table"]').text()).toMatch(/区交通局[\s\S]*-27\.3/)
    expect(wrapper.get('[data-testid="cockpit-map"]').attributes('data-points')).toBe('2')
    expect(wrapper.get('[data-testid="cockpit-light-red"]').attributes('data-value')).toBe('3')
    // Every panel answered and every chart drew.
    expect(wrapper.get('[data-testid="cockpit"]').attributes('data-ready')).toBe('true')
    expect(wrapper.findAll('[data-testid="chart-stub"]').length).toBe(9)
  })

  it('drills a card down to its projects, whose sum is the figure', async () => {
    const fetchMock = vi.fn((url) => answer(cockpitAnswer(url)))
    const { wrapper } = await mountPage(CockpitView, '/cockpit?year=2025&month=6', fetchMock)
    await wrapper.get('[data-testid="cockpit-figure-completed_ytd"]').trigger('click')
    await flushPromises()
    expect(urls(fetchMock)).toContain('/api/cockpit/projects?year=2025&month=6&figure=completed_ytd&page=1&page_size=20')
    const dialog = document.querySelector('[data-testid="drill-dialog"]')
    expect(dialog.textContent).toContain('累计完成投资')
    const sum = document.querySelector('[data-testid="drill-sum"]')
    expect(sum.dataset.sum).toBe(String(SUMMARY.completed_ytd))
    expect(sum.textContent).toMatch(/52\.30 亿元（523,000\.00 万元）/)
    const rows = [...document.querySelectorAll('[data-testid="drill-row"]')]
    expect(rows.map((r) => Number(r.dataset.value)).reduce((a, b) => a + b, 0)).toBe(SUMMARY.completed_ytd)
    expect(rows[0].querySelector('a').getAttribute('href')).toBe('/projects/7')
  })

  it('drills a breakdown row and a ranking row down with their dimension and key', async () => {
    const fetchMock = vi.fn((url) => answer(cockpitAnswer(url)))
    const { wrapper } = await mountPage(CockpitView, '/cockpit?year=2025&month=6', fetchMock)
    const town = wrapper.get('[data-testid="breakdown-table-town"]')
    await town.findAll('[data-testid="breakdown-planned"]')[1].trigger('click')
    await flushPromises()
    expect(urls(fetchMock)).toContain('/api/cockpit/projects?year=2025&month=6&figure=annual_planned&dimension=town&key=null&page=1&page_size=20')
    expect(document.querySelector('[data-testid="drill-dialog"]').textContent).toContain('按镇街 · 未指定 · 年度计划投资')

    await wrapper.findAll('[data-testid="ranking-rate"]')[1].trigger('click')
    await flushPromises()
    expect(urls(fetchMock)).toContain('/api/cockpit/projects?year=2025&month=6&figure=completed_ytd&dimension=unit&key=12&page=1&page_size=20')
  })

  it('drills the total investment, a month of the trend, the problems closed and the approvals by department', async () => {
    const fetchMock = vi.fn((url) => answer(cockpitAnswer(url)))
    const { wrapper } = await mountPage(CockpitView, '/cockpit?year=2025&month=6', fetchMock)
    const drilled = async (el, url, title) => {
      await el.trigger('click')
      await flushPromises()
      expect(urls(fetchMock)).toContain(url)
      expect(document.querySelector('[data-testid="drill-dialog"]').textContent).toContain(title)
    }
    await drilled(wrapper.get('[data-testid="cockpit-figure-total_investment"]'), '/api/cockpit/projects?year=2025&month=6&figure=total_investment&page=1&page_size=20', '总投资')

    // A bar of the trend asks for its own month.
    const bars = wrapper.get('[data-testid="trend-chart"] [data-testid="chart-stub"]')
    bars.element.dataset.pick = JSON.stringify({ value: 5.23, month: 4, figure: 'completed_month' })
    await drilled(bars, '/api/cockpit/projects?year=2025&month=4&figure=completed_month&page=1&page_size=20', '4月当月完成投资')

    await drilled(wrapper.get('[data-testid="cockpit-problems-closed_this_month"]'), '/api/cockpit/projects?year=2025&month=6&figure=problems_closed&page=1&page_size=20', '本月销号问题')
    await drilled(wrapper.get('[data-testid="cockpit-problems-raised_this_month"]'), '/api/cockpit/projects?year=2025&month=6&figure=problems_raised&page=1&page_size=20', '本月新增问题')
    await drilled(wrapper.get('[data-testid="problems-unit-closed"]'), '/api/cockpit/projects?year=2025&month=6&figure=problems_closed&dimension=unit&key=11&page=1&page_size=20', '区住建局 · 本月销号问题')

    // The approvals' counts, and a department's, no longer leave the cockpit: they list the projects.
    await drilled(wrapper.get('[data-testid="cockpit-approvals-red"]'), '/api/cockpit/projects?year=2025&month=6&figure=approvals_red&page=1&page_size=20', '红码审批事项')
    const department = wrapper.get('[data-testid="approvals-department"]')
    expect(department.attributes('data-key')).toBe('21')
    await drilled(department.get('[data-testid="approvals-department-in_progress"]'), '/api/cockpit/projects?year=2025&month=6&figure=approvals_in_progress&dimension=department&key=21&page=1&page_size=20', '区自然资源和规划局 · 在办审批事项')
    expect(department.get('[data-testid="approvals-department-yellow"]').attributes('data-value')).toBe('3')
    expect(wrapper.get('[data-testid="cockpit-approvals-analysis"]').attributes('href')).toBe('/approvals')
  })

  it('shows a failed panel in its place and keeps the others', async () => {
    const fetchMock = vi.fn((url) =>
      url.startsWith('/api/cockpit/approvals') ? answer({ error: { code: 'internal', message: '服务器内部错误' } }, 500) : answer(cockpitAnswer(url)),
    )
    const { wrapper } = await mountPage(CockpitView, '/cockpit', fetchMock)
    expect(wrapper.get('[data-testid="cockpit-panel-approvals"] [data-testid="panel-error"]').text()).toBe('服务器内部错误')
    expect(wrapper.get('[data-testid="cockpit-figure-projects"]').text()).toContain('86')
  })

  it('takes the answers the prefetch started before the app loaded: one request per panel', async () => {
    const fetchMock = vi.fn((url) => answer(cockpitAnswer(url)))
    vi.stubGlobal('fetch', fetchMock)
    const keys = prefetchCockpit('/cockpit', '?year=2025&month=6')
    expect(keys).toHaveLength(13)
    expect(keys).toContain('/cockpit/breakdown?dimension=town&year=2025&month=6')
    expect(prefetchCockpit('/projects', '')).toBeUndefined()
    const { wrapper } = await mountPage(CockpitView, '/cockpit?year=2025&month=6', fetchMock)
    const asked = urls(fetchMock)
    expect(asked).toHaveLength(13)
    expect(new Set(asked).size).toBe(13)
    expect(wrapper.get('[data-testid="cockpit"]').attributes('data-ready')).toBe('true')
  })

  it('is ready without drawing the charts below the screen, and draws one when it comes into view', async () => {
    const scrollTo = stubObserver(false)
    // happy-dom lays nothing out (every box at 0): a screen of no height puts every chart below it.
    vi.stubGlobal('innerHeight', 0)
    const fetchMock = vi.fn((url) => answer(cockpitAnswer(url)))
    const { wrapper } = await mountPage(CockpitView, '/cockpit?year=2025&month=6', fetchMock)
    expect(wrapper.get('[data-testid="cockpit"]').attributes('data-ready')).toBe('true')
    // The trend and the lights are at the top and drawn at once; the other seven wait.
    expect(wrapper.findAll('[data-testid="chart-stub"]')).toHaveLength(2)
    expect(wrapper.findAll('[data-shown="false"]')).toHaveLength(7)
    scrollTo(wrapper.get('[data-testid="breakdown-chart-town"]').element)
    await flushPromises()
    expect(wrapper.findAll('[data-shown="false"]')).toHaveLength(6)
    expect(wrapper.get('[data-testid="breakdown-chart-town"] [data-testid="chart-stub"]').attributes('data-series')).toBe('年度计划投资|累计完成投资')
  })

  it('asks again when another month is chosen', async () => {
    const fetchMock = vi.fn((url) => answer(cockpitAnswer(url)))
    const { router, wrapper } = await mountPage(CockpitView, '/cockpit?year=2025&month=6', fetchMock)
    await router.replace('/cockpit?year=2025&month=3')
    await flushPromises()
    expect(urls(fetchMock)).toContain('/api/cockpit/summary?year=2025&month=3')
    expect(wrapper.get('[data-testid="cockpit"]').attributes('data-month')).toBe('3')
  })
})

describe('我的包联', { timeout: 60_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it("lists the leader's projects reddest first with why, their problems and a link to each", async () => {
    const fetchMock = vi.fn((url) => answer(cockpitAnswer(url)))
    const { wrapper } = await mountPage(MyProjectsView, '/mine', fetchMock)
    expect(urls(fetchMock)).toEqual(['/api/cockpit/mine'])
    const items = wrapper.findAll('[data-testid="mine-item"]')
    expect(items.map((i) => i.attributes('data-colour'))).toEqual(['red', 'green'])
    expect(items[0].get('[data-testid="mine-link"]').attributes('href')).toBe('/projects/7')
    expect(items[0].get('[data-testid="mine-reason"]').text()).toBe('完成投资落后序时进度25个百分点')
    expect(items[0].get('[data-testid="mine-problems"]').text()).toMatch(/未办结问题 3 个\s*逾期 1 个/)
    expect(items[0].get('[data-testid="mine-problems"]').attributes('href')).toBe('/projects/7?tab=problems')
    expect(items[1].get('[data-testid="mine-reason"]').text()).toBe('运行正常，无预警')
    expect(wrapper.get('[data-testid="mine-filter-red"]').attributes('data-count')).toBe('1')
    expect(wrapper.get('[data-testid="mine-total"]').text()).toBe('共 2 个')

    await wrapper.get('[data-testid="mine-filter-red"]').trigger('click')
    expect(wrapper.findAll('[data-testid="mine-item"]').map((i) => i.attributes('data-id'))).toEqual(['7'])
    // The chip again: every colour.
    await wrapper.get('[data-testid="mine-filter-red"]').trigger('click')
    expect(wrapper.findAll('[data-testid="mine-item"]')).toHaveLength(2)
  })

  it('says so when the user leads no project', async () => {
    const fetchMock = vi.fn(() => answer({ projects: [] }))
    const { wrapper } = await mountPage(MyProjectsView, '/mine', fetchMock)
    expect(wrapper.get('[data-testid="mine-empty"]').text()).toContain('您暂无包联项目')
  })
})

describe('驾驶舱大屏', { timeout: 60_000 }, () => {
  let state = 'visible'
  beforeEach(() => {
    setActivePinia(createPinia())
    state = 'visible'
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
    delete document.visibilityState
  })

  it('is dark, refreshes every 60 s while visible, and catches up when shown again', async () => {
    const { default: CockpitScreenView } = await import('./CockpitScreenView.vue')
    const fetchMock = vi.fn((url) => answer(cockpitAnswer(url)))
    const { wrapper } = await mountPage(CockpitScreenView, '/screen?year=2025&month=6', fetchMock)
    const summaries = () => urls(fetchMock).filter((u) => u.startsWith('/api/cockpit/summary')).length
    expect(document.documentElement.classList.contains('dark')).toBe(true)
    expect(wrapper.get('[data-testid="cockpit"]').classes()).toContain('is-screen')
    expect(summaries()).toBe(1)

    vi.advanceTimersByTime(60_000)
    await flushPromises()
    expect(summaries()).toBe(2)
    // The figures stay on the screen while it reloads, and the time of the refresh shows.
    expect(wrapper.get('[data-testid="cockpit-figure-projects"]').text()).toContain('86')
    expect(wrapper.get('[data-testid="cockpit-refreshed"]').text()).toContain('每60秒自动刷新')

    state = 'hidden'
    vi.advanceTimersByTime(120_000)
    await flushPromises()
    expect(summaries()).toBe(2)

    state = 'visible'
    document.dispatchEvent(new Event('visibilitychange'))
    await flushPromises()
    expect(summaries()).toBe(3)

    wrapper.unmount()
    expect(document.documentElement.classList.contains('dark')).toBe(false)
  })
})
