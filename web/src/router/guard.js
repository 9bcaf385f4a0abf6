// Who may open which page: pure functions of the signed-in user and the route, so that the
// navigation guard and the side menu make the same decision and tests can check it without a
// browser. The server checks every request again; this only keeps people on their own pages.
import { hasAdminRole } from '../auth/roles'

/**
 * meta.access of a route:
 * - 'public': anyone, signed in or not (the sign-in page);
 * - 'user': every signed-in user (个人中心, page not found);
 * - 'business': signed-in users without an administrator role (三权分立: administrators see no
 *   business module);
 * - an array of roles: users holding one of them (the administrator consoles).
 * @typedef {'public'|'user'|'business'|string[]} Access
 */

/**
 * @typedef {object} SignedInUser
 * @property {string[]} roles
 * @property {boolean} [must_change_password]
 * @property {boolean} [password_expired]
 */

/** The page a user who must change the password is kept on. */
export const PASSWORD_ROUTE = 'password'
export const LOGIN_ROUTE = 'login'

/** Where each administrator lands; everybody else lands on the dashboard. */
const ADMIN_HOMES = { system_admin: 'users', security_admin: 'grants', audit_admin: 'audit' }

/** @param {SignedInUser} user */
export const mustChangePassword = (user) => Boolean(user.must_change_password || user.password_expired)

/**
 * @param {SignedInUser} user
 * @param {Access} [access] 'user' when not given
 */
export function canAccess(user, access = 'user') {
  if (access === 'public' || access === 'user') return true
  if (access === 'business') return !hasAdminRole(user.roles)
  return user.roles.some((role) => access.includes(role))
}

/**
 * The user's home page.
 * @param {SignedInUser} user
 * @returns {{name: string}}
 */
export function homeFor(user) {
  if (mustChangePassword(user)) return { name: PASSWORD_ROUTE }
  const admin = user.roles.find((role) => ADMIN_HOMES[role])
  return { name: admin ? ADMIN_HOMES[admin] : 'dashboard' }
}

/**
 * The path to come back to after signing in, or undefined when the value is not a path of this
 * site (an open redirect) or is the sign-in page itself.
 * @param {unknown} value the `redirect` query parameter
 */
export function safeRedirect(value) {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return undefined
  if (value.includes('\\') || value === '/login' || value.startsWith('/login?')) return undefined
  return value
}

/**
 * The navigation guard's decision.
 * @param {SignedInUser | null} user null when not signed in
 * @param {{name?: string|symbol|null, fullPath?: string, meta?: {access?: Access}, redirectedFrom?: {fullPath: string}}} to
 * @returns {true | {name: string, query?: Record<string, string>}} true to allow, else where to go instead
 */
export function decide(user, to) {
  const access = to.meta?.access ?? 'user'
  if (access === 'public') return user && to.name === LOGIN_ROUTE ? homeFor(user) : true
  if (!user) {
    // Coming back to the site root needs no redirect: it is the home page anyway.
    const from = to.redirectedFrom?.fullPath ?? to.fullPath
    return !from || from === '/' ? { name: LOGIN_ROUTE } : { name: LOGIN_ROUTE, query: { redirect: to.fullPath } }
  }
  if (mustChangePassword(user)) return to.name === PASSWORD_ROUTE ? true : { name: PASSWORD_ROUTE }
  return canAccess(user, access) ? true : homeFor(user)
}

/**
 * The menu entries a user sees: exactly the routes the guard lets them open.
 * @template {{name?: string, meta?: {access?: Access}}} R
 * @param {SignedInUser | null} user
 * @param {R[]} routes
 * @returns {R[]}
 */
export const visibleRoutes = (user, routes) => routes.filter((route) => decide(user, route) === true)
