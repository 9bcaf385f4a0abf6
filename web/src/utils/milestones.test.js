import { describe, expect, it } from 'vitest'
import zhCN from '../i18n/zh-CN.json'
import { WARNING_HEX } from './warnings'
import en from '../i18n/en.json'
import {
  DAY_MS,
  MILESTONE_STATUSES,
  STATUS_COLORS,
  anchorText,
  changedFields,
  dateToTime,
  depText,
  milestoneBody,
  milestoneErrorField,
  milestoneForm,
  moveItem,
  predecessorOptions,
  statusColor,
  statusTag,
  templateBody,
  templateForm,
  timeExtent,
  timeToDate,
  warningHex,
} from './milestones'

const MILESTONE = {
  id: 12,
  project_id: 3,
  position: 1,
  name: '施工许可',
  planned: '2026-05-10',
  actual: null,
  responsible_org_id: 7,
  responsible_org_name: '区住建局',
  responsible_person: '张三',
  note: '',
  deps: [{ predecessor_id: 11, lag_days: 5, predecessor_name: '规划许可', predecessor_project_id: 3, predecessor_project_name: '智能制造产业园' }],
  forecast: '2026-05-12',
  status: 'late_forecast',
  version: 4,
}

describe('milestone statuses', () => {
  it('colours done green, overdue red, due soon and late forecast orange, pending grey', () => {
    expect(statusTag('done')).toBe('success')
    expect(statusTag('overdue')).toBe('danger')
    expect(statusTag('due_soon')).toBe('warning')
    expect(statusTag('late_forecast')).toBe('warning')
    expect(statusTag('pending')).toBe('info')
    expect(statusColor('done')).toBe('#67c23a')
    expect(statusColor('overdue')).toBe('#f56c6c')
    expect(statusColor('due_soon')).toBe(statusColor('late_forecast'))
    expect(statusColor('pending')).toBe('#909399')
  })

  it('draws a status it does not know as pending', () => {
    expect(statusColor('suspended')).toBe(STATUS_COLORS.pending)
    expect(statusTag(undefined)).toBe('info')
  })

  it('has a label for every status and a pale light for none', () => {
    for (const s of MILESTONE_STATUSES) {
      expect(zhCN.milestones.statuses[s]).toBeTruthy()
      expect(en.milestones.statuses[s]).toBeTruthy()
    }
    expect(warningHex('red')).toBe(WARNING_HEX.red)
    expect(warningHex(null)).toBe('#dcdfe6')
  })
})

describe('dates on the time axis', () => {
  it('puts a date at its local midnight and reads it back', () => {
    const t = dateToTime('2026-05-10')
    expect(new Date(t).getHours()).toBe(0)
    expect(timeToDate(t)).toBe('2026-05-10')
    expect(timeToDate(t + 23 * 60 * 60 * 1000)).toBe('2026-05-10')
    expect(timeToDate(dateToTime('2026-12-31') + DAY_MS + 1)).toBe('2027-01-01')
  })

  it('refuses what is not a calendar date', () => {
    expect(dateToTime(null)).toBeNull()
    expect(dateToTime('')).toBeNull()
    expect(dateToTime('2026-02-30')).toBeNull()
    expect(dateToTime('2026-5-1')).toBeNull()
  })

  it('spans every time with a margin, or today when there is none', () => {
    const a = dateToTime('2026-01-10')
    const b = dateToTime('2026-03-01')
    expect(timeExtent([b, null, NaN, a], 0, 10)).toEqual({ min: a - 10 * DAY_MS, max: b + 10 * DAY_MS })
    expect(timeExtent([], a, 0)).toEqual({ min: a, max: a })
  })
})

describe('the milestone form', () => {
  it('fills from a milestone and sends trimmed text, null dates and named predecessors', () => {
    const form = milestoneForm(MILESTONE)
    expect(form).toEqual({
      name: '施工许可',
      planned: '2026-05-10',
      actual: '',
      responsible_org_id: 7,
      responsible_person: '张三',
      note: '',
      deps: [{ predecessor_id: 11, lag_days: 5 }],
    })
    form.name = '  施工许可证  '
    form.deps.push({ predecessor_id: null, lag_days: 3 })
    expect(milestoneBody(form)).toEqual({
      name: '施工许可证',
      planned: '2026-05-10',
      actual: null,
      responsible_org_id: 7,
      responsible_person: '张三',
      note: '',
      deps: [{ predecessor_id: 11, lag_days: 5 }],
    })
  })

  it('starts empty for a new node', () => {
    expect(milestoneBody(milestoneForm(null))).toEqual({
      name: '',
      planned: null,
      actual: null,
      responsible_org_id: null,
      responsible_person: '',
      note: '',
      deps: [],
    })
  })

  it('sends only what an edit changed', () => {
    const form = milestoneForm(MILESTONE)
    expect(changedFields(MILESTONE, form)).toEqual({})
    form.actual = '2026-05-08'
    expect(changedFields(MILESTONE, form)).toEqual({ actual: '2026-05-08' })
    form.deps[0].lag_days = 7
    expect(changedFields(MILESTONE, form)).toEqual({ actual: '2026-05-08', deps: [{ predecessor_id: 11, lag_days: 7 }] })
    form.deps = []
    expect(changedFields(MILESTONE, form).deps).toEqual([])
  })

  it('puts a dependency error on its row, other dependency errors on the list', () => {
    expect(milestoneErrorField('deps[0].predecessor_id')).toBe('deps[0].predecessor_id')
    expect(milestoneErrorField('deps[3].lag_days')).toBe('deps[3].lag_days')
    expect(milestoneErrorField('deps[1]')).toBe('deps')
    expect(milestoneErrorField('planned')).toBe('planned')
    expect(milestoneErrorField(undefined)).toBeUndefined()
  })
})

describe('predecessors', () => {
  const own = [
    { id: 10, name: '立项' },
    { id: 11, name: '规划许可' },
    { id: 12, name: '施工许可' },
  ]

  it('offers the own nodes but not the edited one, then other projects with their name, each once', () => {
    const options = predecessorOptions({
      projectId: 3,
      editedId: 12,
      own,
      found: [
        { id: 11, name: '规划许可', project_id: 3, project_name: '智能制造产业园' },
        { id: 40, name: '竣工验收', project_id: 9, project_name: '园区道路' },
      ],
      current: [{ predecessor_id: 55, predecessor_name: '通电', predecessor_project_id: 8, predecessor_project_name: '变电站' }],
    })
    expect(options).toEqual([
      { value: 10, label: '立项', project: '' },
      { value: 11, label: '规划许可', project: '' },
      { value: 40, label: '园区道路 · 竣工验收', project: '园区道路' },
      { value: 55, label: '变电站 · 通电', project: '变电站' },
    ])
  })

  it('reads a dependency with its lag and, for another project, its project', () => {
    expect(depText(MILESTONE.deps[0], 3)).toBe('规划许可 +5')
    expect(depText({ predecessor_id: 40, lag_days: 0, predecessor_name: '竣工验收', predecessor_project_id: 9, predecessor_project_name: '园区道路' }, 3)).toBe('园区道路 · 竣工验收')
    expect(depText({ predecessor_id: 40, lag_days: -2, predecessor_name: '竣工验收', predecessor_project_id: 3 }, 3)).toBe('竣工验收 -2')
  })
})

describe('templates', () => {
  const t = (key, values) => `${key}${values ? JSON.stringify(values) : ''}`

  it('says where a node falls relative to start or completion', () => {
    expect(anchorText(t, 'start', -30)).toBe('milestones.anchorText.startBefore{"n":30}')
    expect(anchorText(t, 'end', 10)).toBe('milestones.anchorText.endAfter{"n":10}')
    expect(anchorText(t, 'end', 0)).toBe('milestones.anchorText.endOn')
    expect(anchorText(t, 'bogus', '')).toBe('milestones.anchorText.startOn')
  })

  it('edits a copy and sends names trimmed and whole-day offsets', () => {
    const template = { id: 1, name: '产业项目', nodes: [{ name: '立项', anchor: 'start', offset_days: -180 }], version: 2 }
    const form = templateForm(template)
    form.nodes[0].name = ' 立项备案 '
    form.nodes.push({ name: '投产', anchor: 'end', offset_days: 30.7 })
    expect(template.nodes[0].name).toBe('立项')
    expect(templateBody(form)).toEqual({
      name: '产业项目',
      nodes: [
        { name: '立项备案', anchor: 'start', offset_days: -180 },
        { name: '投产', anchor: 'end', offset_days: 30 },
      ],
    })
  })

  it('moves a node up and down but not out of the list', () => {
    const list = ['a', 'b', 'c']
    expect(moveItem(list, 2, -1)).toEqual(['a', 'c', 'b'])
    expect(moveItem(list, 0, 1)).toEqual(['c', 'a', 'b'])
    expect(moveItem(list, 0, -1)).toEqual(['c', 'a', 'b'])
    expect(moveItem(list, 2, 1)).toEqual(['c', 'a', 'b'])
  })
})
