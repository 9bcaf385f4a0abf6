import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import MeetingListView from './MeetingListView.vue'
import MeetingView from './MeetingView.vue'
import { json } from '../problems/fixtures'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'

const MEETING = {
  id: 8, kind: 'weekly', title: '第47周调度会', held_on: '2026-11-20', chair: '王区长', location: '区政府三楼会议室',
  minutes: { id: 21, filename: '第47周纪要.pdf', url: '/api/attachments/21' }, problem_count: 2, version: 3,
}
const AGENDA = [{ problem_id: 41, problem_title: '施工用电未接入', project_name: '智能制造产业园一期', state: 'in_progress', decision: '限12月5日前接电' }]

function server() {
  const calls = []
  const fetchMock = vi.fn((url, init = {}) => {
    const method = init.method ?? 'GET'
    calls.push({ url, method, body: init.body, headers: new Headers(init.headers) })
    if (method === 'GET' && url.startsWith('/api/meetings?')) return json({ items: [MEETING], total: 1 })
    if (method === 'GET' && url === '/api/meetings/8') return json({ ...MEETING, agenda: AGENDA }, 200, { ETag: '"3"' })
    if (method === 'POST' && url === '/api/meetings') return json({ ...MEETING, id: 9 }, 201)
    if (method === 'POST' && url.startsWith('/api/meetings/8/minutes')) return json({ id: 22, filename: '纪要.pdf', url: '/api/attachments/22' }, 201)
    if (method === 'PATCH') return json({ ...MEETING, version: 4 })
    if (method === 'GET' && url === '/api/meetings/9') return json({ ...MEETING, id: 9, agenda: [] })
    return Promise.resolve(new Response(null, { status: 404 }))
  })
  return { fetchMock, calls }
}

async function mountAt(component, path, roles, fetchMock) {
  vi.stubGlobal('fetch', fetchMock)
  const auth = useAuthStore()
  auth.user = { id: 5, org_id: 1, roles, must_change_password: false, password_expired: false, scope: { kind: 'all', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(component, { global: { plugins: [router, i18n], stubs: { transition: false, 'transition-group': false } }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const q = (selector) => document.querySelector(selector)
async function type(selector, text) {
  const el = q(selector)
  const input = el.matches('input, textarea') ? el : el.querySelector('input, textarea')
  input.value = text
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

describe('会议纪要', { timeout: 60_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it('lists the meetings of a kind kept in the URL', async () => {
    const { fetchMock, calls } = server()
    const { wrapper } = await mountAt(MeetingListView, '/meetings?kind=weekly', ['unit'], fetchMock)
    expect(Object.fromEntries(new URL(calls[0].url, 'http://x').searchParams)).toEqual({ kind: 'weekly', page: '1', page_size: '20' })
    const table = wrapper.get('[data-testid="meetings-table"]')
    expect(table.text()).toContain('周调度会')
    expect(table.text()).toContain('第47周调度会')
    expect(table.text()).toContain('王区长')
    expect(wrapper.get('[data-testid="meeting-count-8"]').text()).toBe('2')
    expect(wrapper.get('[data-testid="meeting-link-8"]').attributes('href')).toBe('/meetings/8')
    expect(wrapper.find('[data-testid="meetings-create"]').exists()).toBe(false)
  })

  it('lets the office create a meeting and opens it', async () => {
    const { fetchMock, calls } = server()
    const { wrapper, router } = await mountAt(MeetingListView, '/meetings', ['office'], fetchMock)
    await wrapper.get('[data-testid="meetings-create"]').trigger('click')
    await flushPromises()
    q('[data-testid="meeting-save"]').click()
    await flushPromises()
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    await vi.waitFor(() => expect(q('[data-testid="meeting-dialog"]').textContent).toContain('请填写会议名称'))

    await type('[data-testid="meeting-title"]', '第48周调度会')
    await type('[data-testid="meeting-chair"]', '王区长')
    await type('[data-testid="meeting-held-on-item"]', '2026-11-27')
    q('[data-testid="meeting-held-on-item"] input').dispatchEvent(new Event('change'))
    await flushPromises()
    q('[data-testid="meeting-save"]').click()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/meetings/9'), { timeout: 10_000 })
    const sent = calls.find((c) => c.method === 'POST')
    expect(JSON.parse(sent.body)).toEqual({ kind: 'weekly', title: '第48周调度会', held_on: '2026-11-27', chair: '王区长', location: '' })
  })

  it('shows the agenda and the minutes, and the office uploads and edits with If-Match', async () => {
    const { fetchMock, calls } = server()
    const { wrapper } = await mountAt(MeetingView, '/meetings/8', ['office'], fetchMock)
    expect(wrapper.get('[data-testid="meeting-title-text"]').text()).toBe('第47周调度会')
    expect(wrapper.get('[data-testid="meeting-minutes-link"]').attributes('href')).toBe('/api/attachments/21')
    expect(wrapper.get('[data-testid="meeting-problem-41"]').attributes('href')).toBe('/problems/41')
    expect(wrapper.get('[data-testid="meeting-agenda"]').text()).toContain('限12月5日前接电')

    const upload = wrapper.findComponent({ name: 'ElUpload' })
    upload.vm.handleStart(new File(['%PDF-1.4'], '纪要.pdf', { type: 'application/pdf' }))
    upload.vm.submit()
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    const sent = calls.find((c) => c.method === 'POST')
    expect(sent.url).toBe(`/api/meetings/8/minutes?filename=${encodeURIComponent('纪要.pdf')}`)

    await wrapper.get('[data-testid="meeting-edit"]').trigger('click')
    await flushPromises()
    await type('[data-testid="meeting-chair"]', '李书记')
    q('[data-testid="meeting-save"]').click()
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true))
    const patch = calls.find((c) => c.method === 'PATCH')
    expect(patch.url).toBe('/api/meetings/8')
    expect(JSON.parse(patch.body)).toEqual({ chair: '李书记' })
    expect(patch.headers.get('If-Match')).toBe('"3"')
  })

  it('hides the office’s tools from the others', async () => {
    const { fetchMock } = server()
    const { wrapper } = await mountAt(MeetingView, '/meetings/8', ['unit'], fetchMock)
    expect(wrapper.find('[data-testid="meeting-edit"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="meeting-minutes-upload"]').exists()).toBe(false)
  })
})
