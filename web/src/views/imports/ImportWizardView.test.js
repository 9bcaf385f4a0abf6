import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import ImportWizardView from './ImportWizardView.vue'
import { json } from '../problems/fixtures'
import { i18n } from '../../i18n'
import { createAppRouter } from '../../router'
import { useAuthStore } from '../../stores/auth'

const FIELDS = [
  { key: 'national_code', label: '项目代码', required: false },
  { key: 'name', label: '项目名称', required: true },
  { key: 'total_investment', label: '总投资（万元）', required: false },
]
const COLUMNS = [
  { index: 0, letter: 'A', header: '名称', field: null },
  { index: 1, letter: 'B', header: '序号', field: null },
  { index: 2, letter: 'C', header: '总投资（亿元）', field: 'total_investment' },
]

/** A preview as the server answers it; `over` replaces any part. */
const preview = (over = {}) => ({
  id: 12,
  kind: 'projects',
  file_name: '项目清单.xlsx',
  period: null,
  status: 'previewed',
  sheets: ['重点项目', '说明'],
  sheet: 0,
  header_row: 3,
  columns: COLUMNS.map((c) => ({ ...c, field: c.index === 0 ? 'name' : c.field })),
  fields: FIELDS,
  missing_required: [],
  counts: { create: 1, update: 1, unchanged: 0, skipped: 1, error: 0 },
  rows: [
    { row: 4, action: 'create', project_id: null, project_name: '智能制造产业园一期' },
    { row: 5, action: 'update', project_id: 7, project_name: '城东污水处理厂', changes: { total_investment: ['12,000.00', '12,500.00'] } },
    { row: 6, action: 'skipped', project_id: null, project_name: '', reason: '合计行' },
  ],
  fingerprint: 'f1',
  created_at: '2026-11-29T20:10:00Z',
  ...over,
})

const WITH_ERRORS = preview({
  counts: { create: 1, update: 0, unchanged: 0, skipped: 0, error: 1 },
  rows: [
    { row: 4, action: 'create', project_id: null, project_name: '智能制造产业园一期' },
    { row: 9, action: 'error', project_id: null, project_name: '新材料产业园', errors: [{ column: 'C', field: 'total_investment', message: '总投资（万元）：“一百万”不是数字' }] },
  ],
})

const UNMAPPED = preview({ columns: COLUMNS, missing_required: ['name'], counts: { create: 0, update: 0, unchanged: 0, skipped: 0, error: 2 }, rows: [] })

/**
 * The server: POST /imports answers `uploaded`, POST /imports/12/preview answers the next of
 * `previews`, POST /imports/12/apply the next of `applies`. Every request is recorded.
 */
function server({ uploaded = preview(), previews = [], applies = [] } = {}) {
  const calls = []
  const fetchMock = vi.fn(async (url, init = {}) => {
    const method = init.method ?? 'GET'
    calls.push({ url, method, body: init.body, headers: init.headers })
    if (method === 'POST' && url.startsWith('/api/imports?')) return json(uploaded, 201)
    if (method === 'POST' && url === '/api/imports/12/preview') return previews.shift() ?? json({ error: { code: 'http', message: 'no more previews' } }, 500)
    if (method === 'POST' && url === '/api/imports/12/apply') return applies.shift() ?? json({ error: { code: 'http', message: 'no more applies' } }, 500)
    return new Response(null, { status: 404 })
  })
  return { fetchMock, calls }
}

async function mountAt(path, fetchMock, roles = ['office']) {
  vi.stubGlobal('fetch', fetchMock)
  const auth = useAuthStore()
  auth.user = { id: 5, org_id: 1, roles, must_change_password: false, password_expired: false, scope: { kind: 'all', org_ids: [] } }
  auth.loaded = true
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(ImportWizardView, { global: { plugins: [router, i18n], stubs: { transition: false, 'transition-group': false } }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const xlsx = (name = '项目清单.xlsx', size = 2048) => new File([new Uint8Array(size)], name)

/** Drops a file on the upload area, as el-upload hands it on: before-upload, then http-request. */
async function drop(wrapper, file) {
  const area = wrapper.findComponent({ name: 'ElUpload' })
  if ((await area.props('beforeUpload')(file)) !== false) await area.props('httpRequest')({ file })
  await flushPromises()
}

const step = (wrapper) => wrapper.get('[data-testid="import-steps"]').attributes('data-step')
const select = (wrapper, testId) => wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-testid') === testId)
const posts = (calls, url) => calls.filter((c) => c.method === 'POST' && c.url === url).map((c) => JSON.parse(c.body))

describe('导入向导', { timeout: 60_000 }, () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    // 2026-11-15 in Beijing: the reports are for October by default.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-15T04:00:00Z'))
  })
  afterEach(() => {
    document.body.innerHTML = ''
    vi.useRealTimers()
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('uploads the file as it is and goes straight to the preview when every required field has a column', async () => {
    const { fetchMock, calls } = server()
    const { wrapper } = await mountAt('/imports/projects', fetchMock)
    expect(wrapper.get('[data-testid="import-title"]').text()).toBe('导入项目')
    expect(wrapper.get('[data-testid="import-template"]').attributes('href')).toBe('/api/imports/templates/projects')
    expect(wrapper.get('[data-testid="import-hint"]').text()).toContain('两行合并表头')
    expect(wrapper.find('[data-testid="import-period"]').exists()).toBe(false)

    const file = xlsx('重点 项目.xlsx')
    await drop(wrapper, file)
    const sent = calls.find((c) => c.method === 'POST')
    expect(sent.url).toBe('/api/imports?filename=%E9%87%8D%E7%82%B9%20%E9%A1%B9%E7%9B%AE.xlsx&kind=projects')
    expect(sent.body).toBe(file)
    expect(sent.headers['Content-Type']).toBe('application/octet-stream')

    expect(step(wrapper)).toBe('preview')
    expect(wrapper.get('[data-testid="import-count-create"]').text()).toBe('新增 1')
    expect(wrapper.get('[data-testid="import-count-update"]').text()).toBe('更新 1')
    expect(wrapper.get('[data-testid="import-count-error"]').text()).toBe('错误 0')
    expect(wrapper.get('[data-testid="import-changes-5"]').text()).toBe('总投资（万元）：12,000.00 → 12,500.00')
    expect(wrapper.get('[data-testid="import-reason-6"]').text()).toBe('合计行')
    expect(wrapper.get('[data-testid="import-apply"]').attributes('disabled')).toBeUndefined()
    // The filter shows the rows of one action.
    wrapper.findComponent({ name: 'ElRadioGroup' }).vm.$emit('update:modelValue', 'update')
    await flushPromises()
    expect(wrapper.find('[data-testid="import-row-4"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="import-row-5"]').exists()).toBe(true)
  })

  it('disables 导入 while rows have errors, shows them by cell, and goes back to upload again', async () => {
    const { fetchMock, calls } = server({ uploaded: WITH_ERRORS })
    const { wrapper } = await mountAt('/imports/projects', fetchMock)
    await drop(wrapper, xlsx())
    expect(step(wrapper)).toBe('preview')
    expect(wrapper.get('[data-testid="import-count-error"]').text()).toBe('错误 1')
    expect(wrapper.get('[data-testid="import-has-errors"]').text()).toContain('请修正文件中的错误后重新上传')
    const errors = wrapper.get('[data-testid="import-errors-9"]')
    expect(errors.text()).toBe('C9 总投资（万元）：“一百万”不是数字')
    expect(errors.find('.error-line').exists()).toBe(true)
    expect(wrapper.get('[data-testid="import-row-9"]').element.closest('tr').classList.contains('row-error')).toBe(true)
    expect(wrapper.get('[data-testid="import-apply"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="import-apply"]').trigger('click')
    await flushPromises()
    expect(calls.filter((c) => c.url.endsWith('/apply'))).toEqual([])

    await wrapper.get('[data-testid="import-reupload"]').trigger('click')
    await flushPromises()
    expect(step(wrapper)).toBe('upload')
    expect(wrapper.find('[data-testid="import-upload"]').exists()).toBe(true)
  })

  it('asks for the columns when a required field has none, and sends the mapping chosen', async () => {
    const { fetchMock, calls } = server({ uploaded: UNMAPPED, previews: [json(preview({ sheet: 1 })), json(preview())] })
    const { wrapper } = await mountAt('/imports/projects', fetchMock)
    await drop(wrapper, xlsx())
    expect(step(wrapper)).toBe('columns')
    expect(wrapper.get('[data-testid="import-missing"]').text()).toContain('以下必填项没有对应的列：项目名称')
    expect(wrapper.get('[data-testid="import-columns"]').text()).toContain('总投资（亿元）')
    expect(select(wrapper, 'import-field-2').props('modelValue')).toBe('total_investment')
    expect(wrapper.get('[data-testid="import-to-preview"]').attributes('disabled')).toBeDefined()

    // Column A is the name, column C is not imported.
    select(wrapper, 'import-field-0').vm.$emit('update:modelValue', 'name')
    select(wrapper, 'import-field-2').vm.$emit('update:modelValue', undefined)
    await flushPromises()
    expect(wrapper.find('[data-testid="import-changed"]').exists()).toBe(true)
    await wrapper.get('[data-testid="import-to-preview"]').trigger('click')
    await flushPromises()
    expect(posts(calls, '/api/imports/12/preview')).toEqual([{ sheet: 0, header_row: 3, mapping: { 0: 'name', 1: null, 2: null } }])
    // The server's answer has every required field: on to the preview; back to the columns again.
    expect(step(wrapper)).toBe('preview')
    await wrapper.get('[data-testid="import-back-columns"]').trigger('click')
    await flushPromises()
    expect(step(wrapper)).toBe('columns')
    expect(wrapper.find('[data-testid="import-missing"]').exists()).toBe(false)

    // Another sheet: the server finds its header and columns again.
    select(wrapper, 'import-sheet').vm.$emit('update:modelValue', 1)
    select(wrapper, 'import-sheet').vm.$emit('change', 1)
    await flushPromises()
    expect(posts(calls, '/api/imports/12/preview').at(-1)).toEqual({ sheet: 1 })
  })

  it('previews again with the same choices when the data changed before 导入, then imports', async () => {
    const fresh = preview({ fingerprint: 'f2', counts: { create: 2, update: 1, unchanged: 0, skipped: 1, error: 0 } })
    const { fetchMock, calls } = server({
      uploaded: UNMAPPED,
      previews: [json(preview()), json(fresh)],
      applies: [
        json({ error: { code: 'import_stale', field: 'fingerprint', message: '数据在预览后已变化，请重新核对' } }, 409),
        json({ id: 12, created: 2, updated: 1, unchanged: 0, skipped: 1 }),
      ],
    })
    const { wrapper } = await mountAt('/imports/projects', fetchMock)
    await drop(wrapper, xlsx())
    select(wrapper, 'import-field-0').vm.$emit('update:modelValue', 'name')
    await flushPromises()
    await wrapper.get('[data-testid="import-repreview"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="import-to-preview"]').trigger('click')
    await flushPromises()
    expect(step(wrapper)).toBe('preview')

    await wrapper.get('[data-testid="import-apply"]').trigger('click')
    await flushPromises()
    const mapping = { sheet: 0, header_row: 3, mapping: { 0: 'name', 1: null, 2: 'total_investment' } }
    expect(posts(calls, '/api/imports/12/preview')).toEqual([mapping, mapping])
    expect(step(wrapper)).toBe('preview')
    expect(wrapper.get('[data-testid="import-stale"]').text()).toContain('数据在预览后已变化，请重新核对')
    expect(wrapper.get('[data-testid="import-count-create"]').text()).toBe('新增 2')
    // No message box: the notice is on the page.
    expect(document.querySelector('.el-message-box')).toBeNull()

    await wrapper.get('[data-testid="import-apply"]').trigger('click')
    await flushPromises()
    expect(posts(calls, '/api/imports/12/apply')).toEqual([{ fingerprint: 'f1' }, { fingerprint: 'f2' }])
    expect(step(wrapper)).toBe('done')
    expect(wrapper.get('[data-testid="import-result-create"]').text()).toBe('新增 2')
    expect(wrapper.get('[data-testid="import-result-update"]').text()).toBe('更新 1')
    expect(wrapper.get('[data-testid="import-result-skipped"]').text()).toBe('跳过 1')
    expect(wrapper.find('[data-testid="import-to-projects"]').exists()).toBe(true)
  })

  it('imports reports for the month before by default, and refuses other files before sending', async () => {
    const { fetchMock, calls } = server({ uploaded: preview({ kind: 'reports', period: '2026-10' }) })
    const { wrapper } = await mountAt('/imports/reports', fetchMock)
    expect(wrapper.get('[data-testid="import-title"]').text()).toBe('导入月度报表')
    expect(wrapper.findComponent({ name: 'ElDatePicker' }).props('modelValue')).toBe('2026-10')

    await drop(wrapper, xlsx('清单.xls'))
    await drop(wrapper, xlsx('大.xlsx', 20 * 1024 * 1024 + 1))
    expect(wrapper.get('[data-testid="import-upload-error"]').text()).toBe('大.xlsx：文件超过 20 MB')
    expect(calls).toEqual([])

    await drop(wrapper, xlsx('10月.csv'))
    expect(calls[0].url).toBe('/api/imports?filename=10%E6%9C%88.csv&kind=reports&period=2026-10')
    expect(step(wrapper)).toBe('preview')
    expect(wrapper.get('[data-testid="import-period-shown"]').text()).toBe('报表月份：2026-10')
  })

  it('shows the server’s refusal of the file under the upload area', async () => {
    const fetchMock = vi.fn(() => json({ error: { code: 'xlsx_not_zip', field: 'file', message: '文件不是有效的 xlsx 文件' } }, 400))
    const { wrapper } = await mountAt('/imports/projects', fetchMock)
    await drop(wrapper, xlsx('坏.xlsx'))
    expect(step(wrapper)).toBe('upload')
    expect(wrapper.get('[data-testid="import-upload-error"]').text()).toBe('坏.xlsx：文件不是有效的 xlsx 文件')
    expect(document.querySelector('.el-message-box')).toBeNull()
  })
})
