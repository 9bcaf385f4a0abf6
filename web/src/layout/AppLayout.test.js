import { beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import AppLayout from './AppLayout.vue'
import { i18n } from '../i18n'
import { createAppRouter } from '../router'
import { useAppStore } from '../stores/app'

async function mountLayout(path) {
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  return mount(AppLayout, {
    global: { plugins: [router, i18n], stubs: { RouterView: true } },
  })
}

describe('AppLayout', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })

  it('renders the menu in Chinese', async () => {
    const wrapper = await mountLayout('/projects')
    const items = wrapper.findAll('[data-testid="menu"] .el-menu-item').map((w) => w.text())
    expect(items).toEqual(['工作台', '项目库', '调度填报', '问题督办', '前期手续', '要素保障', '赛马比拼', '驾驶舱', '系统管理'])
    expect(wrapper.get('[data-testid="app-name"]').text()).toBe('重大项目攻坚平台')
    expect(wrapper.get('[data-testid="menu-projects"]').classes()).toContain('is-active')
    expect(wrapper.get('[data-testid="breadcrumb"]').text()).toMatch(/工作台\s*\/\s*项目库/)
  })

  it('follows the language switch', async () => {
    const wrapper = await mountLayout('/dashboard')
    useAppStore().locale = 'en'
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[data-testid="menu-projects"]').text()).toBe('Projects')
    expect(JSON.parse(localStorage.getItem('gongjian.app')).locale).toBe('en')
  })

  it('collapses the menu and remembers it', async () => {
    const wrapper = await mountLayout('/dashboard')
    await wrapper.get('[data-testid="menu-toggle"]').trigger('click')
    expect(wrapper.get('[data-testid="menu"]').classes()).toContain('el-menu--collapse')
    expect(JSON.parse(localStorage.getItem('gongjian.app')).collapsed).toBe(true)
  })
})
