import { describe, expect, it } from 'vitest'
import { ADMIN_ROLES, BUSINESS_ROLES, ROLES, hasAdminRole, isAdminRole, rolesCompatible, toggleRole } from './roles'

describe('roles', () => {
  it('knows the three administrators and the business roles', () => {
    expect(ADMIN_ROLES).toEqual(['system_admin', 'security_admin', 'audit_admin'])
    expect(BUSINESS_ROLES).toEqual(['leader', 'office', 'unit', 'owner', 'viewer'])
    expect(ROLES).toHaveLength(8)
    expect(isAdminRole('audit_admin')).toBe(true)
    expect(isAdminRole('leader')).toBe(false)
    expect(hasAdminRole(['viewer', 'security_admin'])).toBe(true)
    expect(hasAdminRole(undefined)).toBe(false)
  })

  it('combines business roles freely, in a stable order', () => {
    expect(toggleRole([], 'unit', true)).toEqual(['unit'])
    expect(toggleRole(['unit'], 'leader', true)).toEqual(['leader', 'unit'])
    expect(toggleRole(['leader', 'unit'], 'leader', false)).toEqual(['unit'])
  })

  it('clears every other role when an administrator role is chosen', () => {
    expect(toggleRole(['leader', 'office', 'viewer'], 'system_admin', true)).toEqual(['system_admin'])
    expect(toggleRole(['security_admin'], 'audit_admin', true)).toEqual(['audit_admin'])
  })

  it('clears the administrator role when a business role is chosen', () => {
    expect(toggleRole(['audit_admin'], 'office', true)).toEqual(['office'])
  })

  it('does not duplicate a role ticked twice', () => {
    expect(toggleRole(['office'], 'office', true)).toEqual(['office'])
  })

  it('tells which sets may be granted', () => {
    expect(rolesCompatible(['leader', 'office'])).toBe(true)
    expect(rolesCompatible(['system_admin'])).toBe(true)
    expect(rolesCompatible(['system_admin', 'office'])).toBe(false)
    expect(rolesCompatible(['system_admin', 'audit_admin'])).toBe(false)
  })
})
