import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { get, post, setCsrfToken } from '../api/client'
import { mustChangePassword } from '../router/guard'

/**
 * @typedef {object} User the signed-in user, as /api/auth/me describes it
 * @property {number} id
 * @property {string} username
 * @property {string} display_name
 * @property {number} org_id
 * @property {string[]} roles
 * @property {{kind: 'own'|'orgs'|'all', org_ids: number[]}} scope
 * @property {boolean} must_change_password
 * @property {boolean} password_expired
 * @property {boolean} totp_enabled
 */

/**
 * Who is signed in. The session itself is an HttpOnly cookie the page cannot read; the store keeps
 * the user and the CSRF token the server handed out with it.
 */
export const useAuthStore = defineStore('auth', () => {
  /** @type {import('vue').Ref<User | null>} */
  const user = ref(null)
  const csrfToken = ref('')
  /** Whether the server runs the demo district (from /auth/me or /health). */
  const demo = ref(false)
  /** Whether /auth/me has been asked once since the page loaded. */
  const loaded = ref(false)
  /** A message for the sign-in page, e.g. that the session expired. */
  const notice = ref('')

  const signedIn = computed(() => user.value !== null)
  const passwordChangeRequired = computed(() => user.value !== null && mustChangePassword(user.value))

  function setSession(me) {
    user.value = me.user
    csrfToken.value = me.csrf_token ?? ''
    setCsrfToken(csrfToken.value)
    if (typeof me.demo === 'boolean') demo.value = me.demo
  }

  function clear() {
    user.value = null
    csrfToken.value = ''
    setCsrfToken('')
  }

  /**
   * Asks the server who is signed in (once, unless forced). A 401 simply means nobody is.
   * @param {boolean} [force] ask again, e.g. after the password was changed
   */
  async function load(force = false) {
    if (loaded.value && !force) return
    try {
      setSession(await get('/auth/me', { silent: true }))
    } catch {
      clear()
    } finally {
      loaded.value = true
    }
  }

  /**
   * Signs in. Rejects with the server's ApiError (not shown: the form shows it); error.field is
   * 'otp' when the account needs a one-time code.
   * @param {{username: string, password: string, otp?: string}} credentials
   */
  async function login(credentials) {
    const body = { username: credentials.username, password: credentials.password }
    if (credentials.otp) body.otp = credentials.otp
    setSession(await post('/auth/login', body, { silent: true }))
    loaded.value = true
    notice.value = ''
  }

  /** Ends the session on the server (errors do not matter: the page forgets it anyway). */
  async function logout() {
    // Forgotten first, so that a 401 (the session had expired) is not taken for a new expiry.
    user.value = null
    try {
      await post('/auth/logout', undefined, { silent: true })
    } catch {
      // An expired session is as good as ended.
    }
    clear()
  }

  /**
   * The session ended behind the page's back (a 401): forget it and keep the server's message.
   * @param {string} message
   */
  function expire(message) {
    clear()
    notice.value = message
  }

  /** @param {...string} roles @returns {boolean} whether the user holds any of them */
  const hasRole = (...roles) => Boolean(user.value?.roles.some((role) => roles.includes(role)))

  return {
    user,
    csrfToken,
    demo,
    loaded,
    notice,
    signedIn,
    passwordChangeRequired,
    load,
    login,
    logout,
    expire,
    clear,
    hasRole,
  }
})
