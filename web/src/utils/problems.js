// 问题督办 (SPEC §6, the problem closed loop): the API's names for a problem's type, state and
// escalation level, the letters and the meetings, the search form of 问题台账, and the actions the
// problem page offers from the server's `can`.

/** Problem types, in the order of SPEC §6. */
export const PROBLEM_TYPES = ['land', 'funds', 'demolition', 'approval', 'utilities', 'energy_env', 'construction', 'policy', 'other']

/** States, in the order of the closed loop (待交办 → 办理中 → 待确认 → 已销号, then 已退回 / 重新打开). */
export const PROBLEM_STATES = ['pending', 'in_progress', 'awaiting_confirmation', 'closed', 'returned', 'reopened']

/** The escalation ladder, lowest first. */
export const PROBLEM_LEVELS = ['unit', 'weekly', 'coordination', 'leaders']

/** Meetings are the ladder's rungs above the unit. */
export const MEETING_KINDS = ['weekly', 'coordination', 'leaders']

/** 两函一单. */
export const LETTER_KINDS = ['assign', 'remind', 'supervise']

/** el-tag type of each state. */
export const STATE_TAGS = {
  pending: 'warning',
  in_progress: 'primary',
  awaiting_confirmation: 'success',
  closed: 'info',
  returned: 'danger',
  reopened: 'danger',
}

/** el-tag type of each level: the higher the rung, the louder. */
export const LEVEL_TAGS = { unit: 'info', weekly: 'primary', coordination: 'warning', leaders: 'danger' }

/** Roles that may raise a problem on a project they see (the server decides per project). */
export const RAISE_ROLES = ['owner', 'unit', 'office', 'leader']

/** The search form of 问题台账, as the URL and GET /problems name it. */
export const PROBLEM_FILTERS = {
  state: 'list',
  type: 'string',
  responsible_org_id: 'int',
  level: 'string',
  overdue: 'string',
  q: 'string',
}

/** 问题台账's defaults: GET /problems sorts by itself (overdue first, then deadline, newest). */
export const PROBLEM_DEFAULTS = { size: 20, sizes: [20, 50, 100], sort: '', sortKeys: [] }

/**
 * The actions of the problem page in the closed loop's order; each is shown when `can[action]`.
 * `dialog` names the form it opens (close has none: it only asks to confirm).
 */
export const PROBLEM_ACTIONS = ['assign', 'step', 'submit', 'confirm', 'close', 'reopen', 'escalate', 'letter']

/** el-button type of each action. */
export const ACTION_BUTTONS = {
  assign: 'primary',
  step: 'primary',
  submit: 'success',
  confirm: 'success',
  close: 'success',
  reopen: 'danger',
  escalate: 'warning',
  letter: 'warning',
}

/**
 * The actions the caller may take now, in order.
 * @param {Record<string, boolean> | null | undefined} can the problem's `can`
 * @returns {string[]}
 */
export const allowedActions = (can) => PROBLEM_ACTIONS.filter((action) => Boolean(can?.[action]))

/**
 * The route and body of an action's request. `form` is the dialog's state.
 * @param {string} action one of PROBLEM_ACTIONS
 * @param {number} id the problem
 * @param {Record<string, any>} form
 * @returns {{path: string, body: Record<string, any>}}
 */
export function actionRequest(action, id, form = {}) {
  const base = `/problems/${id}`
  const text = (value) => String(value ?? '').trim()
  switch (action) {
    case 'assign':
      return {
        path: `${base}/assign`,
        body: { responsible_org_id: form.responsible_org_id ?? null, cooperating_org_ids: [...(form.cooperating_org_ids ?? [])], deadline: form.deadline || null },
      }
    case 'step': {
      const body = { text: text(form.text) }
      if (form.on) body.on = form.on
      return { path: `${base}/steps`, body }
    }
    case 'submit':
      return { path: `${base}/submit`, body: { result: text(form.result) } }
    case 'confirm': {
      const body = { accept: Boolean(form.accept) }
      if (!form.accept) body.reason = text(form.reason)
      return { path: `${base}/confirm`, body }
    }
    case 'close':
      return { path: `${base}/close`, body: {} }
    case 'reopen':
      return { path: `${base}/reopen`, body: { reason: text(form.reason) } }
    case 'escalate': {
      const body = { to_level: form.level, decision: text(form.decision) }
      if (form.meeting_id) body.meeting_id = form.meeting_id
      if (form.on) body.on = form.on
      return { path: `${base}/escalate`, body }
    }
    case 'letter':
      return { path: `${base}/letters`, body: { kind: form.kind, reply_deadline: form.reply_deadline || null } }
    default:
      throw new Error(`unknown problem action ${action}`)
  }
}

/** The level above `level` on the ladder (the escalate dialog's first choice); the top stays. */
export function nextLevel(level) {
  const i = PROBLEM_LEVELS.indexOf(level)
  return PROBLEM_LEVELS[Math.min(Math.max(i + 1, 1), PROBLEM_LEVELS.length - 1)]
}

/** The meeting kind that decides at a level (none for the unit itself). */
export const meetingKindOf = (level) => (MEETING_KINDS.includes(level) ? level : null)

/** The state-count tabs of 问题台账: every state, then 超期. */
export const COUNT_TABS = [...PROBLEM_STATES, 'overdue']

/**
 * Whether a count tab is the current filter: a state tab when the filter is that state alone,
 * 超期 when only overdue is on, 全部 when neither.
 * @param {string} tab '' (全部), a state or 'overdue'
 * @param {{state: string[], overdue: string}} filters
 */
export function tabActive(tab, filters) {
  const states = filters.state ?? []
  const overdue = filters.overdue === '1'
  if (tab === '') return states.length === 0 && !overdue
  if (tab === 'overdue') return overdue && states.length === 0
  return !overdue && states.length === 1 && states[0] === tab
}

/** The filters a count tab sets (the others stay). */
export function tabFilters(tab) {
  if (tab === 'overdue') return { state: [], overdue: '1' }
  if (tab === '') return { state: [], overdue: '' }
  return { state: [tab], overdue: '' }
}

/** The problem page. */
export const problemLink = (id) => ({ name: 'problem', params: { id: String(id) } })

/** A meeting's page. */
export const meetingLink = (id) => ({ name: 'meeting', params: { id: String(id) } })

/** The archived PDF of a letter. */
export const letterPdfUrl = (id) => `/api/letters/${id}/pdf`

/** Event kinds the timeline colours (el-timeline-item type). */
export const EVENT_TYPES = {
  raised: 'primary',
  assigned: 'primary',
  reassigned: 'primary',
  step: 'info',
  submitted: 'success',
  confirmed: 'success',
  rejected: 'danger',
  closed: 'success',
  reopened: 'danger',
  escalated: 'warning',
  letter: 'warning',
  replied: 'info',
}
