import { describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { canAccess, decide, homeFor, safeRedirect, visibleRoutes } from './guard'
import { createAppRouter, menu } from '.'

const user = (roles, extra = {}) => ({ roles, must_change_password: false, password_expired: false, ...extra })
const router = createAppRouter(createMemoryHistory())
/** The route as the guard sees it, from the real route table. */
const to = (path) => router.resolve(path)
const names = (u) => visibleRoutes(u, menu).map((r) => r.name)

const BUSINESS = ['dashboard', 'projects', 'map', 'gantt', 'reports', 'problems', 'meetings', 'inspections', 'approvals', 'approval-desk', 'elements', 'rankings', 'cockpit', 'briefings', 'mine']
const ACCOUNT = ['password', 'totp']

describe('navigation guard', () => {
  it('sends a visitor to sign in, remembering the page', () => {
    expect(decide(null, to('/projects'))).toEqual({ name: 'login', query: { redirect: '/projects' } })
    expect(decide(null, to('/system/users?q=wang'))).toEqual({ name: 'login', query: { redirect: '/system/users?q=wang' } })
    expect(decide(null, to('/login'))).toBe(true)
  })

  it('needs no redirect back to the site root', () => {
    expect(decide(null, { ...to('/dashboard'), redirectedFrom: to('/') })).toEqual({ name: 'login' })
  })

  it('shows business users the business modules and 个人中心, never a console', () => {
    for (const role of ['leader', 'office', 'unit', 'owner', 'viewer']) {
      expect(names(user([role]))).toEqual([...BUSINESS, 'warningRules', 'supervisionRules', ...ACCOUNT])
      expect(decide(user([role]), to('/projects'))).toBe(true)
      expect(decide(user([role]), to('/system/users'))).toEqual({ name: 'dashboard' })
      expect(decide(user([role]), to('/audit'))).toEqual({ name: 'dashboard' })
    }
  })

  it('shows each administrator only their own console (三权分立)', () => {
    expect(names(user(['system_admin']))).toEqual(['users', 'orgs', 'calendar', ...ACCOUNT])
    expect(names(user(['security_admin']))).toEqual(['grants', 'policy', ...ACCOUNT])
    expect(names(user(['audit_admin']))).toEqual(['audit', ...ACCOUNT])

    expect(decide(user(['system_admin']), to('/dashboard'))).toEqual({ name: 'users' })
    expect(decide(user(['system_admin']), to('/projects'))).toEqual({ name: 'users' })
    expect(decide(user(['system_admin']), to('/security/grants'))).toEqual({ name: 'users' })
    expect(decide(user(['security_admin']), to('/audit'))).toEqual({ name: 'grants' })
    expect(decide(user(['audit_admin']), to('/system/orgs'))).toEqual({ name: 'audit' })
    expect(decide(user(['audit_admin']), to('/audit'))).toBe(true)
    expect(decide(user(['audit_admin']), to('/account/totp'))).toBe(true)
  })

  it('keeps a user who must change the password on the change-password page', () => {
    for (const forced of [user(['office'], { must_change_password: true }), user(['system_admin'], { password_expired: true })]) {
      expect(decide(forced, to('/dashboard'))).toEqual({ name: 'password' })
      expect(decide(forced, to('/system/users'))).toEqual({ name: 'password' })
      expect(decide(forced, to('/account/totp'))).toEqual({ name: 'password' })
      expect(decide(forced, to('/no/such/page'))).toEqual({ name: 'password' })
      expect(decide(forced, to('/account/password'))).toBe(true)
      expect(decide(forced, to('/login'))).toEqual({ name: 'password' })
      expect(names(forced)).toEqual(['password'])
    }
  })

  it('sends a signed-in user away from the sign-in page to their home', () => {
    expect(decide(user(['office']), to('/login'))).toEqual({ name: 'dashboard' })
    expect(decide(user(['security_admin']), to('/login?redirect=/x'))).toEqual({ name: 'grants' })
  })

  it('lets a user without roles reach the dashboard and 个人中心', () => {
    expect(homeFor(user([]))).toEqual({ name: 'dashboard' })
    expect(decide(user([]), to('/dashboard'))).toBe(true)
    expect(canAccess(user([]), ['audit_admin'])).toBe(false)
  })

  it('opens project pages to business users, entry forms to those who enter projects', () => {
    for (const role of ['leader', 'office', 'unit', 'owner', 'viewer']) {
      expect(decide(user([role]), to('/projects/7'))).toBe(true)
      expect(decide(user([role]), to('/map'))).toBe(true)
    }
    for (const role of ['office', 'unit', 'owner']) {
      expect(decide(user([role]), to('/projects/new'))).toBe(true)
      expect(decide(user([role]), to('/projects/7/edit'))).toBe(true)
    }
    for (const role of ['leader', 'viewer']) {
      expect(decide(user([role]), to('/projects/new'))).toEqual({ name: 'dashboard' })
      expect(decide(user([role]), to('/projects/7/edit'))).toEqual({ name: 'dashboard' })
    }
    expect(decide(user(['system_admin']), to('/projects/7'))).toEqual({ name: 'users' })
    expect(decide(user(['audit_admin']), to('/map'))).toEqual({ name: 'audit' })
    expect(decide(user(['security_admin']), to('/projects/new'))).toEqual({ name: 'grants' })
    expect(to('/projects/new').name).toBe('project-new')
    expect(to('/projects/7').name).toBe('project')
    expect(to('/projects/7/edit').params).toEqual({ id: '7' })
  })

  it('opens the import wizards to those who enter projects and reports', () => {
    for (const role of ['office', 'unit', 'owner']) {
      expect(decide(user([role]), to('/imports/projects'))).toBe(true)
      expect(decide(user([role]), to('/imports/reports'))).toBe(true)
    }
    for (const role of ['leader', 'viewer']) expect(decide(user([role]), to('/imports/reports'))).toEqual({ name: 'dashboard' })
    expect(to('/imports/projects')).toMatchObject({ name: 'import-projects', params: { kind: 'projects' } })
    expect(to('/imports/reports')).toMatchObject({ name: 'import-reports', params: { kind: 'reports' } })
    expect(to('/imports/other').name).toBe('not-found')
  })

  it('shows page not found to any signed-in user', () => {
    expect(decide(user(['viewer']), to('/no/such/page'))).toBe(true)
    expect(decide(user(['audit_admin']), to('/no/such/page'))).toBe(true)
  })

  it('only goes back to paths of this site', () => {
    expect(safeRedirect('/projects?x=1')).toBe('/projects?x=1')
    expect(safeRedirect('//evil.example/')).toBeUndefined()
    expect(safeRedirect('/\\evil.example')).toBeUndefined()
    expect(safeRedirect('https://evil.example/')).toBeUndefined()
    expect(safeRedirect('/login')).toBeUndefined()
    expect(safeRedirect(['/a'])).toBeUndefined()
    expect(safeRedirect(undefined)).toBeUndefined()
  })
})
