import { describe, expect, it } from 'vitest'
import {
  DUE_TAGS,
  canRemind,
  dueState,
  isUrgent,
  itemLink,
  moreLink,
  presentGroups,
  remindable,
  reportsLink,
  shortTime,
  splitPeriod,
} from './todo'

describe('to-do groups', () => {
  it('keeps the groups the answer has, in page order', () => {
    const groups = { warnings: { total: 0, items: [] }, milestones_due: { total: 1, items: [] }, reports_to_fill: { total: 0, items: [] } }
    expect(presentGroups(groups)).toEqual(['reports_to_fill', 'milestones_due', 'warnings'])
    expect(presentGroups({ to_review: { total: 2, items: [] }, warnings: { total: 0, items: [] } })).toEqual(['to_review', 'warnings'])
    expect(presentGroups(undefined)).toEqual([])
    expect(presentGroups({ unknown: { total: 1, items: [] } })).toEqual([])
    expect(presentGroups({ warnings: { total: 0, items: [] }, letters_to_reply: { total: 0, items: [] }, problems_to_handle: { total: 1, items: [] } })).toEqual([
      'problems_to_handle',
      'letters_to_reply',
      'warnings',
    ])
    expect(itemLink('problems_to_handle', { id: 41, project_id: 7 })).toEqual({ name: 'problem', params: { id: '41' } })
    expect(itemLink('letters_to_reply', { id: 3, problem_id: 41 })).toEqual({ name: 'problem', params: { id: '41' } })
    expect(moreLink('problems_to_handle')).toEqual({ name: 'problems' })
    expect(moreLink('letters_to_reply')).toBeNull()
  })
})

describe('days left', () => {
  it('tells overdue, today, soon and later apart', () => {
    expect(dueState(-5)).toEqual({ state: 'overdue', days: 5 })
    expect(dueState(-1)).toEqual({ state: 'overdue', days: 1 })
    expect(dueState(0)).toEqual({ state: 'today', days: 0 })
    expect(dueState(1)).toEqual({ state: 'soon', days: 1 })
    expect(dueState(3)).toEqual({ state: 'soon', days: 3 })
    expect(dueState(4)).toEqual({ state: 'later', days: 4 })
    expect(DUE_TAGS[dueState(-2).state]).toBe('danger')
    expect(DUE_TAGS[dueState(10).state]).toBe('info')
  })

  it('highlights rounds closing within 3 days', () => {
    expect(isUrgent(0)).toBe(true)
    expect(isUrgent(3)).toBe(true)
    expect(isUrgent(4)).toBe(false)
  })
})

describe('reminders', () => {
  it('reminds projects that have not reported, drafts and returned reports only', () => {
    expect(['not_reported', 'draft', 'returned', 'submitted', 'accepted', 'superseded'].filter(canRemind)).toEqual(['not_reported', 'draft', 'returned'])
    const items = [
      { project_id: 1, status: 'accepted' },
      { project_id: 2, status: 'not_reported' },
      { project_id: 3, status: 'returned' },
      { project_id: 4, status: 'submitted' },
    ]
    expect(remindable(items).map((i) => i.project_id)).toEqual([2, 3])
    expect(remindable()).toEqual([])
  })

  it('shows the reminder time short, in Beijing time', () => {
    expect(shortTime('2026-11-08T02:00:00.000Z')).toBe('11-08 10:00')
    expect(shortTime('2026-12-31T16:30:00Z')).toBe('01-01 00:30')
    expect(shortTime(null)).toBe('')
  })
})

describe('links', () => {
  it('splits months and years', () => {
    expect(splitPeriod('2026-10')).toEqual({ year: 2026, month: 10 })
    expect(splitPeriod('2026')).toEqual({ year: 2026, month: null })
  })

  it("opens the project's 月报 tab at the month, or at the year for a plan", () => {
    expect(reportsLink(7, '2026-10')).toEqual({ name: 'project', params: { id: '7' }, query: { tab: 'reports', year: '2026', period: '2026-10' } })
    expect(reportsLink(7, '2026')).toEqual({ name: 'project', params: { id: '7' }, query: { tab: 'reports', year: '2026' } })
    expect(itemLink('to_review', { kind: 'plan', id: 3, project_id: 9, period: '2027' }).query).toEqual({ tab: 'reports', year: '2027' })
    expect(itemLink('reports_to_fill', { project_id: 9, round_id: 4, period: '2026-11' }).query.period).toBe('2026-11')
  })

  it('sends milestones to the 关键节点 tab, warnings to the project, rounds to their board', () => {
    expect(itemLink('milestones_due', { id: 1, project_id: 5 })).toEqual({ name: 'project', params: { id: '5' }, query: { tab: 'milestones' } })
    expect(itemLink('warnings', { project_id: 5, colour: 'red' })).toEqual({ name: 'project', params: { id: '5' } })
    expect(itemLink('open_rounds', { id: 12 })).toEqual({ name: 'reports', query: { round: '12' } })
  })

  it('has 查看全部 lead to the list page of each card', () => {
    expect(moreLink('warnings')).toEqual({ name: 'projects', query: { warning: 'red,yellow' } })
    expect(moreLink('milestones_due')).toEqual({ name: 'gantt' })
    expect(moreLink('approvals_overdue')).toEqual({ name: 'approval-desk', query: { status: 'in_progress' } })
    expect(itemLink('approvals_overdue', { id: 3, project_id: 5 })).toEqual({ name: 'approval-desk', query: { item: '3' } })
    expect(moreLink('to_review')).toEqual({ name: 'reports' })
    expect(moreLink('reports_to_fill', [{ round_id: 4 }, { round_id: 4 }])).toEqual({ name: 'reports', query: { round: '4' } })
    expect(moreLink('reports_to_fill', [{ round_id: 4 }, { round_id: 5 }])).toEqual({ name: 'reports' })
    expect(moreLink('open_rounds', [{ id: 8 }])).toEqual({ name: 'reports', query: { round: '8' } })
    expect(moreLink('open_rounds', [])).toEqual({ name: 'reports' })
    expect(moreLink('nothing')).toBeNull()
  })
})
