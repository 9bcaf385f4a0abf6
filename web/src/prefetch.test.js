import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { prefetchRoute } from './prefetch'
import { useQueryList } from './composables/useQueryList'
import { GANTT_DEFAULTS, GANTT_FILTERS, decodeGanttPage } from './utils/gantt'
import { i18n } from './i18n'
import { queryString } from './api/query'
import { listRequestQuery } from './utils/listQuery'

const PAGE = {
  items: [
    {
      project_id: 7,
      name: '智能制造产业园一期',
      stage: 'construction',
      warning_colour: 'red',
      planned_start: '2025-03-01',
      planned_end: '2027-12-31',
      actual_start: null,
      actual_end: null,
      nodes: [
        [11, 0, '2025-02-01', '2025-02-10', '2025-02-10', 'done', false],
        [12, 1, '2026-01-10', null, '2026-03-02', 'overdue', true],
      ],
    },
  ],
  node_names: ['立项', '开工'],
  total: 1,
  page: 1,
  page_size: 1000,
}

const answer = () => Promise.resolve(new Response(JSON.stringify(PAGE), { status: 200 }))

/** Mounts what 挂图作战 does to load its rows, at `path`; returns its list. */
async function loadGantt(path) {
  let list
  const Page = defineComponent({
    setup() {
      list = useQueryList('/gantt', GANTT_FILTERS, GANTT_DEFAULTS, { eager: true, decode: decodeGanttPage }).list
      return () => h('div')
    },
  })
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/gantt', component: Page }] })
  router.push(path)
  await router.isReady()
  mount({ render: () => h(Page) }, { global: { plugins: [router, i18n] } })
  await flushPromises()
  return list
}

describe('the 挂图作战 prefetch', () => {
  let fetchMock
  beforeEach(() => {
    fetchMock = vi.fn(answer)
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('asks once: the page takes the answer started before the app loaded', async () => {
    const key = prefetchRoute('/gantt', '?warning=red&stage=construction')
    expect(key).toBe('/gantt?stage=construction&warning=red&page=1&page_size=1000')
    const list = await loadGantt('/gantt?warning=red&stage=construction')
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock.mock.calls[0][0]).toBe('/api/gantt?stage=construction&warning=red&page=1&page_size=1000')
    expect(list.items).toHaveLength(1)
    expect(list.items[0].nodes.map((n) => [n.name, n.status, n.critical])).toEqual([
      ['立项', 'done', false],
      ['开工', 'overdue', true],
    ])
    expect(list.items[0].nodes[1].forecast).toBe('2026-03-02')
  })

  it('asks again when the page wants another page of rows', async () => {
    prefetchRoute('/gantt', '?page=2')
    await loadGantt('/gantt?page=3')
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/api/gantt?page=2&page_size=1000', '/api/gantt?page=3&page_size=1000'])
  })

  it('falls back to its own request when the early one failed', async () => {
    fetchMock.mockImplementationOnce(() => Promise.resolve(new Response('{}', { status: 401 })))
    prefetchRoute('/gantt', '')
    const list = await loadGantt('/gantt')
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(list.items[0].name).toBe('智能制造产业园一期')
  })

  it('starts nothing on other pages', () => {
    expect(prefetchRoute('/projects', '?q=x')).toBeUndefined()
    expect(fetchMock).not.toHaveBeenCalled()
  })
})
