import { describe, expect, it } from 'vitest'
import { actionRequest, allowedActions, meetingKindOf, nextLevel, tabActive, tabFilters } from './problems'

describe('problem actions', () => {
  it('offers what the server allows, in the closed loop order', () => {
    expect(allowedActions({ letter: true, close: true, assign: false, escalate: true, reopen: false })).toEqual(['close', 'escalate', 'letter'])
    expect(allowedActions(undefined)).toEqual([])
  })

  it('builds each action request as the API takes it', () => {
    expect(actionRequest('assign', 4, { responsible_org_id: 9, cooperating_org_ids: [3, 5], deadline: '2026-12-31' })).toEqual({
      path: '/problems/4/assign',
      body: { responsible_org_id: 9, cooperating_org_ids: [3, 5], deadline: '2026-12-31' },
    })
    expect(actionRequest('step', 4, { text: ' 已协调供电局 ', on: '2026-11-28' })).toEqual({ path: '/problems/4/steps', body: { text: '已协调供电局', on: '2026-11-28' } })
    expect(actionRequest('step', 4, { text: 'x', on: '' }).body).toEqual({ text: 'x' })
    expect(actionRequest('submit', 4, { result: '已通电' })).toEqual({ path: '/problems/4/submit', body: { result: '已通电' } })
    expect(actionRequest('confirm', 4, { accept: true, reason: 'ignored' }).body).toEqual({ accept: true })
    expect(actionRequest('confirm', 4, { accept: false, reason: ' 未通电 ' }).body).toEqual({ accept: false, reason: '未通电' })
    expect(actionRequest('close', 4)).toEqual({ path: '/problems/4/close', body: {} })
    expect(actionRequest('reopen', 4, { reason: '复发' })).toEqual({ path: '/problems/4/reopen', body: { reason: '复发' } })
    expect(actionRequest('escalate', 4, { level: 'weekly', meeting_id: 2, decision: '限期解决', on: '2026-11-29' })).toEqual({
      path: '/problems/4/escalate',
      body: { to_level: 'weekly', meeting_id: 2, decision: '限期解决', on: '2026-11-29' },
    })
    expect(actionRequest('escalate', 4, { level: 'leaders', meeting_id: null, decision: 'd', on: '' }).body).toEqual({ to_level: 'leaders', decision: 'd' })
    expect(actionRequest('letter', 4, { kind: 'supervise', reply_deadline: '2026-12-05' })).toEqual({
      path: '/problems/4/letters',
      body: { kind: 'supervise', reply_deadline: '2026-12-05' },
    })
    expect(() => actionRequest('fly', 4)).toThrow()
  })

  it('escalates one rung up the ladder and stops at the top', () => {
    expect(nextLevel('unit')).toBe('weekly')
    expect(nextLevel('weekly')).toBe('coordination')
    expect(nextLevel('coordination')).toBe('leaders')
    expect(nextLevel('leaders')).toBe('leaders')
    expect(nextLevel(undefined)).toBe('weekly')
    expect(meetingKindOf('unit')).toBeNull()
    expect(meetingKindOf('coordination')).toBe('coordination')
  })
})

describe('the state tabs of 问题台账', () => {
  it('marks the tab the filters name', () => {
    expect(tabActive('', { state: [], overdue: '' })).toBe(true)
    expect(tabActive('pending', { state: ['pending'], overdue: '' })).toBe(true)
    expect(tabActive('pending', { state: ['pending', 'returned'], overdue: '' })).toBe(false)
    expect(tabActive('overdue', { state: [], overdue: '1' })).toBe(true)
    expect(tabActive('', { state: [], overdue: '1' })).toBe(false)
    expect(tabActive('pending', { state: ['pending'], overdue: '1' })).toBe(false)
  })

  it('sets the state or the overdue filter, not both', () => {
    expect(tabFilters('overdue')).toEqual({ state: [], overdue: '1' })
    expect(tabFilters('returned')).toEqual({ state: ['returned'], overdue: '' })
    expect(tabFilters('')).toEqual({ state: [], overdue: '' })
  })
})
