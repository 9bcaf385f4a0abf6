import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import ProblemsTab from './ProblemsTab.vue'
import { COUNTS, OVERDUE, PENDING, json } from '../../problems/fixtures'
import { i18n } from '../../../i18n'
import { createAppRouter } from '../../../router'
import { useAuthStore } from '../../../stores/auth'

const PROJECT = { id: 7, name: '智能制造产业园一期', stage: 'construction' }

function server() {
  const calls = []
  const fetchMock = vi.fn((url, init = {}) => {
    const method = init.method ?? 'GET'
    calls.push({ url, method, body: init.body, headers: new Headers(init.headers) })
    if (method === 'GET' && url.startsWith('/api/problems?')) return json({ items: [OVERDUE, PENDING], total: 2, page: 1, page_size: 20, counts: COUNTS })
    if (method === 'POST' && url === '/api/projects/7/problems') return json({ ...PENDING, id: 43, title: '临时用地未批' }, 201)
    if (method === 'POST' && url.startsWith('/api/problems/43/photos')) return json({ id: 9, filename: 'a.jpg', url: '/api/attachments/9', thumbnail_url: '/api/attachments/9/thumbnail' }, 201)
    if (method === 'GET' && url.startsWith('/api/problems/43')) return json({ ...PENDING, id: 43, events: [], letters: [] })
    return Promise.resolve(new Response(null, { status: 404 }))
  })
  return { fetchMock, calls }
}

async function mountTab(fetchMock, roles) {
  vi.stubGlobal('fetch', fetchMock)
  const auth = useAuthStore()
  auth.user = { id: 12, org_id: 20, roles, must_change_password: false, password_expired: false, scope: { kind: 'own', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push('/projects/7?tab=problems')
  await router.isReady()
  const wrapper = mount(ProblemsTab, {
    props: { project: PROJECT },
    global: { plugins: [router, i18n], stubs: { transition: false, 'transition-group': false } },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, router }
}

const q = (selector) => document.querySelector(selector)

describe('ProblemsTab (项目的问题)', { timeout: 60_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it('lists the project’s problems with the overdue one in red and the counts', async () => {
    const { fetchMock, calls } = server()
    const { wrapper } = await mountTab(fetchMock, ['viewer'])
    const query = Object.fromEntries(new URL(calls[0].url, 'http://x').searchParams)
    expect(query).toEqual({ project_id: '7', page: '1', page_size: '20' })
    const table = wrapper.get('[data-testid="project-problems-table"]')
    expect(table.text()).toContain('施工用电未接入')
    expect(table.get('[data-testid="problem-overdue"]').text()).toBe('超期13个工作日')
    expect(table.findAll('[data-testid="problem-deadline"]').map((d) => d.attributes('data-overdue'))).toEqual(['true', 'false'])
    expect(wrapper.get('[data-testid="problem-link-41"]').attributes('href')).toBe('/problems/41')
    expect(wrapper.get('[data-testid="problems-tab-count"]').text()).toBe('共 20 个问题，未销号 10 个，超期 2 个')
    expect(wrapper.find('[data-testid="problems-raise"]').exists()).toBe(false)
  })

  it('raises a problem, uploads its photo after it exists, and opens it', async () => {
    const { fetchMock, calls } = server()
    const { wrapper, router } = await mountTab(fetchMock, ['owner'])
    await wrapper.get('[data-testid="problems-raise"]').trigger('click')
    await flushPromises()

    // Nothing is sent without a type and a title.
    q('[data-testid="raise-save"]').click()
    await flushPromises()
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    const shownErrors = () => [...document.querySelectorAll('[data-testid="raise-dialog"] .el-form-item__error')].map((e) => e.textContent.trim())
    await vi.waitFor(() => expect(shownErrors()).toEqual(['请选择问题类型', '请填写问题标题', '请填写问题描述']))

    const dialog = wrapper.findComponent({ name: 'ElDialog' })
    const select = dialog.findComponent({ name: 'ElSelect' })
    select.vm.$emit('update:modelValue', 'land')
    const title = q('[data-testid="raise-title"]')
    title.value = '  临时用地未批 '
    title.dispatchEvent(new Event('input'))
    const description = q('[data-testid="raise-description"]')
    description.value = '临时用地手续未批，无法进场'
    description.dispatchEvent(new Event('input'))
    const upload = dialog.findComponent({ name: 'ElUpload' })
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], '现场.jpg', { type: 'image/jpeg' })
    upload.vm.handleStart(photo)
    await flushPromises()
    q('[data-testid="raise-save"]').click()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/problems/43'), { timeout: 10_000 })

    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts.map((c) => c.url)).toEqual(['/api/projects/7/problems', `/api/problems/43/photos?filename=${encodeURIComponent('现场.jpg')}`])
    expect(JSON.parse(posts[0].body)).toEqual({ type: 'land', title: '临时用地未批', description: '临时用地手续未批，无法进场' })
    expect(posts[1].headers.get('Content-Type')).toBe('application/octet-stream')
  })
})
