import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import BriefingListView from './BriefingListView.vue'
import { json } from '../problems/fixtures'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'

const SM3 = 'a'.repeat(64)
const briefing = (id, year, month, issue) => ({
  id,
  year,
  month,
  issue_number: issue,
  title: `${year}年${month}月全区重大项目推进情况通报`,
  summary: `截至${month}月底，全区重大项目完成投资进度良好。`,
  pdf: { size: 183_422, sm3: SM3 },
  xlsx: { size: 20_480, sm3: 'b'.repeat(64) },
  created_by_name: '李项目办',
  created_at: '2026-11-03T02:00:00Z',
})
const SEPTEMBER = briefing(2, 2026, 9, 2)
const AUGUST = briefing(1, 2026, 8, 1)
const OCTOBER = briefing(3, 2026, 10, 3)

/**
 * The server: GET /briefings lists `items` (newest first); POST /briefings answers `postAnswer`
 * and, when it is 201, the item is listed from then on.
 */
function server({ items = [SEPTEMBER, AUGUST], postAnswer = () => json(OCTOBER, 201) } = {}) {
  const calls = []
  let listed = [...items]
  const fetchMock = vi.fn(async (url, init = {}) => {
    const method = init.method ?? 'GET'
    calls.push({ url, method, body: init.body })
    if (method === 'GET' && url.startsWith('/api/briefings')) return json({ items: listed })
    if (method === 'POST' && url === '/api/briefings') {
      const answer = await postAnswer(JSON.parse(init.body))
      if (answer.status === 201) listed = [OCTOBER, ...listed]
      return answer
    }
    return new Response(null, { status: 404 })
  })
  return { fetchMock, calls }
}

async function mountAt(path, roles, fetchMock) {
  vi.stubGlobal('fetch', fetchMock)
  const auth = useAuthStore()
  auth.user = { id: 5, org_id: 1, roles, must_change_password: false, password_expired: false, scope: { kind: 'all', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(BriefingListView, { global: { plugins: [router, i18n], stubs: { transition: false, 'transition-group': false } }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const q = (selector) => document.querySelector(selector)
const select = (wrapper, testId) => wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-testid') === testId)
const gets = (calls) => calls.filter((c) => c.method === 'GET').map((c) => c.url)

describe('月度通报', { timeout: 60_000 }, () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    // 2026-11-15 in Beijing: the last complete month is October.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-15T04:00:00Z'))
  })
  afterEach(() => {
    document.body.innerHTML = ''
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('lists the briefings with their issue, month and archived files', async () => {
    const { fetchMock, calls } = server()
    const { wrapper } = await mountAt('/briefings', ['unit'], fetchMock)
    expect(gets(calls)).toEqual(['/api/briefings'])
    expect(wrapper.get('[data-testid="briefing-issue-2"]').text()).toBe('第2期')
    expect(wrapper.get('[data-testid="briefing-month-2"]').text()).toBe('2026年9月')
    expect(wrapper.get('[data-testid="briefing-issue-1"]').text()).toBe('第1期')
    expect(wrapper.get('[data-testid="briefings-table"]').text()).toContain('2026年9月全区重大项目推进情况通报')
    expect(wrapper.get('[data-testid="briefings-table"]').text()).toContain('李项目办')
    expect(wrapper.get('[data-testid="briefings-total"]').text()).toBe('共 2 期')
    const pdf = wrapper.get('[data-testid="briefing-pdf-2"]')
    expect(pdf.attributes('href')).toBe('/api/briefings/2/pdf')
    expect(pdf.attributes('target')).toBe('_blank')
    expect(pdf.attributes('data-sm3')).toBe(SM3)
    expect(wrapper.get('[data-testid="briefing-xlsx-2"]').attributes('href')).toBe('/api/briefings/2/xlsx')
    // Only the office generates briefings.
    expect(wrapper.find('[data-testid="briefings-generate"]').exists()).toBe(false)
  })

  it('filters by the year in the URL', async () => {
    const { fetchMock, calls } = server()
    const { wrapper, router } = await mountAt('/briefings?year=2025', ['leader'], fetchMock)
    expect(gets(calls)).toEqual(['/api/briefings?year=2025'])
    select(wrapper, 'briefings-year').vm.$emit('update:modelValue', 2026)
    await flushPromises()
    await wrapper.get('[data-testid="briefings-search"]').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ year: '2026' })
    expect(gets(calls).at(-1)).toBe('/api/briefings?year=2026')
  })

  it('lets the office preview and publish the last complete month, then lists it', async () => {
    const { fetchMock, calls } = server()
    const { wrapper } = await mountAt('/briefings', ['office'], fetchMock)
    await wrapper.get('[data-testid="briefings-generate"]').trigger('click')
    await flushPromises()
    expect(q('[data-testid="briefings-dialog"]').textContent).toContain('不能修改或删除')
    expect(select(wrapper, 'briefings-dialog-year').props('modelValue')).toBe(2026)
    expect(select(wrapper, 'briefings-dialog-month').props('modelValue')).toBe(10)
    expect(q('[data-testid="briefings-preview"]').getAttribute('href')).toBe('/api/briefings/preview?year=2026&month=10')
    expect(q('[data-testid="briefings-preview"]').getAttribute('target')).toBe('_blank')

    q('[data-testid="briefings-publish"]').click()
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    await flushPromises()
    expect(JSON.parse(calls.find((c) => c.method === 'POST').body)).toEqual({ year: 2026, month: 10 })
    // The list is asked again and shows the new issue.
    expect(gets(calls)).toEqual(['/api/briefings', '/api/briefings'])
    await vi.waitFor(() => expect(wrapper.find('[data-testid="briefing-issue-3"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="briefing-issue-3"]').text()).toBe('第3期')
    expect(wrapper.get('[data-testid="briefing-month-3"]').text()).toBe('2026年10月')
  })

  it('offers the months up to this one and publishes the one chosen', async () => {
    const { fetchMock, calls } = server()
    const { wrapper } = await mountAt('/briefings', ['office'], fetchMock)
    await wrapper.get('[data-testid="briefings-generate"]').trigger('click')
    await flushPromises()
    const months = select(wrapper, 'briefings-dialog-month')
    expect(months.findAllComponents({ name: 'ElOption' }).map((o) => o.props('value'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    select(wrapper, 'briefings-dialog-year').vm.$emit('update:modelValue', 2025)
    select(wrapper, 'briefings-dialog-year').vm.$emit('change', 2025)
    months.vm.$emit('update:modelValue', 12)
    await flushPromises()
    expect(q('[data-testid="briefings-preview"]').getAttribute('href')).toBe('/api/briefings/preview?year=2025&month=12')
    q('[data-testid="briefings-publish"]').click()
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    expect(JSON.parse(calls.find((c) => c.method === 'POST').body)).toEqual({ year: 2025, month: 12 })
  })

  it('shows a month already published under the month field and keeps the dialog open', async () => {
    const { fetchMock, calls } = server({
      postAnswer: () => json({ error: { code: 'conflict', message: '2026年10月的通报已发布（第3期）', field: 'month' } }, 409),
    })
    const { wrapper } = await mountAt('/briefings', ['office'], fetchMock)
    await wrapper.get('[data-testid="briefings-generate"]').trigger('click')
    await flushPromises()
    q('[data-testid="briefings-publish"]').click()
    await vi.waitFor(() => expect(q('[data-testid="briefings-item-month"]').textContent).toContain('2026年10月的通报已发布'))
    expect(q('[data-testid="briefings-item-month"]').classList.contains('is-error')).toBe(true)
    expect(q('[data-testid="briefings-item-year"]').classList.contains('is-error')).toBe(false)
    // No message box: the error is on the field; the list was not reloaded.
    expect(q('.el-message-box')).toBeNull()
    expect(gets(calls)).toEqual(['/api/briefings'])
    expect(wrapper.findComponent({ name: 'ElDialog' }).props('modelValue')).toBe(true)
  })
})
