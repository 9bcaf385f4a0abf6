import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ReportForm from './ReportForm.vue'
import { i18n } from '../../i18n'
import { useAuthStore } from '../../stores/auth'

const answer = (status, body, headers = {}) =>
  Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status, headers }))

const RETURNED = {
  id: 31,
  project_id: 7,
  period: '2026-11',
  version_no: 1,
  supersedes_id: null,
  status: 'returned',
  investment: 123456789,
  funds_arrived: [{ source: 'government', amount: 100500000 }],
  progress_text: '主体结构',
  progress: 4550,
  workers_required: 10,
  workers_on_site: 8,
  site_status: 'started',
  problems: '',
  next_plan: '',
  review_reason: '数据有误',
  version: 4,
}
const FIGURES = { month: 0, year_to_date: 0, since_start: 0, schedule_target: 0, plan_rate: null, schedule_rate: null }

async function mountForm(roles = ['owner']) {
  const auth = useAuthStore()
  auth.user = { id: 5, org_id: 1, roles, must_change_password: false, password_expired: false }
  auth.loaded = true
  const wrapper = mount(ReportForm, {
    props: { modelValue: true, project: { id: 7 }, period: '2026-11' },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

const input = (testid) => document.querySelector(`[data-testid="${testid}"]`)
async function type(testid, value) {
  const el = input(testid)
  el.value = value
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}
async function click(testid) {
  input(testid).click()
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 20))
  await flushPromises()
}
/** [method, url, body, If-Match] of every call. */
const calls = (fetchMock) =>
  fetchMock.mock.calls.map(([url, init]) => [init.method, url, init.body ? JSON.parse(init.body) : undefined, init.headers['If-Match']])

describe('ReportForm', { timeout: 30_000 }, () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('creates a month’s report without If-Match, in 分 and basis points', async () => {
    const fetchMock = vi.fn((url, init) => {
      if (init.method === 'GET') return answer(404, { error: { code: 'not_found', message: 'no report' } })
      return answer(201, { ...RETURNED, status: 'draft', review_reason: '', version: 1 })
    })
    vi.stubGlobal('fetch', fetchMock)
    await mountForm()
    await type('report-investment', '123.456789')
    await type('report-progress', '45.5')
    await click('report-save')
    const put = calls(fetchMock).find(([method]) => method === 'PUT')
    expect(put[1]).toBe('/api/projects/7/reports/2026-11')
    expect(put[2]).toMatchObject({ investment: 123456789, progress: 4550, funds_arrived: [], site_status: 'started' })
    expect(put[3]).toBeUndefined()
  })

  it('shows why a report was returned, and saves then submits it with If-Match', async () => {
    const fetchMock = vi.fn((url, init) => {
      if (init.method === 'GET') return answer(200, { versions: [RETURNED], figures: FIGURES })
      if (init.method === 'PUT') return answer(200, { ...RETURNED, progress: 5000, version: 5 }, { ETag: '"5"' })
      return answer(200, { ...RETURNED, status: 'submitted', version: 6 })
    })
    vi.stubGlobal('fetch', fetchMock)
    await mountForm()
    expect(input('report-review-reason').textContent).toContain('数据有误')
    expect(input('report-investment').value).toBe('123.456789')
    expect(input('report-progress').value).toBe('45.5')
    await type('report-progress', '50')
    await click('report-submit')
    const sent = calls(fetchMock).filter(([method]) => method !== 'GET')
    expect(sent[0]).toEqual([
      'PUT',
      '/api/projects/7/reports/2026-11',
      expect.objectContaining({ progress: 5000, funds_arrived: [{ source: 'government', amount: 100500000 }] }),
      '"4"',
    ])
    expect(sent[1]).toEqual(['POST', '/api/reports/31/actions', { action: 'submit' }, '"5"'])
  })

  it('says to ask the project office when no round is open for the month', async () => {
    const fetchMock = vi.fn((url, init) => {
      if (init.method === 'GET') return answer(404, { error: { code: 'not_found', message: 'no report' } })
      return answer(409, { error: { code: 'conflict', field: 'period', message: 'closed' } })
    })
    vi.stubGlobal('fetch', fetchMock)
    await mountForm()
    await type('report-investment', '1')
    await click('report-save')
    await vi.waitFor(() => expect(document.body.textContent).toContain('该月调度任务未开启或已过填报时限，请联系项目办'))
  })
})
