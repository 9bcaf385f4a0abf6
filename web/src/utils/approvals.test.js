import { describe, expect, it } from 'vitest'
import { approvalForm, approvalLink, changedApprovalFields, chartRows, departmentChartOption, groupByStage, limitText, shownCode, yearOptions } from './approvals'

const t = (key, values) => (values ? `${key}:${JSON.stringify(values)}` : key)

describe('approvals utils', () => {
  it('groups by stage in stage order and position, counting what is done', () => {
    const items = [
      { id: 3, stage: 'construction', position: 5, status: 'in_progress' },
      { id: 1, stage: 'project_land', position: 1, status: 'obtained' },
      { id: 2, stage: 'project_land', position: 0, status: 'not_applicable' },
      { id: 4, stage: 'project_land', position: 2, status: 'not_started' },
    ]
    const groups = groupByStage(items)
    expect(groups.map((g) => g.stage)).toEqual(['project_land', 'construction'])
    expect(groups[0].items.map((i) => i.id)).toEqual([2, 1, 4])
    expect(groups[0].obtained).toBe(2)
  })

  it('shows the live code in progress, the duration code once obtained', () => {
    expect(shownCode({ status: 'in_progress', code: 'red', duration_code: 'none' })).toBe('red')
    expect(shownCode({ status: 'obtained', code: 'none', duration_code: 'yellow' })).toBe('yellow')
    expect(shownCode({ status: 'not_started', code: 'red' })).toBe('none')
  })

  it('writes limits by their unit', () => {
    expect(limitText(t, { limit_days: 20, limit_kind: 'working' })).toBe('approvals.limit.working:{"n":20}')
    expect(limitText(t, { limit_days: 7, limit_kind: 'calendar' })).toBe('approvals.limit.calendar:{"n":7}')
    expect(limitText(t, { limit_days: null })).toBe('—')
  })

  it('sends only what changed, and clears dates the status cannot have', () => {
    const item = { stage: 'project_land', name: '施工许可证', status: 'in_progress', applied_on: '2026-10-30', approved_on: null, doc_number: '', note: '', limit_days: 7, limit_kind: 'calendar', department_org_id: 5, attachment_id: null }
    const form = approvalForm(item)
    expect(changedApprovalFields(item, form)).toEqual({})
    form.status = 'obtained'
    form.approved_on = '2026-11-05'
    form.doc_number = ' 施许字12号 '
    expect(changedApprovalFields(item, form)).toEqual({ status: 'obtained', approved_on: '2026-11-05', doc_number: '施许字12号' })
    const back = approvalForm(item)
    back.status = 'not_started'
    expect(changedApprovalFields(item, back)).toEqual({ status: 'not_started', applied_on: null })
  })

  it('charts departments with a median, slowest at the top', () => {
    const rows = chartRows(
      [
        { name: '区自然资源和规划局', median_days: 20, p90_days: 30, overdue: 3 },
        { name: '', median_days: 3, p90_days: 3, overdue: 0 },
        { name: '区住房和城乡建设局', median_days: null, p90_days: null, overdue: 1 },
      ],
      '未指定',
    )
    expect(rows.map((r) => r.name)).toEqual(['区自然资源和规划局', '未指定'])
    const option = departmentChartOption(rows, t)
    expect(option.yAxis.data).toEqual(['未指定', '区自然资源和规划局'])
    expect(option.series[0].data).toEqual([3, 20])
    expect(option.series[1].data).toEqual([3, 30])
    expect(option.animation).toBe(false)
  })

  it('offers ten years back from this one', () => {
    expect(yearOptions(2026, 3)).toEqual([2026, 2025, 2024])
  })
})

describe('approvalLink', () => {
  it("opens the project's tab when the user sees the project", () => {
    expect(approvalLink({ id: 7, project_id: 3, project_visible: true })).toEqual({ name: 'project', params: { id: '3' }, query: { tab: 'approvals' } })
  })
  it("opens the department's desk on the item otherwise", () => {
    expect(approvalLink({ id: 7, project_id: 3, project_visible: false })).toEqual({ name: 'approval-desk', query: { item: '7' } })
    expect(approvalLink({ id: 7, project_id: 3 })).toEqual({ name: 'approval-desk', query: { item: '7' } })
  })
})
