import { describe, expect, it } from 'vitest'
import {
  GANTT_DEFAULTS,
  GANTT_FILTERS,
  PORTFOLIO_GRID,
  ROW_PX,
  initialWindow,
  milestoneOption,
  milestoneRenderer,
  portfolioData,
  portfolioOption,
  portfolioRenderer,
  portfolioTooltip,
  projectGanttData,
} from './gantt'
import { emptyFilters, filterParams, readListQuery, writeListQuery } from './listQuery'
import { DAY_MS, dateToTime, statusColor } from './milestones'
import zhCN from '../i18n/zh-CN.json'
import { WARNING_HEX } from './warnings'

const TODAY = dateToTime('2026-06-15')

const ROWS = [
  {
    project_id: 7,
    name: '智能制造产业园一期',
    stage: 'construction',
    warning_colour: 'red',
    planned_start: '2026-03-01',
    planned_end: '2027-12-31',
    actual_start: '2026-03-20',
    actual_end: null,
    nodes: [
      { id: 1, name: '开工', planned: '2026-03-01', actual: '2026-03-20', forecast: '2026-03-20', critical: false, status: 'done' },
      { id: 2, name: '主体完工', planned: '2026-06-01', actual: null, forecast: '2026-06-20', critical: true, status: 'overdue' },
    ],
  },
  { project_id: 9, name: '园区道路', stage: 'preparation', warning_colour: null, planned_start: null, planned_end: null, actual_start: null, actual_end: null, nodes: [] },
  {
    project_id: 11,
    name: '人民医院新院区',
    stage: 'reserve',
    warning_colour: 'green',
    planned_start: '2026-09-01',
    planned_end: '2028-06-30',
    actual_start: null,
    actual_end: null,
    nodes: [{ id: 5, name: '立项', planned: null, actual: null, forecast: '2026-07-01', critical: false, status: 'pending' }],
  },
]

/**
 * A fake of the renderItem api: one pixel per day from 2026-01-01 on x, 20 pixels per row on y,
 * and a grid wide enough for everything.
 */
const ORIGIN = dateToTime('2026-01-01')
const api = {
  coord: ([x, y]) => [(x - ORIGIN) / DAY_MS, y * 20 + 10],
  size: ([dx, dy]) => [dx / DAY_MS, dy * 20],
}
const params = (dataIndex) => ({ dataIndex, coordSys: { x: -1e6, y: 0, width: 2e6, height: 2e6 } })
/** vue-i18n's t over the Chinese messages, enough for these texts: {name} placeholders. */
const t = (key, values = {}) => {
  const text = key.split('.').reduce((o, k) => o?.[k], zhCN)
  if (typeof text !== 'string') throw new Error(`no message ${key}`)
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name]))
}
const ctx = { t, statusLabel: (s) => `s:${s}`, warningLabel: (c) => `w:${c}`, height: 600 }

describe('the portfolio arrays', () => {
  const pd = portfolioData(ROWS, TODAY)

  it('keeps one [row, min, max] per project, spanning its bars and nodes', () => {
    expect(pd.ids).toEqual([7, 9, 11])
    expect(pd.data[0]).toEqual([0, dateToTime('2026-03-01'), dateToTime('2027-12-31')])
    // Without any date a row stays on the axis at today.
    expect(pd.data[1]).toEqual([1, TODAY, TODAY])
    expect(pd.data[2]).toEqual([2, dateToTime('2026-07-01'), dateToTime('2028-06-30')])
  })

  it('runs an actual bar without an end up to today and leaves missing dates empty', () => {
    expect(Array.from(pd.bars.slice(0, 4))).toEqual([dateToTime('2026-03-01'), dateToTime('2027-12-31'), dateToTime('2026-03-20'), TODAY])
    expect(Number.isNaN(pd.bars[4])).toBe(true)
    expect(Number.isNaN(pd.bars[10])).toBe(true)
  })

  it('puts the nodes of row i in one flat run, at their planned date or else the forecast', () => {
    expect(Array.from(pd.nodeStart)).toEqual([0, 2, 2, 3])
    expect(pd.nodeCount).toBe(3)
    expect(Array.from(pd.nodeTime)).toEqual([dateToTime('2026-03-01'), dateToTime('2026-06-01'), dateToTime('2026-07-01')])
    expect(Array.from(pd.nodeStatus)).toEqual([0, 1, 4])
    expect(Array.from(pd.nodeCritical)).toEqual([0, 1, 0])
  })

  it('spans the axis over every row and today, with a margin', () => {
    expect(pd.extent).toEqual({ min: dateToTime('2026-03-01') - 30 * DAY_MS, max: dateToTime('2028-06-30') + 30 * DAY_MS })
  })

  it('handles 2,000 rows of 8 nodes in flat arrays', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({
      ...ROWS[0],
      project_id: i + 1,
      nodes: Array.from({ length: 8 }, (_, k) => ({ ...ROWS[0].nodes[1], id: i * 8 + k })),
    }))
    const big = portfolioData(many, TODAY)
    expect(big.data).toHaveLength(2000)
    expect(big.nodeTime).toHaveLength(16000)
    expect(big.nodeStart[2000]).toBe(16000)
  })
})

describe('drawing a portfolio row', () => {
  const pd = portfolioData(ROWS, TODAY)
  const render = portfolioRenderer(pd)

  it('draws the planned bar, the actual bar and a diamond per node coloured by status', () => {
    const group = render(params(0), api)
    expect(group.type).toBe('group')
    const [planned, actual, ...diamonds] = group.children
    const x = (date) => (dateToTime(date) - ORIGIN) / DAY_MS
    expect(planned.type).toBe('rect')
    expect(planned.shape.x).toBeCloseTo(x('2026-03-01'))
    // The planned bar covers its last day too.
    expect(planned.shape.width).toBeCloseTo(x('2027-12-31') + 1 - x('2026-03-01'))
    expect(actual.shape.x).toBeCloseTo(x('2026-03-20'))
    expect(actual.shape.height).toBeLessThan(planned.shape.height)
    expect(diamonds.map((d) => d.type)).toEqual(['polygon', 'polygon'])
    expect(diamonds.map((d) => d.style.fill)).toEqual([statusColor('done'), statusColor('overdue')])
    // The overdue node is on the critical path: a dark border.
    expect(diamonds[1].style.stroke).toBe('#303133')
    // Centred on the row at the planned date.
    const [top, , bottom] = diamonds[1].shape.points
    expect(top[0]).toBeCloseTo(x('2026-06-01'))
    expect((top[1] + bottom[1]) / 2).toBe(10)
  })

  it('draws nothing but its place for a row without dates', () => {
    expect(render(params(1), api).children).toEqual([])
  })

  it('leaves out nodes outside the visible time window', () => {
    const narrow = { dataIndex: 0, coordSys: { x: 0, y: 0, width: 100, height: 400 } }
    // Window: 2026-01-01 .. 2026-04-11: only 开工 (03-01) is inside.
    const diamonds = render(narrow, api).children.filter((c) => c.type === 'polygon')
    expect(diamonds).toHaveLength(1)
  })

  it('starts with the rows that fit the chart', () => {
    expect(initialWindow(PORTFOLIO_GRID.top + PORTFOLIO_GRID.bottom + 20 * ROW_PX, 1000)).toBe(20)
    expect(initialWindow(600, 3)).toBe(3)
    expect(initialWindow(50, 1000)).toBe(5)
  })
})

describe('the portfolio option', () => {
  const pd = portfolioData(ROWS, TODAY)
  const option = portfolioOption(pd, ctx)

  it('is one custom series over flat data, without animation, with a today line', () => {
    expect(option.animation).toBe(false)
    expect(option.series).toHaveLength(1)
    expect(option.series[0].type).toBe('custom')
    expect(option.series[0].data).toBe(pd.data)
    expect(option.series[0].encode).toEqual({ x: [1, 2], y: 0 })
    expect(option.series[0].markLine.data).toEqual([{ xAxis: TODAY }])
  })

  it('scrolls rows with a y dataZoom and zooms time with an x dataZoom', () => {
    const y = option.dataZoom.filter((z) => z.yAxisIndex === 0)
    const x = option.dataZoom.filter((z) => z.xAxisIndex === 0)
    expect(y.map((z) => z.type).sort()).toEqual(['inside', 'slider'])
    expect(x.map((z) => z.type).sort()).toEqual(['inside', 'slider'])
    expect(y.find((z) => z.type === 'slider')).toMatchObject({ startValue: 0, endValue: 2 })
    expect(option.xAxis).toMatchObject({ type: 'time', min: pd.extent.min, max: pd.extent.max })
  })

  it('labels each row with its warning light and name', () => {
    const { formatter } = option.yAxis.axisLabel
    expect(option.yAxis.data).toEqual(['0', '1', '2'])
    expect(formatter('0')).toBe('{red|●} 智能制造产业园一期')
    expect(formatter('1')).toBe('{none|●} 园区道路')
    expect(formatter('2')).toBe('{green|●} 人民医院新院区')
  })

  it('explains a row in its tooltip, escaping the names', () => {
    const html = portfolioTooltip({ ...ROWS[0], name: '<b>园</b>' }, ctx)
    expect(html).toContain('<b>&lt;b&gt;园&lt;/b&gt;</b>')
    expect(html).toContain(`预警：<span style="color:${WARNING_HEX.red}">●</span> w:red`)
    expect(html).toContain('计划工期：2026-03-01 ~ 2027-12-31')
    expect(html).toContain('实际工期：2026-03-20 ~ —')
    expect(html).toContain('开工 2026-03-01（实际 2026-03-20，s:done）')
    expect(html).toContain('主体完工 2026-06-01（预测 2026-06-20，s:overdue）')
  })

  it('explains a node in its tooltip', () => {
    const gd = projectGanttData([{ id: 2, name: '规划许可', planned: '2026-03-01', actual: null, forecast: '2026-03-10', status: 'late_forecast', critical: true, delay_days: 7, float_days: -7, deps: [] }], TODAY)
    const html = milestoneOption(gd, ctx).tooltip.formatter({ componentType: 'series', dataIndex: 0 })
    expect(html).toContain('<b>规划许可</b> <span')
    expect(html).toContain('关键路径')
    expect(html).toContain('预测日期：2026-03-10')
    expect(html).toContain('延误（工作日）：7')
    expect(html).toContain('时差（工作日）：-7')
  })
})

describe("a project's node chart", () => {
  const ITEMS = [
    { id: 1, name: '立项', planned: '2026-01-10', actual: '2026-01-05', forecast: '2026-01-05', status: 'done', critical: false, deps: [] },
    { id: 2, name: '规划许可', planned: '2026-03-01', actual: null, forecast: '2026-03-10', status: 'late_forecast', critical: true, deps: [{ predecessor_id: 1, lag_days: 0 }] },
    // Another project's predecessor is not drawn.
    { id: 3, name: '开工', planned: '2026-04-01', actual: null, forecast: '2026-04-01', status: 'pending', critical: false, deps: [{ predecessor_id: 99, lag_days: 0 }] },
  ]
  const gd = projectGanttData(ITEMS, TODAY)
  const render = milestoneRenderer(gd)
  const x = (date) => (dateToTime(date) - ORIGIN) / DAY_MS

  it('keeps the planned date, the actual-or-forecast date and the own predecessors of each node', () => {
    expect(Array.from(gd.planned)).toEqual([dateToTime('2026-01-10'), dateToTime('2026-03-01'), dateToTime('2026-04-01')])
    expect(Array.from(gd.mark)).toEqual([dateToTime('2026-01-05'), dateToTime('2026-03-10'), dateToTime('2026-04-01')])
    expect(Array.from(gd.done)).toEqual([1, 0, 0])
    expect(gd.preds).toEqual([[], [0], []])
    expect(gd.data[1]).toEqual([1, dateToTime('2026-03-01'), dateToTime('2026-03-10')])
  })

  it('draws a late node: arrow from its predecessor, red dashed slip, critical diamond, hollow forecast', () => {
    const children = render(params(1), api).children
    expect(children.map((c) => c.type)).toEqual(['polyline', 'polygon', 'line', 'polygon', 'circle'])
    const [arrow, , slip, dia, forecast] = children
    // From the predecessor's actual date on its row, down to this row.
    expect(arrow.shape.points[0]).toEqual([x('2026-01-05'), 10])
    expect(arrow.shape.points[2][1]).toBe(30)
    expect(slip.style.stroke).toBe(statusColor('overdue'))
    expect(slip.shape.x1).toBeCloseTo(x('2026-03-01'))
    expect(slip.shape.x2).toBeCloseTo(x('2026-03-10'))
    expect(dia.style.fill).toBe(statusColor('late_forecast'))
    expect(dia.style.lineWidth).toBe(2)
    expect(forecast.style.fill).toBe('#fff')
    expect(forecast.shape.cx).toBeCloseTo(x('2026-03-10'))
  })

  it('draws a met node with a filled circle at the actual date', () => {
    const children = render(params(0), api).children
    expect(children.map((c) => c.type)).toEqual(['line', 'polygon', 'circle'])
    expect(children[2].style.fill).toBe(statusColor('done'))
  })

  it('draws a node on plan as its diamond alone', () => {
    expect(render(params(2), api).children.map((c) => c.type)).toEqual(['polygon'])
  })

  it('marks critical nodes in the labels and has a today line', () => {
    const option = milestoneOption(gd, ctx)
    expect(option.animation).toBe(false)
    expect(option.yAxis.axisLabel.formatter('1')).toBe('{critical|规划许可}')
    expect(option.yAxis.axisLabel.formatter('0')).toBe('立项')
    expect(option.series[0].markLine.data).toEqual([{ xAxis: TODAY }])
  })
})

describe('the portfolio filters in the URL', () => {
  it("are the project list's filters and the warning light", () => {
    expect(Object.keys(GANTT_FILTERS)).toEqual(['q', 'stage', 'category', 'level', 'town_org_id', 'responsible_org_id', 'leader_user_id', 'tag', 'year', 'warning'])
  })

  it('read 1,000 rows a page by default and keep a search in the URL', () => {
    const plain = readListQuery({}, GANTT_FILTERS, GANTT_DEFAULTS)
    expect(plain).toEqual({ filters: emptyFilters(GANTT_FILTERS), page: 1, size: 1000, sort: '' })
    expect(writeListQuery(plain, GANTT_FILTERS, GANTT_DEFAULTS)).toEqual({})

    const state = readListQuery({ stage: 'construction,preparation', warning: 'red,yellow', town_org_id: '12', page: '2', page_size: '2000' }, GANTT_FILTERS, GANTT_DEFAULTS)
    expect(state.filters).toMatchObject({ stage: ['construction', 'preparation'], warning: ['red', 'yellow'], town_org_id: 12 })
    expect(state.size).toBe(2000)
    expect(writeListQuery(state, GANTT_FILTERS, GANTT_DEFAULTS)).toEqual({
      stage: 'construction,preparation',
      town_org_id: '12',
      warning: 'red,yellow',
      page: '2',
      page_size: '2000',
    })
    expect(filterParams(state.filters, GANTT_FILTERS)).toEqual({ stage: 'construction,preparation', town_org_id: '12', warning: 'red,yellow' })
  })

  it('falls back to 1,000 for a page size it does not offer', () => {
    expect(readListQuery({ page_size: '5000' }, GANTT_FILTERS, GANTT_DEFAULTS).size).toBe(1000)
  })
})
