import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import ProjectListView from './ProjectListView.vue'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'

const json = (body) => Promise.resolve(new Response(JSON.stringify(body), { status: 200 }))

const PROJECT = {
  id: 7,
  national_code: '2025-330102-04-01-123456',
  name: '智能制造产业园一期',
  short_name: '',
  level: 'municipal',
  category: 'industry',
  stage: 'construction',
  review: 'none',
  construction_kind: 'new_start',
  town_name: '城关街道',
  owner_name: '示范区产业投资集团',
  leader_name: '王区长',
  total_investment: 123_456_789_012,
  planned_start: '2025-03-01',
  planned_completion: '2027-12-31',
  tags: ['攻坚'],
  updated_at: '2026-11-29T03:04:51Z',
  warning_colour: 'red',
  version: 3,
}

/** The server: the project list answers with PROJECT; every call is recorded. */
function server() {
  return vi.fn((url) => {
    if (url.startsWith('/api/orgs')) return json({ items: [], total: 0, page: 1, page_size: 200 })
    if (url.startsWith('/api/leaders')) return json({ items: [{ id: 2, display_name: '王区长' }] })
    if (url.startsWith('/api/projects')) return json({ items: [PROJECT], total: 41, page: 1, page_size: 20 })
    return Promise.resolve(new Response(null, { status: 404 }))
  })
}

/** The query strings of the project list requests sent so far. */
const listCalls = (fetchMock) =>
  fetchMock.mock.calls.map(([url]) => url).filter((url) => url.startsWith('/api/projects')).map((url) => Object.fromEntries(new URL(url, 'http://x').searchParams))

async function mountList(path, roles = ['office']) {
  const auth = useAuthStore()
  auth.user = { id: 5, org_id: 1, roles, must_change_password: false, password_expired: false, scope: { kind: 'all', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(ProjectListView, { global: { plugins: [router, i18n] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

// Element Plus's table is slow to mount in happy-dom.
describe('ProjectListView', { timeout: 30_000 }, () => {
  let fetchMock

  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    fetchMock = server()
    vi.stubGlobal('fetch', fetchMock)
  })

  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('loads the list the URL describes and fills the search form from it', async () => {
    const { wrapper } = await mountList('/projects?q=产业园&stage=construction,preparation&year=2026&sort=-total_investment&page=2')
    expect(listCalls(fetchMock)).toEqual([
      { q: '产业园', stage: 'construction,preparation', year: '2026', sort: '-total_investment', page: '2', page_size: '20' },
    ])
    expect(wrapper.get('[data-testid="projects-q"]').element.value).toBe('产业园')
    expect(wrapper.get('[data-testid="projects-table"]').text()).toContain('智能制造产业园一期')
    expect(wrapper.get('[data-testid="stage-tag"]').text()).toBe('在建')
    expect(wrapper.get('[data-testid="construction-kind"]').text()).toBe('新开工')
    expect(wrapper.get('[data-testid="project-investment"]').text()).toBe('123,456.79')
    expect(wrapper.get('[data-testid="project-link-7"]').attributes('href')).toBe('/projects/7')
    expect(wrapper.get('[data-testid="projects-total"]').text()).toBe('共 41 个项目')
  })

  it('puts a search in the URL, on the first page, and goes back to the previous one', async () => {
    const { wrapper, router } = await mountList('/projects?page=3')
    await wrapper.get('[data-testid="projects-q"]').setValue('污水')
    await wrapper.get('[data-testid="projects-search"]').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe(`/projects?q=${encodeURIComponent('污水')}`)
    expect(listCalls(fetchMock).at(-1)).toEqual({ q: '污水', sort: '-id', page: '1', page_size: '20' })

    router.back()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/projects?page=3'))
    await flushPromises()
    expect(listCalls(fetchMock).at(-1)).toEqual({ sort: '-id', page: '3', page_size: '20' })
    expect(wrapper.get('[data-testid="projects-q"]').element.value).toBe('')
  })

  it('searching again without a change loads again', async () => {
    const { wrapper } = await mountList('/projects?q=a')
    await wrapper.get('[data-testid="projects-search"]').trigger('submit')
    await flushPromises()
    expect(listCalls(fetchMock)).toHaveLength(2)
  })

  it('offers 新建项目 only to the roles that enter projects', async () => {
    const office = await mountList('/projects')
    expect(office.wrapper.find('[data-testid="projects-create"]').exists()).toBe(true)
    office.wrapper.unmount()
    const leader = await mountList('/projects', ['leader'])
    expect(leader.wrapper.find('[data-testid="projects-create"]').exists()).toBe(false)
  })

  it('offers 导入 to the roles that enter projects, leading to the import wizard', async () => {
    const { wrapper, router } = await mountList('/projects', ['unit'])
    await wrapper.get('[data-testid="projects-import"]').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/imports/projects'))
    expect(router.currentRoute.value.name).toBe('import-projects')
    wrapper.unmount()
    const viewer = await mountList('/projects', ['viewer'])
    expect(viewer.wrapper.find('[data-testid="projects-import"]').exists()).toBe(false)
  })

  it('filters by warning light and shows the light of each project', async () => {
    const { wrapper } = await mountList('/projects?warning=red,yellow')
    expect(listCalls(fetchMock)).toEqual([{ warning: 'red,yellow', sort: '-id', page: '1', page_size: '20' }])
    const light = wrapper.get('[data-testid="project-warning-7"]')
    expect(light.attributes('data-colour')).toBe('red')
    expect(light.text()).toBe('红灯')
  })

  it('remembers the columns chosen', async () => {
    localStorage.setItem('gongjian.projects.columns', JSON.stringify(['national_code', 'leader']))
    const { wrapper } = await mountList('/projects')
    const headers = wrapper.findAll('[data-testid="projects-table"] th').map((th) => th.text())
    expect(headers).not.toContain('项目代码')
    expect(headers).not.toContain('包联领导')
    expect(headers).toContain('总投资（万元）')
    expect(headers).toContain('标签')
  })
})
