import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ApprovalsTab from './ApprovalsTab.vue'
import { i18n } from '../../../i18n'

const answer = (body, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }))

const ITEM = {
  id: 11, project_id: 7, stage: 'project_land', position: 1, name: '用地预审与选址意见书', department_org_id: 3,
  department_name: '区自然资源和规划局', limit_days: 20, limit_kind: 'working', status: 'in_progress',
  applied_on: '2026-10-09', approved_on: null, doc_number: '', attachment_id: null, note: '', version: 2,
  elapsed_days: 36, due_on: '2026-11-06', code: 'red', duration_code: 'none', overdue: true,
}
const DONE = {
  ...ITEM, id: 12, position: 0, name: '项目建议书批复', department_name: '区发展和改革局', status: 'obtained', applied_on: '2026-03-02',
  approved_on: '2026-04-10', doc_number: '示发改〔2026〕3号', elapsed_days: 27, due_on: '2026-03-30', code: 'none', duration_code: 'yellow',
}
const PERMIT = { ...ITEM, id: 13, position: 11, stage: 'construction', name: '施工许可证', limit_days: 7, limit_kind: 'calendar', status: 'not_started', applied_on: null, elapsed_days: null, due_on: null, code: 'none' }

async function mountTab(fetchMock) {
  vi.stubGlobal('fetch', fetchMock)
  const wrapper = mount(ApprovalsTab, { props: { project: { id: 7, category: 'social' } }, global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('ApprovalsTab (前期手续)', { timeout: 60_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it('groups the items by stage with their codes, limits and elapsed days', async () => {
    const fetchMock = vi.fn(() => answer({ items: [PERMIT, ITEM, DONE], can_edit: true }))
    const wrapper = await mountTab(fetchMock)
    expect(fetchMock.mock.calls[0][0]).toBe('/api/projects/7/approvals')
    const land = wrapper.get('[data-testid="approvals-stage-project_land"]')
    expect(land.text()).toContain('立项用地规划许可')
    expect(land.text()).toContain('1/2 项已完成')
    const names = land.findAll('[data-testid^="approval-row-"]').map((n) => n.attributes('data-name'))
    expect(names).toEqual(['项目建议书批复', '用地预审与选址意见书'])
    expect(wrapper.get('[data-testid="approval-code-11"]').attributes('data-code')).toBe('red')
    expect(wrapper.get('[data-testid="approval-code-12"]').attributes('data-code')).toBe('yellow')
    expect(wrapper.get('[data-testid="approval-elapsed-11"]').text()).toBe('36天')
    expect(wrapper.get('[data-testid="approvals-stage-construction"]').text()).toContain('7日')
    expect(wrapper.get('[data-testid="approvals-count"]').text()).toBe('共 3 项，办理中 1 项，黄码 0 项，红码 1 项')
    expect(wrapper.find('[data-testid="approvals-from-template"]').exists()).toBe(false)
  })

  it('offers the template when empty and sends only the changed fields with If-Match', async () => {
    let items = []
    const calls = []
    const fetchMock = vi.fn((url, init) => {
      calls.push({ url, method: init?.method ?? 'GET', body: init?.body, headers: init?.headers })
      if (init?.method === 'PATCH') return answer({ ...ITEM, status: 'obtained', approved_on: '2026-11-27', version: 3 })
      if (url.startsWith('/api/orgs')) return answer({ items: [{ id: 3, name: '区自然资源和规划局', kind: 'department', parent_id: null }], total: 1 })
      return answer({ items, can_edit: true })
    })
    const wrapper = await mountTab(fetchMock)
    expect(wrapper.find('[data-testid="approvals-empty"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="approvals-from-template"]').exists()).toBe(true)

    items = [ITEM]
    await wrapper.get('[data-testid="approvals-reload"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="approval-row-11"]').trigger('click')
    await flushPromises()
    // The dialog is appended to the body.
    const field = document.querySelector('[data-testid="approval-doc-number"]')
    const input = field.tagName === 'INPUT' ? field : field.querySelector('input')
    input.value = '用字第31号'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    document.querySelector('[data-testid="approval-save"]').click()
    await flushPromises()
    const sent = calls.find((c) => c.method === 'PATCH')
    expect(sent.url).toBe('/api/approvals/11')
    expect(JSON.parse(sent.body)).toEqual({ doc_number: '用字第31号' })
    const headers = new Headers(sent.headers)
    expect(headers.get('If-Match')).toBe('"2"')
  })

  it('is read-only without can_edit', async () => {
    const wrapper = await mountTab(vi.fn(() => answer({ items: [ITEM], can_edit: false })))
    expect(wrapper.find('[data-testid="approvals-add"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="approval-delete-11"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="approval-row-11"]').element.tagName).toBe('SPAN')
  })
})
