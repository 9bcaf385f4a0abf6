import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import ProblemView from './ProblemView.vue'
import { OVERDUE, PENDING, json } from './fixtures'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'

const EVENTS = [
  { id: 1, kind: 'raised', at: '2026-10-08T01:00:00Z', on: '2026-10-08', user_name: '孙业主', org_name: '示范区产业投资集团', text: '' },
  { id: 2, kind: 'assigned', at: '2026-10-09T02:00:00Z', on: '2026-10-09', user_name: '李项目办', org_name: '区重大项目办', text: '交办区供电公司' },
  { id: 3, kind: 'escalated', at: '2026-11-20T02:00:00Z', on: '2026-11-20', user_name: '李项目办', org_name: '区重大项目办', text: '限12月5日前接电', level: 'weekly', meeting_id: 8, meeting_title: '第47周调度会' },
  { id: 4, kind: 'letter', at: '2026-11-21T02:00:00Z', on: '2026-11-21', user_name: '李项目办', org_name: '区重大项目办', text: '督办函', letter_id: 3 },
]
const LETTER = {
  id: 3, problem_id: 41, project_name: '智能制造产业园一期', kind: 'supervise', number: '区重大项目办督〔2026〕12号', title: '关于施工用电未接入的督办函',
  addressee_org_id: 30, addressee_name: '区供电公司', issued_on: '2026-11-21', reply_deadline: '2026-11-26', replied_on: null, reply_text: '', overdue: true,
}
const detail = (problem, extra = {}) => ({ ...problem, events: EVENTS, letters: [LETTER], ...extra })

/**
 * The server: GET /problems/{id} answers `current()` with its version as ETag; writes answer what
 * `write` says (default: the problem, 200). Every request is recorded.
 */
function server(current, write = () => json(current())) {
  const calls = []
  const fetchMock = vi.fn((url, init = {}) => {
    const method = init.method ?? 'GET'
    calls.push({ url, method, body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body, headers: new Headers(init.headers) })
    if (url.startsWith('/api/orgs')) return json({ items: [{ id: 30, name: '区供电公司', parent_id: null }, { id: 31, name: '区发展和改革局', parent_id: null }], total: 2 })
    if (url.startsWith('/api/meetings')) return json({ items: [{ id: 8, kind: 'weekly', title: '第48周调度会', held_on: '2026-11-27' }], total: 1 })
    if (method === 'GET' && /^\/api\/problems\/\d+$/.test(url)) return json(current(), 200, { ETag: `"${current().version}"` })
    if (method === 'POST') return write(url, init)
    return Promise.resolve(new Response(null, { status: 404 }))
  })
  return { fetchMock, calls }
}

async function mountPage(fetchMock, id, { roles = ['office'], orgId = 1 } = {}) {
  vi.stubGlobal('fetch', fetchMock)
  const auth = useAuthStore()
  auth.user = { id: 5, org_id: orgId, roles, must_change_password: false, password_expired: false, scope: { kind: 'all', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push(`/problems/${id}`)
  await router.isReady()
  // Real transitions, so that a form item's error message renders.
  const wrapper = mount(ProblemView, { global: { plugins: [router, i18n], stubs: { transition: false, 'transition-group': false } }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** The dialog (teleported to the body) and its save button. */
const dialog = () => document.querySelector('[data-testid="problem-dialog"]')
const q = (selector) => document.querySelector(selector)
async function typeInto(selector, text) {
  const found = q(selector)
  const el = found.matches('input, textarea') ? found : found.querySelector('textarea, input')
  el.value = text
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}
async function click(selector) {
  q(selector).click()
  await flushPromises()
}
const posts = (calls) => calls.filter((c) => c.method === 'POST')
const gets = (calls, id) => calls.filter((c) => c.method === 'GET' && c.url === `/api/problems/${id}`)

describe('ProblemView (问题详情)', { timeout: 60_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('shows the facts, photos, overdue deadline, timeline with the meeting and decision, and the letters', async () => {
    const { fetchMock } = server(() => detail(OVERDUE))
    const { wrapper } = await mountPage(fetchMock, 41, { roles: ['viewer'] })
    expect(wrapper.get('[data-testid="problem-title"]').text()).toBe('施工用电未接入')
    expect(wrapper.get('[data-testid="problem-state"]').text()).toBe('办理中')
    expect(wrapper.get('[data-testid="problem-level"]').text()).toBe('周调度会')
    expect(wrapper.get('[data-testid="problem-header"] [data-testid="problem-overdue"]').text()).toBe('超期13个工作日')
    expect(wrapper.get('[data-testid="problem-deadline"]').classes()).toContain('late')
    expect(wrapper.get('[data-testid="problem-responsible-name"]').text()).toBe('区供电公司')
    expect(wrapper.get('[data-testid="problem-facts"]').text()).toContain('区发展和改革局')
    expect(wrapper.get('[data-testid="problem-project"]').attributes('href')).toBe('/projects/7?tab=problems')
    expect(wrapper.findAll('[data-testid="problem-photo"]')).toHaveLength(1)

    const events = wrapper.findAll('[data-testid="problem-event"]')
    expect(events.map((e) => e.attributes('data-kind'))).toEqual(['raised', 'assigned', 'escalated', 'letter'])
    expect(events[2].text()).toContain('提级至周调度会')
    expect(events[2].get('[data-testid="problem-event-meeting"]').attributes('href')).toBe('/meetings/8')
    expect(events[2].get('[data-testid="problem-event-text"]').text()).toBe('决定：限12月5日前接电')
    expect(events[2].text()).toContain('李项目办 · 区重大项目办')
    expect(events[3].get('[data-testid="problem-event-letter"]').attributes('href')).toBe('/api/letters/3/pdf')

    expect(wrapper.get('[data-testid="letter-pdf-3"]').text()).toBe('区重大项目办督〔2026〕12号')
    expect(wrapper.get('[data-testid="letter-deadline-3"]').attributes('data-overdue')).toBe('true')
    expect(wrapper.find('[data-testid="letter-reply-3"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid^="problem-action-"]')).toHaveLength(0)
  })

  it('offers exactly the actions in `can`', async () => {
    const { fetchMock } = server(() => detail(OVERDUE, { can: { ...OVERDUE.can, step: true, submit: true, escalate: true } }))
    const { wrapper } = await mountPage(fetchMock, 41, { roles: ['unit'] })
    expect(wrapper.findAll('[data-testid^="problem-action-"]').map((b) => b.attributes('data-testid'))).toEqual([
      'problem-action-step',
      'problem-action-submit',
      'problem-action-escalate',
    ])
  })

  it('assigns with the unit, cooperating units and deadline, sending If-Match', async () => {
    let problem = detail({ ...OVERDUE, state: 'returned', can: { ...OVERDUE.can, assign: true } })
    const { fetchMock, calls } = server(() => problem, () => {
      problem = { ...problem, version: 7 }
      return json(problem)
    })
    const { wrapper } = await mountPage(fetchMock, 41)
    await wrapper.get('[data-testid="problem-action-assign"]').trigger('click')
    await flushPromises()
    expect(dialog().getAttribute('data-action')).toBe('assign')
    await click('[data-testid="problem-dialog-save"]')
    const [sent] = posts(calls)
    expect(sent.url).toBe('/api/problems/41/assign')
    expect(sent.body).toEqual({ responsible_org_id: 30, cooperating_org_ids: [31], deadline: '2026-11-10' })
    expect(sent.headers.get('If-Match')).toBe('"6"')
    expect(gets(calls, 41)).toHaveLength(2)
  })

  it('asks for the responsible unit before assigning a pending problem', async () => {
    const { fetchMock, calls } = server(() => detail(PENDING, { can: { ...PENDING.can, assign: true } }))
    const { wrapper } = await mountPage(fetchMock, 42)
    await wrapper.get('[data-testid="problem-action-assign"]').trigger('click')
    await flushPromises()
    await click('[data-testid="problem-dialog-save"]')
    expect(posts(calls)).toHaveLength(0)
    await vi.waitFor(() => expect(dialog().textContent).toContain('请选择责任单位'))
    await vi.waitFor(() => expect(dialog().textContent).toContain('请选择办理时限'))
  })

  it('records a step with its text and date', async () => {
    const { fetchMock, calls } = server(() => detail(OVERDUE, { can: { ...OVERDUE.can, step: true } }))
    const { wrapper } = await mountPage(fetchMock, 41, { roles: ['unit'] })
    await wrapper.get('[data-testid="problem-action-step"]').trigger('click')
    await flushPromises()
    await typeInto('[data-testid="problem-text"]', '已与供电局现场踏勘')
    await click('[data-testid="problem-dialog-save"]')
    const [sent] = posts(calls)
    expect(sent.url).toBe('/api/problems/41/steps')
    expect(sent.body.text).toBe('已与供电局现场踏勘')
    expect(sent.body.on).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(sent.headers.get('If-Match')).toBe('"6"')
  })

  it('returns the result only with a reason', async () => {
    const { fetchMock, calls } = server(() => detail({ ...OVERDUE, state: 'awaiting_confirmation', result: '已接通临时用电', can: { ...OVERDUE.can, confirm: true } }))
    const { wrapper } = await mountPage(fetchMock, 41, { roles: ['owner'] })
    await wrapper.get('[data-testid="problem-action-confirm"]').trigger('click')
    await flushPromises()
    expect(q('[data-testid="problem-confirm-result"]').textContent).toBe('已接通临时用电')
    await click('[data-testid="problem-accept-no"] input')
    await click('[data-testid="problem-dialog-save"]')
    expect(posts(calls)).toHaveLength(0)
    await vi.waitFor(() => expect(dialog().textContent).toContain('请填写理由'))
    await typeInto('[data-testid="problem-reason"]', '电压不稳')
    await click('[data-testid="problem-dialog-save"]')
    const [sent] = posts(calls)
    expect(sent.url).toBe('/api/problems/41/confirm')
    expect(sent.body).toEqual({ accept: false, reason: '电压不稳' })
  })

  it('puts the server’s field error under the field', async () => {
    const { fetchMock } = server(
      () => detail(OVERDUE, { can: { ...OVERDUE.can, submit: true } }),
      () => json({ error: { code: 'invalid_argument', message: '办理结果过长', field: 'result' } }, 400),
    )
    const { wrapper } = await mountPage(fetchMock, 41, { roles: ['unit'] })
    await wrapper.get('[data-testid="problem-action-submit"]').trigger('click')
    await flushPromises()
    await typeInto('[data-testid="problem-result"]', '已通电')
    await click('[data-testid="problem-dialog-save"]')
    // Element Plus shows a form item's message 100 ms after its state turns to error.
    await vi.waitFor(() => expect(dialog().querySelector('.el-form-item__error')?.textContent.trim()).toBe('办理结果过长'))
  })

  it('reloads the problem when it changed meanwhile (412)', async () => {
    let problem = detail(OVERDUE, { can: { ...OVERDUE.can, submit: true } })
    const { fetchMock, calls } = server(() => problem, () => {
      problem = { ...problem, state: 'awaiting_confirmation', version: 9, can: { ...OVERDUE.can } }
      return json({ error: { code: 'failed_precondition', message: '记录已被他人修改' } }, 412)
    })
    const { wrapper } = await mountPage(fetchMock, 41, { roles: ['unit'] })
    await wrapper.get('[data-testid="problem-action-submit"]').trigger('click')
    await flushPromises()
    await typeInto('[data-testid="problem-result"]', '已通电')
    await click('[data-testid="problem-dialog-save"]')
    expect(gets(calls, 41)).toHaveLength(2)
    expect(wrapper.get('[data-testid="problem-state"]').text()).toBe('待确认')
    expect(wrapper.find('[data-testid="problem-action-submit"]').exists()).toBe(false)
    expect(document.body.textContent).toContain('问题已被他人更新')
  })

  it('closes after asking, with If-Match', async () => {
    const { fetchMock, calls } = server(() => detail({ ...OVERDUE, state: 'awaiting_confirmation', confirmed: true, can: { ...OVERDUE.can, close: true } }))
    const { wrapper } = await mountPage(fetchMock, 41)
    expect(wrapper.get('[data-testid="problem-confirmed"]').text()).toBe('业主已确认，待销号')
    await wrapper.get('[data-testid="problem-action-close"]').trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(q('.el-message-box__btns .el-button--primary')).not.toBeNull())
    q('.el-message-box__btns .el-button--primary').click()
    await vi.waitFor(() => expect(posts(calls)).toHaveLength(1))
    const [sent] = posts(calls)
    expect(sent.url).toBe('/api/problems/41/close')
    expect(sent.body).toEqual({})
    expect(sent.headers.get('If-Match')).toBe('"6"')
  })

  it('escalates to a meeting and issues a letter that opens as PDF', async () => {
    const { fetchMock, calls } = server(
      () => detail(OVERDUE, { can: { ...OVERDUE.can, escalate: true, letter: true } }),
      (url) => (url.endsWith('/letters') ? json({ ...LETTER, id: 4, number: '区重大项目办督〔2026〕13号' }, 201) : json(detail(OVERDUE))),
    )
    const opened = vi.spyOn(window, 'open').mockImplementation(() => null)
    const { wrapper } = await mountPage(fetchMock, 41)

    await wrapper.get('[data-testid="problem-action-escalate"]').trigger('click')
    await flushPromises()
    expect(calls.some((c) => c.url.startsWith('/api/meetings?kind=coordination'))).toBe(true)
    await typeInto('[data-testid="problem-decision"]', '提请区协调会研究')
    await click('[data-testid="problem-dialog-save"]')
    const escalate = posts(calls).at(-1)
    expect(escalate.url).toBe('/api/problems/41/escalate')
    expect(escalate.body).toMatchObject({ to_level: 'coordination', decision: '提请区协调会研究' })
    expect(escalate.headers.get('If-Match')).toBe('"6"')

    await wrapper.get('[data-testid="problem-action-letter"]').trigger('click')
    await flushPromises()
    expect(q('[data-testid="problem-letter-kind-supervise"]').classList).toContain('is-active')
    await click('[data-testid="problem-dialog-save"]')
    expect(posts(calls)).toHaveLength(1)
    await vi.waitFor(() => expect(dialog().textContent).toContain('请选择回复期限'))

    const input = q('[data-testid="problem-reply-deadline-item"] input')
    input.value = '2099-12-31'
    input.dispatchEvent(new Event('input'))
    input.dispatchEvent(new Event('change'))
    await flushPromises()
    await click('[data-testid="problem-dialog-save"]')
    const letter = posts(calls).at(-1)
    expect(letter.url).toBe('/api/problems/41/letters')
    expect(letter.body).toEqual({ kind: 'supervise', reply_deadline: '2099-12-31' })
    expect(opened).toHaveBeenCalledWith('/api/letters/4/pdf', '_blank', 'noopener')
  })

  it('lets the addressee unit reply to a letter', async () => {
    const { fetchMock, calls } = server(() => detail(OVERDUE), () => json({ ...LETTER, replied_on: '2026-11-29', reply_text: '已接电' }))
    const { wrapper } = await mountPage(fetchMock, 41, { roles: ['unit'], orgId: 30 })
    await wrapper.get('[data-testid="letter-reply-3"]').trigger('click')
    await flushPromises()
    await typeInto('[data-testid="letter-reply-text"]', '已接电')
    await click('[data-testid="letter-reply-save"]')
    const [sent] = posts(calls)
    expect(sent.url).toBe('/api/letters/3/reply')
    expect(sent.body).toEqual({ text: '已接电' })
  })

  it('adds photos when `can.photo` says so, and shows none of it otherwise', async () => {
    const { fetchMock, calls } = server(
      () => detail(OVERDUE, { can: { ...OVERDUE.can, photo: true } }),
      () => json({ id: 6, filename: '进展.png', url: '/api/problems/41/photos/6', thumbnail_url: null }, 201),
    )
    const { wrapper } = await mountPage(fetchMock, 41, { roles: ['owner'] })
    const upload = wrapper.findComponent({ name: 'ElUpload' })
    upload.vm.handleStart(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], '进展.png', { type: 'image/png' }))
    upload.vm.submit()
    await vi.waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(posts(calls)[0].url).toBe(`/api/problems/41/photos?filename=${encodeURIComponent('进展.png')}`)
    await vi.waitFor(() => expect(gets(calls, 41)).toHaveLength(2))
    wrapper.unmount()

    const { fetchMock: plain } = server(() => detail(OVERDUE))
    const other = await mountPage(plain, 41, { roles: ['viewer'] })
    expect(other.wrapper.find('[data-testid="problem-photo-upload"]').exists()).toBe(false)
  })

  it('says so when the problem is not there', async () => {
    const fetchMock = vi.fn(() => json({ error: { code: 'not_found', message: '不存在' } }, 404))
    const { wrapper } = await mountPage(fetchMock, 99)
    expect(wrapper.find('[data-testid="problem-missing"]').exists()).toBe(true)
  })
})
