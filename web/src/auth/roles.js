// Roles of the platform. The three administrators (三权分立) manage accounts, grants and the audit
// log and never see business data; an administrator role is never combined with another role.

/** @typedef {'system_admin'|'security_admin'|'audit_admin'|'leader'|'office'|'unit'|'owner'|'viewer'} Role */

/** @type {Role[]} */
export const ADMIN_ROLES = ['system_admin', 'security_admin', 'audit_admin']

/** @type {Role[]} */
export const BUSINESS_ROLES = ['leader', 'office', 'unit', 'owner', 'viewer']

/** Every role, administrators first; the label is the i18n key `roles.<role>`. */
export const ROLES = [...ADMIN_ROLES, ...BUSINESS_ROLES]

/** @param {string} role */
export const isAdminRole = (role) => ADMIN_ROLES.includes(role)

/** @param {string[] | undefined} roles */
export const hasAdminRole = (roles) => (roles ?? []).some(isAdminRole)

/**
 * The roles after ticking or unticking one, keeping administrator roles exclusive: choosing an
 * administrator role clears every other role, and choosing any role clears an administrator role.
 * @param {string[]} roles the current selection
 * @param {string} role the role clicked
 * @param {boolean} checked
 * @returns {string[]} a new array, in the order of ROLES
 */
export function toggleRole(roles, role, checked) {
  if (!checked) return roles.filter((r) => r !== role)
  const kept = isAdminRole(role) ? [] : roles.filter((r) => !isAdminRole(r))
  return ROLES.filter((r) => r === role || kept.includes(r))
}

/**
 * Whether a set of roles may be granted together (the server enforces the same rule).
 * @param {string[]} roles
 */
export const rolesCompatible = (roles) => !hasAdminRole(roles) || roles.length === 1
