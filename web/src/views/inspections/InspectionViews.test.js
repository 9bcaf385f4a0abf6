import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import InspectionListView from './InspectionListView.vue'
import InspectionView from './InspectionView.vue'
import { json } from '../problems/fixtures'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'

const INSPECTION = {
  id: 6, kind: 'visit', held_on: '2026-11-20', title: '区长走访重点项目', people: '王区长、项目办李主任',
  leader_user_id: 3, leader_name: '王区长', findings: '纬三路征迁滞后\n污水厂设备未到场', created_by_name: '李项目办',
  projects: [{ id: 11, name: '纬三路' }, { id: 12, name: '柳河污水处理厂' }], project_count: 3, version: 2, can_edit: true,
}
const DETAIL = {
  ...INSPECTION,
  photos: [{ id: 31, project_id: 12, filename: '现场.jpg', content_type: 'image/jpeg', url: '/api/inspections/6/photos/31', thumbnail_url: '/api/inspections/6/photos/31/thumbnail' }],
  problems: [{ id: 41, project_id: 11, project_name: '纬三路', type: 'demolition', title: '征迁滞后', state: 'pending', level: 'unit', raised_on: '2026-11-21', responsible_org_name: null, deadline: null }],
}

function server() {
  const calls = []
  const fetchMock = vi.fn((url, init = {}) => {
    const method = init.method ?? 'GET'
    calls.push({ url, method, body: init.body, headers: new Headers(init.headers) })
    if (method === 'GET' && url.startsWith('/api/inspections?')) return json({ items: [INSPECTION], total: 1, page: 1, page_size: 20, can_create: true })
    if (method === 'GET' && url === '/api/inspections/6') return json(DETAIL, 200, { ETag: '"2"' })
    if (method === 'GET' && url === '/api/inspections/7') return json({ ...DETAIL, id: 7, photos: [], problems: [] }, 200, { ETag: '"1"' })
    if (method === 'GET' && url.startsWith('/api/projects?')) return json({ items: [{ id: 11, name: '纬三路' }, { id: 13, name: '东环路' }], total: 2 })
    if (method === 'GET' && url === '/api/leaders') return json({ items: [{ id: 3, display_name: '王区长' }] })
    if (method === 'POST' && url === '/api/inspections') return json({ ...DETAIL, id: 7, version: 1 }, 201, { ETag: '"1"' })
    if (method === 'POST' && url.startsWith('/api/inspections/6/photos')) return json(DETAIL.photos[0], 201)
    if (method === 'POST' && url === '/api/projects/11/problems') return json({ id: 42, inspection_id: 6 }, 201)
    if (method === 'PATCH') return json({ ...DETAIL, version: 3 }, 200, { ETag: '"3"' })
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

describe('督查走访', { timeout: 60_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it('lists the inspections with the search kept in the URL', async () => {
    const { fetchMock, calls } = server()
    const { wrapper } = await mountAt(InspectionListView, '/inspections?kind=visit&from=2026-01-01&to=2026-11-29&q=%E5%BE%81%E8%BF%81', ['unit'], fetchMock)
    expect(Object.fromEntries(new URL(calls[0].url, 'http://x').searchParams)).toEqual({
      kind: 'visit', from: '2026-01-01', to: '2026-11-29', q: '征迁', page: '1', page_size: '20',
    })
    const table = wrapper.get('[data-testid="inspections-table"]')
    expect(table.text()).toContain('走访')
    expect(table.text()).toContain('区长走访重点项目')
    expect(wrapper.get('[data-testid="inspection-projects-6"]').text()).toBe('纬三路、柳河污水处理厂等，另有1个项目不在您的范围内')
    expect(wrapper.get('[data-testid="inspection-link-6"]').attributes('href')).toBe('/inspections/6')
    expect(wrapper.find('[data-testid="inspections-create"]').exists()).toBe(false)
  })

  it('lets the office record an inspection of projects found by search and opens it', async () => {
    const { fetchMock, calls } = server()
    const { wrapper, router } = await mountAt(InspectionListView, '/inspections', ['office'], fetchMock)
    await wrapper.get('[data-testid="inspections-create"]').trigger('click')
    await flushPromises()
    q('[data-testid="inspection-save"]').click()
    await flushPromises()
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    await vi.waitFor(() => expect(q('[data-testid="inspection-dialog"]').textContent).toContain('请填写主题'))
    await vi.waitFor(() => expect(q('[data-testid="inspection-dialog"]').textContent).toContain('请选择至少一个项目'))

    await type('[data-testid="inspection-title"]', '开工项目现场督查')
    await type('[data-testid="inspection-people"]', '项目办李主任')
    await type('[data-testid="inspection-findings"]', '进度滞后')
    const select = wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-testid') === 'inspection-projects')
    select.vm.$emit('update:modelValue', [11])
    await flushPromises()
    q('[data-testid="inspection-save"]').click()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/inspections/7'), { timeout: 10_000 })
    const sent = JSON.parse(calls.find((c) => c.method === 'POST').body)
    expect(sent).toMatchObject({ kind: 'supervision', title: '开工项目现场督查', people: '项目办李主任', project_ids: [11], findings: '进度滞后', leader_user_id: null })
    expect(sent.held_on).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('shows projects, photos and raised problems; raises a problem linked to the inspection', async () => {
    const { fetchMock, calls } = server()
    const { wrapper } = await mountAt(InspectionView, '/inspections/6', ['office'], fetchMock)
    expect(wrapper.get('[data-testid="inspection-title-text"]').text()).toBe('区长走访重点项目')
    expect(wrapper.get('[data-testid="inspection-facts"]').text()).toContain('王区长')
    expect(wrapper.get('[data-testid="inspection-findings-text"]').text()).toContain('污水厂设备未到场')
    expect(wrapper.get('[data-testid="inspection-project-link-11"]').attributes('href')).toBe('/projects/11')
    expect(wrapper.get('[data-testid="inspection-hidden-projects"]').text()).toContain('1')
    expect(wrapper.findAll('[data-testid="inspection-photo"]')).toHaveLength(1)
    expect(wrapper.get('[data-testid="inspection-problem-41"]').attributes('href')).toBe('/problems/41')

    await wrapper.get('[data-testid="inspection-raise-11"]').trigger('click')
    await flushPromises()
    expect(q('[data-testid="raise-dialog"]').textContent).toContain('纬三路')
    const typeSelect = wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-testid') === 'raise-type')
    typeSelect.vm.$emit('update:modelValue', 'demolition')
    await type('[data-testid="raise-title"]', '征迁滞后')
    await type('[data-testid="raise-description"]', 'K3段尚有3户未签约')
    q('[data-testid="raise-save"]').click()
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    const raised = calls.find((c) => c.method === 'POST')
    expect(raised.url).toBe('/api/projects/11/problems')
    expect(JSON.parse(raised.body)).toEqual({ type: 'demolition', title: '征迁滞后', description: 'K3段尚有3户未签约', inspection_id: 6 })
  })

  it('uploads a photo to the chosen project and edits with If-Match', async () => {
    const { fetchMock, calls } = server()
    const { wrapper } = await mountAt(InspectionView, '/inspections/6', ['leader'], fetchMock)
    const upload = wrapper.findComponent({ name: 'ElUpload' })
    upload.vm.handleStart(new File(['jpeg'], '现场 1.jpg', { type: 'image/jpeg' }))
    upload.vm.submit()
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    expect(calls.find((c) => c.method === 'POST').url).toBe(`/api/inspections/6/photos?filename=${encodeURIComponent('现场 1.jpg')}&project_id=11`)

    await wrapper.get('[data-testid="inspection-edit"]').trigger('click')
    await flushPromises()
    await type('[data-testid="inspection-findings"]', '已现场协调')
    q('[data-testid="inspection-save"]').click()
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true))
    const patch = calls.find((c) => c.method === 'PATCH')
    expect(patch.url).toBe('/api/inspections/6')
    expect(JSON.parse(patch.body)).toEqual({ findings: '已现场协调' })
    expect(patch.headers.get('If-Match')).toBe('"2"')
  })

  it('hides the recording tools from those who may not use them', async () => {
    const { fetchMock } = server()
    fetchMock.mockImplementation((url) =>
      url === '/api/inspections/6' ? json({ ...DETAIL, can_edit: false }, 200, { ETag: '"2"' }) : Promise.resolve(new Response(null, { status: 404 })),
    )
    const { wrapper } = await mountAt(InspectionView, '/inspections/6', ['viewer'], fetchMock)
    expect(wrapper.find('[data-testid="inspection-edit"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="inspection-photo-upload"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="inspection-raise-11"]').exists()).toBe(false)
  })
})
