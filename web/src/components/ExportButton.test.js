import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ExportButton from './ExportButton.vue'
import { setCsrfToken } from '../api/client'
import { i18n } from '../i18n'

const DISPOSITION = "attachment; filename=\"_20261129.xlsx\"; filename*=UTF-8''%E9%A1%B9%E7%9B%AE%E6%B8%85%E5%8D%95_20261129.xlsx"

function xlsxAnswer() {
  return new Response(new Blob(['PK']), {
    status: 200,
    headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': DISPOSITION },
  })
}

describe('ExportButton', () => {
  let saved
  beforeEach(() => {
    saved = []
    vi.stubGlobal('URL', { ...URL, createObjectURL: () => 'blob:x', revokeObjectURL: () => {} })
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function click() {
      saved.push(this.download)
    })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('downloads a server export with the list filters, under the name the server gives', async () => {
    const fetchMock = vi.fn(async () => xlsxAnswer())
    vi.stubGlobal('fetch', fetchMock)
    const wrapper = mount(ExportButton, {
      props: { path: '/projects/export', query: { stage: 'construction', q: '产业园', town_org_id: '' }, testid: 'x-export' },
      global: { plugins: [i18n] },
    })
    expect(wrapper.text()).toContain('导出')
    await wrapper.get('[data-testid="x-export"]').trigger('click')
    await flushPromises()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/projects/export?stage=construction&q=%E4%BA%A7%E4%B8%9A%E5%9B%AD')
    expect(init.method).toBe('GET')
    expect(init.credentials).toBe('same-origin')
    expect(saved).toEqual(['项目清单_20261129.xlsx'])
  })

  it('posts any list as its table, with the CSRF token', async () => {
    setCsrfToken('tok')
    const fetchMock = vi.fn(async () => xlsxAnswer())
    vi.stubGlobal('fetch', fetchMock)
    const table = async () => ({
      title: '会议纪要',
      columns: [
        { header: '标题', kind: 'text', value: (r) => r.title },
        { header: '日期', kind: 'date', value: (r) => r.held_on },
      ],
      rows: [{ title: '第1次周调度会', held_on: '2026-03-02' }],
    })
    const wrapper = mount(ExportButton, { props: { table }, global: { plugins: [i18n] } })
    await wrapper.get('[data-testid="export"]').trigger('click')
    await flushPromises()
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/export/table')
    expect(init.method).toBe('POST')
    expect(init.headers['X-CSRF-Token']).toBe('tok')
    expect(JSON.parse(init.body)).toEqual({
      title: '会议纪要',
      columns: [
        { header: '标题', kind: 'text' },
        { header: '日期', kind: 'date' },
      ],
      rows: [['第1次周调度会', '2026-03-02']],
    })
    expect(saved).toHaveLength(1)
  })

  it('saves nothing when the server refuses', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ error: { code: 'invalid_argument', message: '列的取值无效', field: 'columns' } }), { status: 400 })),
    )
    const wrapper = mount(ExportButton, { props: { path: '/projects/export' }, global: { plugins: [i18n] } })
    await wrapper.get('[data-testid="export"]').trigger('click')
    await flushPromises()
    expect(saved).toEqual([])
    expect(wrapper.get('[data-testid="export"]').classes()).not.toContain('is-loading')
  })
})
