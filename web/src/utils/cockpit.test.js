import { describe, expect, it } from 'vitest'
import {
  breakdownOption,
  canDrill,
  cockpitPeriod,
  cockpitYears,
  defaultMonth,
  drillQuery,
  drillValueText,
  figureText,
  formatYi,
  isMoneyFigure,
  lightsOption,
  mapGroups,
  moneyParts,
  monthOptions,
  periodQuery,
  pointsParts,
  problemsOption,
  rowLabel,
  shouldRefresh,
  sortMine,
  trendOption,
} from './cockpit'

const t = (key, values) => (values ? `${key}${JSON.stringify(values)}` : key)
const te = (key) => key === 'projects.stages.construction'

describe('cockpit money and rates', () => {
  it('shows 分 in 亿元 exactly, rounding half away from zero', () => {
    expect(formatYi(523_000_000_000)).toBe('52.30')
    expect(formatYi(5_234_999_999_999)).toBe('523.50')
    expect(formatYi(5_234_949_999_999)).toBe('523.49')
    expect(formatYi(12_345_678_900_000_000)).toBe('1,234,567.89')
    expect(formatYi(49_999_999)).toBe('0.00')
    expect(formatYi(50_000_000)).toBe('0.01')
    expect(formatYi(-50_000_000)).toBe('-0.01')
    expect(formatYi(0)).toBe('0.00')
    expect(formatYi(null)).toBe('')
    expect(formatYi(15_000_000_000, 0)).toBe('2')
  })

  it('picks 亿元 from one 亿 up, after rounding, else 万元', () => {
    expect(moneyParts(9_999_994_999)).toEqual({ text: '9,999.99', unit: 'wan' })
    expect(moneyParts(9_999_995_000)).toEqual({ text: '1.00', unit: 'yi' })
    expect(moneyParts(21_000_000_000)).toEqual({ text: '2.10', unit: 'yi' })
    expect(moneyParts(-21_000_000_000)).toEqual({ text: '-2.10', unit: 'yi' })
    expect(moneyParts(500_000)).toEqual({ text: '0.50', unit: 'wan' })
    expect(moneyParts(null)).toEqual({ text: '', unit: 'wan' })
  })

  it('says how far ahead of or behind 序时 the completion is', () => {
    expect(pointsParts(120)).toEqual({ direction: 'above', points: '1.2' })
    expect(pointsParts(-250)).toEqual({ direction: 'below', points: '2.5' })
    expect(pointsParts(-7999)).toEqual({ direction: 'below', points: '79.99' })
    expect(pointsParts(1000)).toEqual({ direction: 'above', points: '10' })
    expect(pointsParts(0)).toEqual({ direction: 'level', points: '0' })
    expect(pointsParts(null)).toBeNull()
  })

  it('writes each kind of figure', () => {
    expect(figureText('money', 523_000_000_000)).toBe('52.30')
    expect(figureText('rate', 7850)).toBe('78.50%')
    expect(figureText('points', -120)).toBe('1.2')
    expect(figureText('count', 1234)).toBe('1,234')
    expect(figureText('rate', null)).toBe('—')
    expect(drillValueText('completed_ytd', 1_500_000)).toBe('1.50')
    expect(drillValueText('problems_open', 3)).toBe('3')
  })
})

describe('cockpit period', () => {
  const today = { year: 2026, month: 11 }

  it('defaults to the last complete month', () => {
    expect(defaultMonth(2026, today)).toBe(10)
    expect(defaultMonth(2025, today)).toBe(12)
    expect(defaultMonth(2026, { year: 2026, month: 1 })).toBe(1)
  })

  it('offers months up to the current one this year, all twelve before', () => {
    expect(monthOptions(2026, today)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(monthOptions(2025, today)).toHaveLength(12)
    expect(cockpitYears(today)).toEqual([2026, 2025, 2024, 2023, 2022])
  })

  it('reads the URL and replaces what is out of range with the default', () => {
    expect(cockpitPeriod({}, today)).toEqual({ year: 2026, month: 10 })
    expect(cockpitPeriod({ year: '2025', month: '3' }, today)).toEqual({ year: 2025, month: 3 })
    expect(cockpitPeriod({ year: '2025' }, today)).toEqual({ year: 2025, month: 12 })
    expect(cockpitPeriod({ year: '2026', month: '12' }, today)).toEqual({ year: 2026, month: 10 })
    expect(cockpitPeriod({ year: '1999', month: 'x' }, today)).toEqual({ year: 2026, month: 10 })
  })

  it('leaves the defaults out of the URL and keeps other keys', () => {
    expect(periodQuery({ screen: '1' }, { year: 2026, month: 10 }, today)).toEqual({ screen: '1' })
    expect(periodQuery({}, { year: 2026, month: 4 }, today)).toEqual({ month: '4' })
    expect(periodQuery({}, { year: 2025, month: 12 }, today)).toEqual({ year: '2025', month: '12' })
  })
})

describe('cockpit drill-down', () => {
  it('asks for a figure, narrowed to a row when given, 未指定 as "null"', () => {
    expect(drillQuery({ figure: 'completed_ytd', year: 2026, month: 10 })).toEqual({ year: 2026, month: 10, figure: 'completed_ytd', page: 1, page_size: 20 })
    expect(drillQuery({ figure: 'projects', dimension: 'town', key: 7, year: 2026, month: 10, page: 3, pageSize: 50 })).toEqual({
      year: 2026, month: 10, figure: 'projects', dimension: 'town', key: '7', page: 3, page_size: 50,
    })
    expect(drillQuery({ figure: 'red', dimension: 'unit', key: null, year: 2026, month: 1 }).key).toBe('null')
  })

  it('drills only into the figures and dimensions the server lists', () => {
    expect(canDrill('completed_ytd')).toBe(true)
    expect(canDrill('red', 'town')).toBe(true)
    expect(canDrill('problems_overdue', 'type')).toBe(true)
    expect(canDrill('problems_open', 'unit')).toBe(true)
    expect(canDrill('projects', 'type')).toBe(false)
    expect(canDrill('total_investment')).toBe(true)
    expect(canDrill('total_investment', 'town')).toBe(true)
    expect(canDrill('completed_month')).toBe(true)
    expect(canDrill('problems_closed', 'type')).toBe(true)
    expect(canDrill('problems_raised', 'unit')).toBe(true)
    expect(canDrill('problems_closed_this_month')).toBe(false)
    // The approval figures narrow by the item's department, and by nothing else.
    for (const figure of ['approvals_in_progress', 'approvals_yellow', 'approvals_red']) {
      expect(canDrill(figure)).toBe(true)
      expect(canDrill(figure, 'department')).toBe(true)
      expect(canDrill(figure, 'unit')).toBe(false)
      expect(canDrill(figure, 'type')).toBe(false)
    }
    expect(canDrill('projects', 'department')).toBe(false)
    expect(canDrill('problems_open', 'department')).toBe(false)
    expect(canDrill('completion_rate')).toBe(false)
  })

  it('reads the money figures in 万元 and the counts as they are', () => {
    for (const figure of ['total_investment', 'annual_planned', 'completed_ytd', 'completed_month']) expect(isMoneyFigure(figure)).toBe(true)
    for (const figure of ['projects', 'problems_closed', 'problems_raised', 'approvals_red']) expect(isMoneyFigure(figure)).toBe(false)
    expect(drillValueText('completed_month', 80_000_000)).toBe('80.00')
    expect(drillValueText('approvals_in_progress', 2)).toBe('2')
  })

  it('labels rows by the enum, the server name, or 未指定', () => {
    expect(rowLabel(t, te, 'stage', { key: 'construction', name: '在建' })).toBe('projects.stages.construction')
    expect(rowLabel(t, te, 'stage', { key: 'new_stage', name: '新阶段' })).toBe('新阶段')
    expect(rowLabel(t, te, 'town', { key: 3, name: '城关街道' })).toBe('城关街道')
    expect(rowLabel(t, te, 'unit', { key: null, name: '未指定' })).toBe('cockpit.unassigned')
  })
})

describe('cockpit charts', () => {
  const rows = [
    { key: 'a', label: 'A', annual_planned: 20_000_000_000, completed_ytd: 10_000_000_000 },
    { key: null, label: '未指定', annual_planned: 5_000_000_000, completed_ytd: 0 },
  ]

  it('draws breakdown bars in 亿元, largest at the top, each carrying its row and figure', () => {
    const option = breakdownOption(rows, { t })
    expect(option.yAxis.data).toEqual(['未指定', 'A'])
    expect(option.series.map((s) => s.data[1])).toEqual([
      { value: 2, key: 'a', figure: 'annual_planned' },
      { value: 1, key: 'a', figure: 'completed_ytd' },
    ])
    expect(option.series[0].data[0].key).toBeNull()
    expect(option.animation).toBe(false)
  })

  it('stacks the lights per town, each bar carrying its colour', () => {
    const option = lightsOption([{ key: 3, label: '城关', red: 1, yellow: 2, green: 5 }], { t })
    expect(option.series.map((s) => [s.stack, s.data[0]])).toEqual([
      ['lights', { value: 1, key: 3, figure: 'red' }],
      ['lights', { value: 2, key: 3, figure: 'yellow' }],
      ['lights', { value: 5, key: 3, figure: 'green' }],
    ])
  })

  it('draws the trend as monthly bars and cumulative lines; a bar drills into its month, a completed point up to it', () => {
    const months = [
      { month: 1, planned_cum: 10_000_000_000, schedule_cum: 8_000_000_000, completed_cum: 5_000_000_000, completed_month: 5_000_000_000 },
      { month: 2, planned_cum: 20_000_000_000, schedule_cum: 16_000_000_000, completed_cum: 15_000_000_000, completed_month: 10_000_000_000 },
    ]
    const option = trendOption(months, { t, annualPlanned: 60_000_000_000 })
    expect(option.series.map((s) => [s.type, s.name])).toEqual([
      ['bar', 'cockpit.trend.completed_month'],
      ['line', 'cockpit.trend.annual'],
      ['line', 'cockpit.trend.planned_cum'],
      ['line', 'cockpit.trend.schedule_cum'],
      ['line', 'cockpit.trend.completed_cum'],
    ])
    // A month's bar lists that month's completed investment (the drill asks for that month).
    expect(option.series[0].data[1]).toEqual({ value: 1, month: 2, figure: 'completed_month' })
    expect(option.series[0].cursor).toBe('pointer')
    expect(option.series[1].data).toEqual([6, 6])
    expect(option.series[4].data[1]).toEqual({ value: 1.5, month: 2, figure: 'completed_ytd' })
    expect(option.series[2].data[1].figure).toBeNull()
    expect(option.xAxis.data).toEqual(['cockpit.trend.month{"month":1}', 'cockpit.trend.month{"month":2}'])
  })

  it('draws one line for the plan and 序时 when the monthly targets are the 序时', () => {
    const months = [{ month: 1, planned_cum: 8, schedule_cum: 8, completed_cum: 5, completed_month: 5 }]
    const option = trendOption(months, { t })
    expect(option.series.map((s) => s.name)).toEqual(['cockpit.trend.completed_month', 'cockpit.trend.plannedSchedule', 'cockpit.trend.completed_cum'])
  })

  it('lists problem types by open problems, most at the top', () => {
    const option = problemsOption(
      [
        { key: 'land', label: '用地', open: 1, overdue: 0 },
        { key: 'funds', label: '资金', open: 4, overdue: 2 },
      ],
      { t },
    )
    expect(option.yAxis.data).toEqual(['用地', '资金'])
    expect(option.series[1].data[1]).toEqual({ value: 2, key: 'funds', figure: 'problems_overdue' })
  })

  it('groups map points by light, unknown colours as green, points without coordinates left out', () => {
    const groups = mapGroups({
      colours: ['green', 'yellow', 'red', 'blue'],
      points: [
        [1, 'a', 120.1, 30.2, 2],
        [2, 'b', 120.2, 30.3, 3],
        [3, 'c', null, 30.3, 1],
        [4, 'd', 120.3, 30.4, 9],
        [5, 'e', 120.4, 30.5, 1],
      ],
    })
    expect(groups.red.map((p) => p.id)).toEqual([1])
    expect(groups.yellow.map((p) => [p.id, p.name])).toEqual([[5, 'e']])
    expect(groups.green.map((p) => [p.id, p.longitude, p.latitude])).toEqual([[2, 120.2, 30.3], [4, 120.3, 30.4]])
    expect(mapGroups(null)).toEqual({ red: [], yellow: [], green: [] })
  })
})

describe("the leader's projects", () => {
  it('puts the reddest first, then the most overdue and open problems, and counts the colours', () => {
    const { list, counts } = sortMine([
      { name: '乙', colour: 'green', open_problems: 0, overdue_problems: 0 },
      { name: '甲', colour: 'yellow', open_problems: 1, overdue_problems: 0 },
      { name: '丙', colour: 'red', open_problems: 1, overdue_problems: 1 },
      { name: '丁', colour: 'red', open_problems: 3, overdue_problems: 2 },
      { name: '戊', colour: 'yellow', open_problems: 2, overdue_problems: 0 },
    ])
    expect(list.map((p) => p.name)).toEqual(['丁', '丙', '戊', '甲', '乙'])
    expect(counts).toEqual({ red: 2, yellow: 2, green: 1 })
    expect(sortMine(undefined)).toEqual({ list: [], counts: { red: 0, yellow: 0, green: 0 } })
  })

  it('refreshes only a visible page that is not loading already', () => {
    expect(shouldRefresh({ hidden: false, loading: false })).toBe(true)
    expect(shouldRefresh({ hidden: true, loading: false })).toBe(false)
    expect(shouldRefresh({ hidden: false, loading: true })).toBe(false)
  })
})
