// 工作台 (the to-do page) and 催报: the groups GET /api/todo answers, in the order the page shows
// them, how near a deadline is, and where each item and each card's 查看全部 leads.
import { formatTime } from './time'

/** The groups of GET /api/todo in page order. A group the answer leaves out does not apply to the user. */
export const TODO_GROUPS = ['reports_to_fill', 'to_review', 'problems_to_handle', 'letters_to_reply', 'milestones_due', 'approvals_overdue', 'warnings']

/** Open rounds closing within this many days (and deadlines as near) are highlighted. */
export const URGENT_DAYS = 3

/** Board statuses the office may remind (催报): no report yet, a draft, a returned report. */
export const REMIND_STATUSES = ['not_reported', 'draft', 'returned']

/**
 * The groups that apply to the user, in page order.
 * @param {Record<string, {total: number, items: any[]}> | null | undefined} groups
 * @returns {string[]}
 */
export const presentGroups = (groups) => TODO_GROUPS.filter((key) => Boolean(groups?.[key]))

/**
 * How near a deadline is, from the server's whole days left (negative: past it).
 * - 'overdue': days is how many days late (> 0);
 * - 'today': due today (days 0);
 * - 'soon': due within URGENT_DAYS days;
 * - 'later': further off.
 * @param {number} daysLeft
 * @returns {{state: 'overdue'|'today'|'soon'|'later', days: number}}
 */
export function dueState(daysLeft) {
  if (daysLeft < 0) return { state: 'overdue', days: -daysLeft }
  if (daysLeft === 0) return { state: 'today', days: 0 }
  return { state: daysLeft <= URGENT_DAYS ? 'soon' : 'later', days: daysLeft }
}

/** el-tag type of each dueState state. */
export const DUE_TAGS = { overdue: 'danger', today: 'danger', soon: 'warning', later: 'info' }

/** Whether a round or deadline with these days left is close enough to stand out. */
export const isUrgent = (daysLeft) => daysLeft <= URGENT_DAYS

/** Whether the office may remind a project with this board status. */
export const canRemind = (status) => REMIND_STATUSES.includes(status)

/**
 * The board rows the office may remind.
 * @param {{status: string}[]} [items]
 */
export const remindable = (items = []) => items.filter((item) => canRemind(item.status))

/**
 * An instant as short Beijing time for a list row: '2026-11-08T02:00:00.000Z' → '11-08 10:00'.
 * @param {string | null | undefined} iso
 * @returns {string} '' when there is no time
 */
export function shortTime(iso) {
  const full = formatTime(iso)
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(full) ? full.slice(5, 16) : full
}

/**
 * A period as the API names it split for display: '2026-10' → {year: 2026, month: 10};
 * '2026' (an annual plan) → {year: 2026, month: null}.
 * @param {string} period
 */
export function splitPeriod(period) {
  const [year, month] = String(period).split('-')
  return { year: Number(year), month: month ? Number(month) : null }
}

const projectId = (id) => String(id)

/** The project page. */
export const projectLink = (id) => ({ name: 'project', params: { id: projectId(id) } })

/**
 * The project's 月报 tab at the period's year; a month ('2026-10') also opens that month's report.
 * @param {number} id project id
 * @param {string} period '2026-10', or '2026' for an annual plan
 */
export function reportsLink(id, period) {
  const { year, month } = splitPeriod(period)
  const query = { tab: 'reports', year: String(year) }
  if (month) query.period = period
  return { name: 'project', params: { id: projectId(id) }, query }
}

/** The project's 关键节点 tab. */
export const milestonesLink = (id) => ({ name: 'project', params: { id: projectId(id) }, query: { tab: 'milestones' } })

/** A problem's page (问题督办). */
export const problemLink = (id) => ({ name: 'problem', params: { id: String(id) } })

/** A round's board on 调度填报. */
export const roundLink = (id) => ({ name: 'reports', query: { round: String(id) } })

/** The project list showing the red and yellow projects. */
export const WARNED_PROJECTS = { name: 'projects', query: { warning: 'red,yellow' } }

/**
 * Where a card's 查看全部 leads, or null when no page lists it.
 * - open rounds, reports to fill, to review: 调度填报 (the round's board when the items all belong
 *   to one round);
 * - milestones due: 挂图作战, the portfolio of milestone nodes;
 * - warnings: the project list filtered to red and yellow.
 * @param {string} key a TODO_GROUPS key or 'open_rounds'
 * @param {any[]} [items]
 */
export function moreLink(key, items = []) {
  switch (key) {
    case 'open_rounds':
      return items.length === 1 ? roundLink(items[0].id) : { name: 'reports' }
    case 'reports_to_fill': {
      const rounds = new Set(items.map((item) => item.round_id))
      return rounds.size === 1 ? roundLink([...rounds][0]) : { name: 'reports' }
    }
    case 'to_review':
      return { name: 'reports' }
    case 'milestones_due':
      return { name: 'gantt' }
    case 'approvals_overdue':
      return { name: 'approval-desk', query: { status: 'in_progress' } }
    case 'warnings':
      return WARNED_PROJECTS
    case 'problems_to_handle':
      return { name: 'problems' }
    default:
      return null
  }
}

/**
 * Where one item of a card leads.
 * @param {string} key a TODO_GROUPS key or 'open_rounds'
 * @param {any} item
 */
export function itemLink(key, item) {
  switch (key) {
    case 'open_rounds':
      return roundLink(item.id)
    case 'reports_to_fill':
    case 'to_review':
      return reportsLink(item.project_id, item.period)
    case 'milestones_due':
      return milestonesLink(item.project_id)
    case 'approvals_overdue':
      return { name: 'approval-desk', query: { item: String(item.id) } }
    case 'problems_to_handle':
      return problemLink(item.id)
    case 'letters_to_reply':
      return problemLink(item.problem_id)
    default:
      return projectLink(item.project_id)
  }
}
