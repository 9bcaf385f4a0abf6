import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { prefetch } from './api/prefetch'
import { queryString } from './api/query'
import { useAuthStore } from './stores/auth'
import { GANTT_DEFAULTS, GANTT_FILTERS } from './utils/gantt'
import { listRequestQuery } from './utils/listQuery'
import { earlyScript, routeFiles } from '../build/routePreload'

const source = resolve(process.cwd(), 'src/early.js')

/** Runs the early script as the browser would, with the route files `files`; returns what it did. */
function run(pathname, search = '', files = {}) {
  const win = {}
  const links = []
  const fetchMock = vi.fn(() => Promise.resolve(new Response('{}', { status: 200 })))
  const document = { createElement: () => ({}), head: { appendChild: (l) => links.push(l) } }
  new Function('window', 'self', 'location', 'fetch', 'document', earlyScript(source, files))(win, win, { pathname, search }, fetchMock, document)
  return { prefetched: Object.keys(win.__gjPrefetch), urls: fetchMock.mock.calls.map(([url]) => url), links }
}

describe('the early script (prefetch-early.js)', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('asks for the session on every page but sign-in, and 挂图作战’s rows when opened without a query', () => {
    const gantt = '/gantt' + queryString(listRequestQuery({}, GANTT_FILTERS, GANTT_DEFAULTS))
    expect(run('/gantt').prefetched).toEqual(['/auth/me', gantt])
    expect(run('/gantt').urls).toEqual(['/api/auth/me', `/api${gantt}`])
    expect(run('/gantt', '?warning=red').prefetched).toEqual(['/auth/me'])
    expect(run('/projects').prefetched).toEqual(['/auth/me'])
    expect(run('/login').urls).toEqual([])
  })

  it('preloads the files of the page opened: modules as modulepreload, CSS as style in the CORS mode Vite links it', () => {
    const files = { '/gantt': ['/assets/GanttView-1.js', '/assets/GanttView-2.css'] }
    const { links } = run('/gantt', '?q=x', files)
    expect(links).toEqual([
      { rel: 'modulepreload', href: '/assets/GanttView-1.js' },
      { rel: 'preload', as: 'style', crossOrigin: '', href: '/assets/GanttView-2.css' },
    ])
    expect(run('/projects', '', files).links).toEqual([])
  })

  it('hands the session it asked for to the auth store, which then asks nothing more', async () => {
    setActivePinia(createPinia())
    const me = { user: { id: 3, username: 'office', display_name: '李项目办', roles: ['office'] }, csrf_token: 't' }
    const fetchMock = vi.fn(() => Promise.resolve(new Response(JSON.stringify(me), { status: 200 })))
    vi.stubGlobal('fetch', fetchMock)
    prefetch('/auth/me')
    const auth = useAuthStore()
    await auth.load()
    expect(auth.user.display_name).toBe('李项目办')
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })
})

describe('routeFiles', () => {
  const chunk = (fileName, { imports = [], dynamicImports = [], css = [], facade, entry = false } = {}) => ({
    type: 'chunk',
    fileName,
    imports,
    dynamicImports,
    isEntry: entry,
    facadeModuleId: facade,
    viteMetadata: { importedCss: new Set(css) },
  })
  const bundle = {
    a: chunk('assets/index.js', { entry: true, imports: ['assets/vendor.js'] }),
    b: chunk('assets/vendor.js'),
    c: chunk('assets/GanttView.js', { facade: '/r/src/views/gantt/GanttView.vue', imports: ['assets/index.js', 'assets/vendor.js', 'assets/useChart.js'], css: ['assets/GanttView.css'] }),
    d: chunk('assets/useChart.js', { dynamicImports: ['assets/echartsGantt.js', 'assets/Other.js'] }),
    e: chunk('assets/echartsGantt.js', { imports: ['assets/echarts.js'] }),
    f: chunk('assets/echarts.js', { css: [] }),
    g: chunk('assets/Other.js'),
  }

  it("lists the view's chunks and the lazy chart chunks, without the entry or other lazy pages", () => {
    const files = routeFiles('/r', bundle, { '/gantt': { view: 'src/views/gantt/GanttView.vue', lazy: /echartsGantt/ } })
    expect(files['/gantt']).toEqual([
      '/assets/GanttView.js',
      '/assets/vendor.js',
      '/assets/useChart.js',
      '/assets/echartsGantt.js',
      '/assets/echarts.js',
      '/assets/GanttView.css',
    ])
  })

  it('fails the build when a route has no chunk', () => {
    expect(() => routeFiles('/r', bundle, { '/x': { view: 'src/views/X.vue' } })).toThrow(/no chunk/)
  })
})
