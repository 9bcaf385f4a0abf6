import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import AppLayout from './AppLayout.vue'
import { i18n } from '../i18n'
import { createAppRouter } from '../router'
import { useAppStore } from '../stores/app'
import { useAuthStore } from '../stores/auth'

const USERS = {
  office: { id: 5, username: 'office', display_name: '李项目办', roles: ['office'] },
  sysadmin: { id: 1, username: 'sysadmin', display_name: '系统管理员', roles: ['system_admin'] },
  auditadmin: { id: 3, username: 'auditadmin', display_name: '审计管理员', roles: ['audit_admin'] },
  newcomer: { id: 10, username: 'newcomer', display_name: '新用户', roles: ['viewer'], must_change_password: true },
}

/** Mounts the layout for a signed-in user (no /auth/me call: the store is filled in). */
async function mountLayout(path, who = 'office', { demo = false } = {}) {
  const auth = useAuthStore()
  auth.user = { org_id: 1, scope: { kind: 'own', org_ids: [] }, must_change_password: false, password_expired: false, ...USERS[who] }
  auth.loaded = true
  auth.demo = demo
  const router = createAppRouter(createMemoryHistory())
  router.push(path)
  await router.isReady()
  const wrapper = mount(AppLayout, {
    global: { plugins: [router, i18n], stubs: { RouterView: true } },
  })
  return { wrapper, router }
}

const menuTexts = (wrapper) => wrapper.findAll('[data-testid="menu"] .el-menu-item').map((w) => w.text())

describe('AppLayout', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(new Response(null, { status: 204 }))))
  })

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('shows a business user the business menu and 个人中心 in Chinese', async () => {
    const { wrapper } = await mountLayout('/projects')
    expect(menuTexts(wrapper)).toEqual([
      '工作台',
      '项目库',
      '项目一张图',
      '挂图作战',
      '调度填报',
      '问题台账',
      '会议纪要',
      '督查走访',
      '前期手续分析',
      '审批事项办理',
      '要素保障',
      '赛马比拼',
      '驾驶舱',
      '月度通报',
      '我的包联',
      '预警规则',
      '督办规则',
      '修改密码',
      '双因素认证',
    ])
    expect(wrapper.get('[data-testid="menu-section-account"]').text()).toContain('个人中心')
    expect(wrapper.get('[data-testid="menu-section-supervision"]').text()).toMatch(/问题督办[\s\S]*问题台账[\s\S]*会议纪要[\s\S]*督查走访/)
    expect(wrapper.find('[data-testid="menu-users"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="app-name"]').text()).toBe('重大项目攻坚平台')
    expect(wrapper.get('[data-testid="menu-projects"]').classes()).toContain('is-active')
    expect(wrapper.get('[data-testid="breadcrumb"]').text()).toMatch(/工作台\s*\/\s*项目库/)
    expect(wrapper.get('[data-testid="user-name"]').text()).toBe('李项目办')
    expect(wrapper.get('[data-testid="user-role"]').text()).toBe('项目办')
    expect(wrapper.find('[data-testid="demo-banner"]').exists()).toBe(false)
  })

  it('keeps 问题台账 active on a problem page, under 问题督办', async () => {
    const { wrapper } = await mountLayout('/problems/41')
    expect(wrapper.get('[data-testid="menu-problems"]').classes()).toContain('is-active')
    expect(wrapper.get('[data-testid="breadcrumb"]').text()).toMatch(/工作台\s*\/\s*问题台账\s*\/\s*问题详情/)
  })

  it('marks 审批事项办理 active on its page, not 前期手续分析 whose path it extends', async () => {
    const { wrapper } = await mountLayout('/approvals/desk')
    expect(wrapper.get('[data-testid="menu-approval-desk"]').classes()).toContain('is-active')
    expect(wrapper.get('[data-testid="menu-approvals"]').classes()).not.toContain('is-active')
  })

  it('keeps 项目库 active on a project page and links back to it', async () => {
    const { wrapper } = await mountLayout('/projects/7')
    expect(wrapper.get('[data-testid="menu-projects"]').classes()).toContain('is-active')
    expect(wrapper.get('[data-testid="breadcrumb"]').text()).toMatch(/工作台\s*\/\s*项目库\s*\/\s*项目详情/)
  })

  it('shows the system administrator only the system console', async () => {
    const { wrapper } = await mountLayout('/system/orgs', 'sysadmin', { demo: true })
    expect(menuTexts(wrapper)).toEqual(['用户管理', '组织机构', '工作日历', '修改密码', '双因素认证'])
    expect(wrapper.get('[data-testid="menu-orgs"]').classes()).toContain('is-active')
    expect(wrapper.get('[data-testid="breadcrumb"]').text()).toMatch(/系统管理\s*\/\s*组织机构/)
    expect(wrapper.get('[data-testid="demo-banner"]').text()).toContain('演示环境')
  })

  it('shows the audit administrator only the audit log', async () => {
    const { wrapper, router } = await mountLayout('/dashboard', 'auditadmin')
    expect(router.currentRoute.value.name).toBe('audit')
    expect(menuTexts(wrapper)).toEqual(['审计日志', '修改密码', '双因素认证'])
  })

  it('shows a user who must change the password nothing but that', async () => {
    const { wrapper, router } = await mountLayout('/projects', 'newcomer')
    expect(router.currentRoute.value.name).toBe('password')
    expect(menuTexts(wrapper)).toEqual(['修改密码'])
  })

  it('follows the language switch', async () => {
    const { wrapper } = await mountLayout('/dashboard')
    useAppStore().locale = 'en'
    await wrapper.vm.$nextTick()
    expect(wrapper.get('[data-testid="menu-projects"]').text()).toBe('Projects')
    expect(wrapper.get('[data-testid="user-role"]').text()).toBe('Project office')
    expect(JSON.parse(localStorage.getItem('gongjian.app')).locale).toBe('en')
    useAppStore().locale = 'zh-CN'
  })

  it('collapses the menu and remembers it', async () => {
    const { wrapper } = await mountLayout('/dashboard')
    await wrapper.get('[data-testid="menu-toggle"]').trigger('click')
    expect(wrapper.get('[data-testid="menu"]').classes()).toContain('el-menu--collapse')
    expect(JSON.parse(localStorage.getItem('gongjian.app')).collapsed).toBe(true)
  })
})
