import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import DashboardView from './DashboardView.vue'
import { i18n } from '../i18n'
import { createAppRouter } from '../router'
import { useAuthStore } from '../stores/auth'

const json = (body) => Promise.resolve(new Response(JSON.stringify(body), { status: 200 }))

const OWNER_TODO = {
  today: '2026-11-29',
  groups: {
    reports_to_fill: {
      total: 3,
      items: [
        { project_id: 7, project_name: '智能制造产业园', round_id: 4, period: '2026-11', closes_on: '2026-12-01', days_left: 2, status: 'returned', report_id: 31, reminded_at: '2026-11-28T02:00:00.000Z' },
        { project_id: 8, project_name: '滨江大道改造', round_id: 4, period: '2026-11', closes_on: '2026-12-10', days_left: 11, status: null, report_id: null, reminded_at: null },
      ],
    },
    milestones_due: {
      total: 2,
      items: [
        { id: 5, project_id: 7, project_name: '智能制造产业园', name: '主体结构封顶', planned: '2026-11-25', days_left: -4, responsible_person: '张三' },
        { id: 6, project_id: 8, project_name: '滨江大道改造', name: '通车', planned: '2026-12-05', days_left: 6, responsible_person: '' },
      ],
    },
    warnings: { total: 1, items: [{ project_id: 7, project_name: '智能制造产业园', colour: 'red', reason: '年度计划完成率低于 60%' }] },
  },
  open_rounds: [{ id: 4, name: '2026年11月调度', period: '2026-11', closes_on: '2026-12-01', days_left: 2 }],
}

const OFFICE_TODO = {
  today: '2026-11-29',
  groups: {
    to_review: {
      total: 2,
      items: [
        { kind: 'report', id: 31, project_id: 7, project_name: '智能制造产业园', period: '2026-10', submitted_at: '2026-11-05T01:00:00Z' },
        { kind: 'plan', id: 3, project_id: 8, project_name: '滨江大道改造', period: '2027', submitted_at: '2026-11-20T01:00:00Z' },
      ],
    },
    milestones_due: { total: 0, items: [] },
    warnings: { total: 0, items: [] },
  },
  open_rounds: [],
}

function server(todo) {
  return vi.fn((url) => {
    if (url.startsWith('/api/todo')) return json(todo)
    if (url.startsWith('/api/health')) return json({ status: 'ok', version: '0.1.0', database: { engine: 'sqlite', status: 'ok' } })
    return Promise.resolve(new Response(null, { status: 404 }))
  })
}

async function mountDashboard(roles) {
  const auth = useAuthStore()
  auth.user = { id: 5, display_name: '孙业主', org_id: 1, roles, must_change_password: false, password_expired: false, scope: { kind: 'own', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push('/dashboard')
  await router.isReady()
  const wrapper = mount(DashboardView, { global: { plugins: [router, i18n] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const card = (wrapper, key) => wrapper.find(`[data-testid="todo-card-${key}"]`)
const hrefs = (wrapper, key) => card(wrapper, key).findAll(`[data-testid="todo-item-${key}"]`).map((a) => a.attributes('href'))

describe('DashboardView (工作台)', { timeout: 30_000 }, () => {
  let fetchMock

  beforeEach(() => {
    setActivePinia(createPinia())
  })
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it("shows the owner's groups, and no 待审核", async () => {
    fetchMock = server(OWNER_TODO)
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper } = await mountDashboard(['owner'])
    expect(fetchMock.mock.calls.map(([url]) => url)).toContain('/api/todo?limit=20')
    for (const key of ['open_rounds', 'reports_to_fill', 'milestones_due', 'warnings']) expect(card(wrapper, key).exists(), key).toBe(true)
    expect(card(wrapper, 'to_review').exists()).toBe(false)
    // An answer without the problem sections shows no problem cards.
    expect(card(wrapper, 'problems_to_handle').exists()).toBe(false)
    expect(card(wrapper, 'letters_to_reply').exists()).toBe(false)
    expect(wrapper.get('[data-testid="todo-total-reports_to_fill"]').text()).toBe('3')
    expect(wrapper.get('[data-testid="todo-rest-reports_to_fill"]').text()).toBe('另有 1 项未列出')
    expect(wrapper.get('[data-testid="todo-greeting"]').text()).toBe('孙业主，您好')
  })

  it('links each report to its month on the 月报 tab, with the reminder and 退回 in red', async () => {
    vi.stubGlobal('fetch', server(OWNER_TODO))
    const { wrapper } = await mountDashboard(['owner'])
    expect(hrefs(wrapper, 'reports_to_fill')).toEqual(['/projects/7?tab=reports&year=2026&period=2026-11', '/projects/8?tab=reports&year=2026&period=2026-11'])
    const rows = card(wrapper, 'reports_to_fill').findAll('[data-testid="todo-item-reports_to_fill"]')
    expect(rows[0].text()).toContain('2026年11月月报')
    expect(rows[0].get('[data-testid="todo-reminded"]').text()).toBe('项目办催报 11-28 10:00')
    const returned = rows[0].get('[data-testid="todo-fill-status"]')
    expect(returned.text()).toBe('已退回')
    expect(returned.classes()).toContain('el-tag--danger')
    expect(rows[1].find('[data-testid="todo-reminded"]').exists()).toBe(false)
    expect(rows[1].get('[data-testid="todo-fill-status"]').text()).toBe('未填报')
    // All items belong to one round: 查看全部 opens its board.
    expect(wrapper.get('[data-testid="todo-more-reports_to_fill"]').attributes('href')).toBe('/rounds?round=4')
  })

  it('tells overdue milestones from coming ones and links to the 关键节点 tab', async () => {
    vi.stubGlobal('fetch', server(OWNER_TODO))
    const { wrapper } = await mountDashboard(['owner'])
    const due = card(wrapper, 'milestones_due').findAll('[data-testid="todo-due"]')
    expect(due.map((d) => d.text())).toEqual(['逾期4天', '6天后到期'])
    expect(due[0].classes()).toContain('el-tag--danger')
    expect(hrefs(wrapper, 'milestones_due')).toEqual(['/projects/7?tab=milestones', '/projects/8?tab=milestones'])
    expect(card(wrapper, 'milestones_due').text()).toContain('责任人 张三')
  })

  it('highlights a round closing within 3 days and lists warned projects with their reason', async () => {
    vi.stubGlobal('fetch', server(OWNER_TODO))
    const { wrapper } = await mountDashboard(['owner'])
    const left = wrapper.get('[data-testid="todo-round-left"]')
    expect(left.text()).toBe('还剩2天')
    expect(left.attributes('data-urgent')).toBe('true')
    expect(hrefs(wrapper, 'open_rounds')).toEqual(['/rounds?round=4'])
    expect(card(wrapper, 'warnings').text()).toContain('年度计划完成率低于 60%')
    expect(card(wrapper, 'warnings').find('[data-colour="red"]').exists()).toBe(true)
    expect(hrefs(wrapper, 'warnings')).toEqual(['/projects/7'])
    expect(wrapper.get('[data-testid="todo-more-warnings"]').attributes('href')).toBe('/projects?warning=red,yellow')
  })

  it('asks nothing for a user without a role, and says why', async () => {
    fetchMock = server(OWNER_TODO)
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper } = await mountDashboard([])
    expect(fetchMock.mock.calls.map(([url]) => url).filter((url) => url.startsWith('/api/todo'))).toEqual([])
    expect(wrapper.find('[data-testid="no-roles"]').exists()).toBe(true)
    expect(card(wrapper, 'reports_to_fill').exists()).toBe(false)
  })

  it('shows the problems to handle and the letters to answer when the server sends them', async () => {
    const unitTodo = {
      today: '2026-11-29',
      groups: {
        problems_to_handle: {
          total: 2,
          items: [
            { id: 41, project_id: 7, project_name: '智能制造产业园', title: '施工用电未接入', state: 'in_progress', deadline: '2026-11-10', overdue: true, overdue_working_days: 13, responsible_org_name: '区供电公司' },
            { id: 44, project_id: 8, project_name: '滨江大道改造', title: '管线迁改', state: 'returned', deadline: '2026-12-20', overdue: false, overdue_working_days: 0 },
          ],
        },
        letters_to_reply: {
          total: 1,
          items: [{ id: 3, problem_id: 41, project_name: '智能制造产业园', kind: 'supervise', number: '区重大项目办督〔2026〕12号', title: '关于施工用电的督办函', reply_deadline: '2026-11-26', overdue: true }],
        },
      },
      open_rounds: [],
    }
    vi.stubGlobal('fetch', server(unitTodo))
    const { wrapper } = await mountDashboard(['unit'])
    expect(wrapper.get('[data-testid="todo-title-problems_to_handle"]').text()).toBe('待办问题')
    expect(hrefs(wrapper, 'problems_to_handle')).toEqual(['/problems/41', '/problems/44'])
    const problems = card(wrapper, 'problems_to_handle')
    expect(problems.findAll('[data-testid="problem-state"]').map((s) => s.text())).toEqual(['办理中', '已退回'])
    expect(problems.get('[data-testid="problem-overdue"]').text()).toBe('超期13个工作日')
    expect(wrapper.get('[data-testid="todo-more-problems_to_handle"]').attributes('href')).toBe('/problems')
    expect(hrefs(wrapper, 'letters_to_reply')).toEqual(['/problems/41'])
    const letter = card(wrapper, 'letters_to_reply').get('[data-testid="todo-letter-due"]')
    expect(letter.text()).toBe('2026-11-26 前回复')
    expect(letter.attributes('data-overdue')).toBe('true')
  })

  it("shows the office's reviews and plain empty states", async () => {
    vi.stubGlobal('fetch', server(OFFICE_TODO))
    const { wrapper } = await mountDashboard(['office'])
    expect(card(wrapper, 'reports_to_fill').exists()).toBe(false)
    expect(hrefs(wrapper, 'to_review')).toEqual(['/projects/7?tab=reports&year=2026&period=2026-10', '/projects/8?tab=reports&year=2027'])
    expect(card(wrapper, 'to_review').text()).toContain('2027年度投资计划')
    expect(wrapper.get('[data-testid="todo-empty-milestones_due"]').text()).toBe('暂无待办')
    expect(wrapper.get('[data-testid="todo-empty-open_rounds"]').text()).toBe('暂无进行中的调度任务')
    expect(wrapper.get('[data-testid="health-status"]').text()).toBe('正常')
  })
})
