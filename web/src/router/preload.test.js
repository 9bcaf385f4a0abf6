import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { preloadRoute } from './index'

describe('preloadRoute', () => {
  it("starts loading the lazy components of the page's route, and only those", () => {
    const gantt = vi.fn(() => Promise.resolve({ render: () => null }))
    const other = vi.fn(() => Promise.resolve({ render: () => null }))
    const Layout = { render: () => null }
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/', component: Layout, children: [{ path: 'gantt', component: gantt }, { path: 'projects', component: other }] }],
    })
    preloadRoute(router, '/gantt')
    expect(gantt).toHaveBeenCalledTimes(1)
    expect(other).not.toHaveBeenCalled()
  })

  it('survives a loader that fails (the router reports it when it navigates)', async () => {
    const broken = vi.fn(() => Promise.reject(new Error('offline')))
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/x', component: broken }] })
    expect(() => preloadRoute(router, '/x')).not.toThrow()
    await Promise.resolve()
    expect(broken).toHaveBeenCalled()
  })
})
