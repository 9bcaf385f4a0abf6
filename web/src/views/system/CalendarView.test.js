import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import CalendarView from './CalendarView.vue'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'

const answer = (body, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }))

const SPRING = ['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => ({ date: `2026-02-${d}`, kind: 'holiday', name: '春节', builtin: true }))
const ADDED = { date: '2026-06-03', kind: 'holiday', name: '区庆' }
const OTHER_YEAR = { date: '2025-06-03', kind: 'holiday', name: '区庆' }

function calendarBody(canEdit, additions = [OTHER_YEAR, ADDED]) {
  return {
    year: 2026,
    working_days: 250,
    days: [
      { date: '2026-02-14', kind: 'workday', name: '春节', builtin: true },
      ...SPRING,
      { date: '2026-02-28', kind: 'workday', name: '春节', builtin: true },
      ...additions.filter((a) => a.date.startsWith('2026-')).map((a) => ({ ...a, builtin: false })),
    ],
    additions: additions.map((a) => ({ ...a, builtin: false })),
    can_edit: canEdit,
  }
}

async function mountCalendar(fetchMock) {
  vi.stubGlobal('fetch', fetchMock)
  const auth = useAuthStore()
  auth.user = { id: 1, display_name: '系统管理员', org_id: 1, roles: ['system_admin'], must_change_password: false, password_expired: false, scope: { kind: 'own', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push('/system/calendar?year=2026')
  await router.isReady()
  const wrapper = mount(CalendarView, { global: { plugins: [router, i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const cell = (wrapper, date) => wrapper.get(`[data-date="${date}"]`)

// Twelve month grids and Element Plus's pickers are slow to mount in happy-dom.
describe('CalendarView (工作日历)', { timeout: 120_000 }, () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    document.body.innerHTML = ''
    vi.unstubAllGlobals()
  })

  it("shows the year's days off and make-up days, marked by origin, and the working-day count", async () => {
    const fetchMock = vi.fn(() => answer(calendarBody(false)))
    const wrapper = await mountCalendar(fetchMock)
    expect(fetchMock.mock.calls[0][0]).toBe('/api/calendar?year=2026')
    expect(wrapper.get('[data-testid="calendar-working-days"]').text()).toBe('2026年共 250 个工作日')
    expect(cell(wrapper, '2026-02-17').attributes('data-kind')).toBe('holiday')
    expect(cell(wrapper, '2026-02-17').text()).toBe('17休')
    expect(cell(wrapper, '2026-02-14').attributes('data-kind')).toBe('workday')
    expect(cell(wrapper, '2026-02-24').attributes('data-kind')).toBe('working')
    expect(cell(wrapper, '2026-02-08').attributes('data-kind')).toBe('rest')
    const spring = wrapper.get('[data-testid="calendar-range-2026-02-15"]')
    expect(spring.text()).toMatch(/放假\s*春节\s*02-15 至 02-23 · 9天\s*国务院办公厅通知/)
    expect(wrapper.get('[data-testid="calendar-range-2026-06-03"]').text()).toContain('管理员调整')
    // Read-only: no editor.
    expect(wrapper.find('[data-testid="calendar-editor"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="calendar-read-only"]').exists()).toBe(true)
  })

  it('lets the administrator add a day from the grid and sends every change of every year', async () => {
    const puts = []
    const fetchMock = vi.fn((url, init) => {
      if (init?.method === 'PUT') {
        const body = JSON.parse(init.body)
        puts.push({ url, body })
        return answer(calendarBody(true, body.additions))
      }
      return answer(calendarBody(true))
    })
    const wrapper = await mountCalendar(fetchMock)
    expect(wrapper.findAll('[data-testid^="calendar-row-date-"]')).toHaveLength(2)
    expect(wrapper.get('[data-testid="calendar-save"]').attributes('disabled')).toBeDefined()

    // 2026-10-10 is a Saturday: clicking it adds a make-up working day.
    await cell(wrapper, '2026-10-10').trigger('click')
    expect(wrapper.find('[data-testid="calendar-unsaved"]').exists()).toBe(true)
    // Without a name it is not sent.
    await wrapper.get('[data-testid="calendar-save"]').trigger('click')
    await flushPromises()
    expect(puts).toEqual([])
    expect(wrapper.get('[data-testid="calendar-row-2"]').text()).toContain('必填')

    await wrapper.get('[data-testid="calendar-row-name-2"]').setValue(' 调休 ')
    await wrapper.get('[data-testid="calendar-save"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="calendar-unsaved"]').exists()).toBe(false))
    expect(puts).toHaveLength(1)
    expect(puts[0].url).toBe('/api/calendar?year=2026')
    expect(puts[0].body).toEqual({ additions: [OTHER_YEAR, ADDED, { date: '2026-10-10', kind: 'workday', name: '调休' }] })
    expect(cell(wrapper, '2026-10-10').attributes('data-kind')).toBe('workday')
    expect(wrapper.find('[data-testid="calendar-unsaved"]').exists()).toBe(false)
  })

  it("shows the server's field error on the row it names", async () => {
    const fetchMock = vi.fn((url, init) => {
      if (init?.method === 'PUT') {
        return answer({ error: { code: 'invalid_enum', message: '类型须为以下之一：holiday, workday', field: 'additions[1].kind' } }, 400)
      }
      return answer(calendarBody(true))
    })
    const wrapper = await mountCalendar(fetchMock)
    await wrapper.get('[data-testid="calendar-row-remove-0"]').trigger('click')
    await wrapper.get('[data-testid="calendar-add"]').trigger('click')
    await wrapper.get('[data-testid="calendar-row-name-1"]').setValue('区运动会')
    // The date picker is not driven here: set the row's date through the picker's input.
    const input = wrapper.get('[data-testid="calendar-row-date-1"] input')
    await input.setValue('2026-09-01')
    await input.trigger('change')
    await flushPromises()
    await wrapper.get('[data-testid="calendar-save"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="calendar-row-1"]').text()).toContain('类型须为以下之一'))
    const sent = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT')
    expect(JSON.parse(sent[1].body)).toEqual({ additions: [ADDED, { date: '2026-09-01', kind: 'holiday', name: '区运动会' }] })
    expect(wrapper.get('[data-testid="calendar-row-0"]').text()).not.toContain('类型须为')
  })
})
