// 驾驶舱 (SPEC §10, issue 7): the period the cockpit shows, its figures and how they drill down,
// money in 亿元/万元 as an office writes it, and the ECharts options of its panels. Pure functions,
// tested in cockpit.test.js. The server aggregates (GET /api/cockpit/*); nothing here sums
// projects, it only shapes the answers. Money is integer 分, rates integer basis points.
import { formatWan, WAN_DECIMALS } from './money'
import { bpToPercent, formatRate } from './reports'
import { WARNING_COLOURS, WARNING_HEX } from './warnings'

/** 分 in one 亿元 (10^8 元 = 10^10 分). */
export const FEN_PER_YI = 10_000_000_000
const YI_DECIMALS = WAN_DECIMALS + 4

/** The breakdown dimensions, as GET /api/cockpit/breakdown?dimension= takes them. */
export const DIMENSIONS = ['stage', 'category', 'level', 'town', 'unit']

/**
 * The cockpit's panels and the route each one's answer comes from (GET /api{path}{query} with the
 * period's year and month after the panel's own parameters).
 */
export const PANELS = [
  { key: 'summary', path: '/cockpit/summary' },
  ...DIMENSIONS.map((d) => ({ key: `breakdown_${d}`, path: '/cockpit/breakdown', query: { dimension: d } })),
  { key: 'lights', path: '/cockpit/lights' },
  { key: 'problems', path: '/cockpit/problems' },
  { key: 'approvals', path: '/cockpit/approvals' },
  { key: 'trend', path: '/cockpit/trend' },
  { key: 'ranking', path: '/cockpit/ranking' },
  { key: 'map', path: '/cockpit/map' },
]

/**
 * The query of a panel's request for a period, as the page sends it (the prefetch must ask for
 * exactly the same).
 * @param {{query?: Record<string, string>}} panel
 * @param {{year: number, month: number}} period
 */
export const panelQuery = (panel, { year, month }) => ({ ...panel.query, year, month })

/** The enum a dimension's keys come from (its labels are in the i18n of the project fields). */
const DIMENSION_ENUMS = { stage: 'stage', category: 'category', level: 'level' }

/**
 * The headline cards, in order: `kind` says how the value reads, `drill` is the figure of GET
 * /api/cockpit/projects that lists the projects behind it (the rate cards list the completed
 * investment, the rate's numerator), `value` reads it from the summary.
 */
export const HEADLINES = [
  { key: 'projects', kind: 'count', drill: 'projects' },
  { key: 'total_investment', kind: 'money', drill: 'total_investment' },
  { key: 'annual_planned', kind: 'money', drill: 'annual_planned' },
  { key: 'completed_ytd', kind: 'money', drill: 'completed_ytd' },
  { key: 'completion_rate', kind: 'rate', drill: 'completed_ytd' },
  { key: 'points_vs_schedule', kind: 'points', drill: 'completed_ytd' },
  { key: 'new_starts', kind: 'count', drill: 'new_starts' },
  { key: 'completions', kind: 'count', drill: 'completions' },
]

/**
 * The figures GET /api/cockpit/projects lists, and the dimensions it narrows them by: the project
 * figures by the breakdown dimensions, the problem figures also by problem type (and by unit, the
 * problem's responsible unit), the approval figures only by the item's approving department. A
 * figure not here is shown without a drill-down. completed_month is one month's (the drill asks
 * for that month).
 */
export const DRILL_FIGURES = new Set([
  'projects',
  'total_investment',
  'annual_planned',
  'completed_ytd',
  'completed_month',
  'new_starts',
  'completions',
  'red',
  'yellow',
  'green',
  'problems_open',
  'problems_overdue',
  'problems_closed',
  'problems_raised',
  'approvals_in_progress',
  'approvals_yellow',
  'approvals_red',
])
const PROBLEM_FIGURES = new Set(['problems_open', 'problems_overdue', 'problems_closed', 'problems_raised'])
const APPROVAL_FIGURES = new Set(['approvals_in_progress', 'approvals_yellow', 'approvals_red'])

/**
 * Whether the server lists the projects behind a figure (narrowed to `dimension` when given).
 * @param {string} figure
 * @param {string} [dimension]
 */
export function canDrill(figure, dimension) {
  if (!DRILL_FIGURES.has(figure)) return false
  if (!dimension) return true
  if (APPROVAL_FIGURES.has(figure)) return dimension === 'department'
  return DIMENSIONS.includes(dimension) || (dimension === 'type' && PROBLEM_FIGURES.has(figure))
}

/** Drill-down figures whose values are money (the others count projects or problems). */
const MONEY_FIGURES = new Set(['total_investment', 'annual_planned', 'completed_ytd', 'completed_month'])

/** @param {string} figure */
export const isMoneyFigure = (figure) => MONEY_FIGURES.has(figure)

const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/**
 * Integer 分 in 亿元 with a fixed number of decimals, rounded half away from zero, with thousands
 * separators: 523000000000 → "52.30", 15000000 → "0.00".
 * @param {number | null | undefined} fen
 * @param {number} [decimals] 0 to 10
 * @returns {string} '' when there is no amount
 */
export function formatYi(fen, decimals = 2) {
  if (fen === null || fen === undefined || fen === '') return ''
  const negative = fen < 0
  const divisor = BigInt(10) ** BigInt(YI_DECIMALS - decimals)
  const abs = BigInt(Math.abs(fen))
  let scaled = abs / divisor
  if ((abs % divisor) * BigInt(2) >= divisor) scaled += BigInt(1)
  const digits = scaled.toString().padStart(decimals + 1, '0')
  const whole = group(decimals ? digits.slice(0, -decimals) : digits)
  const fraction = decimals ? `.${digits.slice(-decimals)}` : ''
  return `${negative && scaled > 0 ? '-' : ''}${whole}${fraction}`
}

/**
 * Money as an office writes it, the unit chosen by size: from 1亿元 up in 亿元, else in 万元, two
 * decimals (the unit is chosen after rounding: 9999.999万元 reads 1.00亿元).
 * @param {number | null | undefined} fen
 * @returns {{text: string, unit: 'yi' | 'wan'}} text '' when there is no amount
 */
export function moneyParts(fen) {
  if (fen === null || fen === undefined) return { text: '', unit: 'wan' }
  const hundredthsOfWan = Math.round(Math.abs(fen) / 10_000)
  if (hundredthsOfWan >= 1_000_000) return { text: formatYi(fen), unit: 'yi' }
  return { text: formatWan(fen), unit: 'wan' }
}

/** 分 as a number of 亿元 for a chart's axis (drawing only: labels use formatYi). */
export const yiNumber = (fen) => (fen ?? 0) / FEN_PER_YI

/**
 * How the completion rate stands against 序时进度: "above" (ahead), "below" or "level", and the
 * percentage points without sign and trailing zeros (120 → "1.2"); null when there is no rate.
 * @param {number | null | undefined} bp points_vs_schedule in basis points
 * @returns {{direction: 'above' | 'below' | 'level', points: string} | null}
 */
export function pointsParts(bp) {
  if (bp === null || bp === undefined) return null
  if (bp === 0) return { direction: 'level', points: '0' }
  return { direction: bp > 0 ? 'above' : 'below', points: bpToPercent(Math.abs(bp)) }
}

/**
 * The text of a figure's value as a card shows it (without its unit).
 * @param {string} kind count, money, rate or points
 * @param {number | null | undefined} value
 */
export function figureText(kind, value) {
  if (value === null || value === undefined) return '—'
  if (kind === 'money') return formatYi(value)
  if (kind === 'rate') return formatRate(value)
  if (kind === 'points') return bpToPercent(Math.abs(value))
  return group(String(value))
}

/**
 * The text of a drill-down value: money in 万元, counts as they are.
 * @param {string} figure
 * @param {number | null | undefined} value
 */
export const drillValueText = (figure, value) => (isMoneyFigure(figure) ? formatWan(value) : value == null ? '—' : group(String(value)))

/**
 * The cockpit's default month of a year: the last complete one (for this year the previous
 * month, at least January; for an earlier year December), as the server defaults.
 * @param {number} year
 * @param {{year: number, month: number}} today
 */
export function defaultMonth(year, today) {
  if (year < today.year) return 12
  return Math.max(1, today.month - 1)
}

/** The years the cockpit offers: this one and the four before it, newest first. */
export function cockpitYears(today, count = 5) {
  return Array.from({ length: count }, (_, i) => today.year - i)
}

/** The months of a year the cockpit offers: all twelve for an earlier year, up to this one now. */
export function monthOptions(year, today) {
  const last = year < today.year ? 12 : today.month
  return Array.from({ length: last }, (_, i) => i + 1)
}

/**
 * The period the URL asks for (?year=&month=), with defaults for what is missing or out of range.
 * @param {Record<string, unknown>} query
 * @param {{year: number, month: number}} today
 * @returns {{year: number, month: number}}
 */
export function cockpitPeriod(query, today) {
  const y = Number(query?.year)
  const year = cockpitYears(today).includes(y) ? y : today.year
  const m = Number(query?.month)
  const month = monthOptions(year, today).includes(m) ? m : defaultMonth(year, today)
  return { year, month }
}

/**
 * The URL query of a period: the defaults are left out, so that the menu's plain /cockpit is
 * the current picture. Other keys of `query` are kept.
 * @param {Record<string, unknown>} query
 * @param {{year: number, month: number}} period
 * @param {{year: number, month: number}} today
 */
export function periodQuery(query, { year, month }, today) {
  const out = { ...query, year: String(year), month: String(month) }
  if (year === today.year) delete out.year
  if (month === defaultMonth(year, today) && year === today.year) delete out.month
  return out
}

/**
 * The label of a breakdown row: the enum's label for stage, category and level, the server's
 * name for towns and units, 未指定 for the row of projects without one (key null).
 * @param {(key: string) => string} t
 * @param {(key: string) => boolean} te
 * @param {string} dimension
 * @param {{key: string | number | null, name?: string}} row
 */
export function rowLabel(t, te, dimension, row) {
  if (row.key === null || row.key === undefined) return t('cockpit.unassigned')
  const field = DIMENSION_ENUMS[dimension]
  if (field) {
    const key = `projects.${{ stage: 'stages', category: 'categories', level: 'levels' }[field]}.${row.key}`
    if (te(key)) return t(key)
  }
  return row.name || String(row.key)
}

/** The `key` query value of a row: "null" for 未指定. */
export const keyParam = (key) => (key === null || key === undefined ? 'null' : String(key))

/**
 * The query of GET /api/cockpit/projects for one figure (narrowed to a dimension's row when
 * given) at a period.
 * @param {{figure: string, dimension?: string, key?: string | number | null, year: number, month: number, page?: number, pageSize?: number}} drill
 */
export function drillQuery({ figure, dimension, key, year, month, page = 1, pageSize = 20 }) {
  const query = { year, month, figure }
  if (dimension) {
    query.dimension = dimension
    query.key = keyParam(key)
  }
  return { ...query, page, page_size: pageSize }
}

/** One line of legend at the top; on a narrow chart it scrolls rather than wraps onto the plot. */
const legend = (dark) => ({
  top: 0,
  type: 'scroll',
  itemWidth: 12,
  itemHeight: 8,
  textStyle: { color: axisColour(dark) },
  pageTextStyle: { color: axisColour(dark) },
})
const axisColour = (dark) => (dark ? '#9fb3c8' : '#606266')
const splitColour = (dark) => (dark ? 'rgba(159,179,200,0.15)' : '#ebeef5')

/** The series of a breakdown chart and the drill-down figure each one's bars open. */
export const BREAKDOWN_SERIES = [
  { key: 'annual_planned', colour: '#5b8ff9' },
  { key: 'completed_ytd', colour: '#30a46c' },
]

/**
 * The ECharts option of a breakdown panel: per row (largest plan first, at the top) the annual
 * plan and the completed investment in 亿元, as horizontal bars. Each bar's data carries the row
 * key and the figure it drills into.
 * @param {{key: any, label: string, annual_planned: number, completed_ytd: number}[]} rows
 * @param {{t: (key: string) => string, dark?: boolean, max?: number}} options max: rows shown
 */
export function breakdownOption(rows, { t, dark = false, max = 12 }) {
  const shown = rows.slice(0, max).reverse()
  return {
    animation: false,
    backgroundColor: 'transparent',
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => `${v.toFixed(2)} ${t('cockpit.unitYi')}`,
    },
    legend: legend(dark),
    grid: { left: 4, right: 36, top: 24, bottom: 4, containLabel: true },
    xAxis: { type: 'value', axisLabel: { color: axisColour(dark) }, splitLine: { lineStyle: { color: splitColour(dark) } } },
    yAxis: {
      type: 'category',
      data: shown.map((r) => r.label),
      axisLabel: { color: axisColour(dark), width: 84, overflow: 'truncate', interval: 0, fontSize: 11 },
    },
    series: BREAKDOWN_SERIES.map((s) => ({
      name: t(`cockpit.figures.${s.key}`),
      type: 'bar',
      barMaxWidth: 14,
      itemStyle: { color: s.colour },
      cursor: 'pointer',
      data: shown.map((r) => ({ value: yiNumber(r[s.key]), key: r.key, figure: s.key })),
    })),
  }
}

/**
 * The ECharts option of the lights by town: stacked bars of red, yellow and green projects per
 * town. Each bar's data carries the town key and its colour (the drill-down figure).
 * @param {{key: any, label: string, red: number, yellow: number, green: number}[]} rows
 * @param {{t: (key: string) => string, dark?: boolean}} options
 */
export function lightsOption(rows, { t, dark = false }) {
  return {
    animation: false,
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: legend(dark),
    grid: { left: 4, right: 8, top: 24, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.label),
      axisLabel: { color: axisColour(dark), interval: 0, rotate: rows.length > 6 ? 30 : 0, fontSize: 11 },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: axisColour(dark) }, splitLine: { lineStyle: { color: splitColour(dark) } } },
    series: WARNING_COLOURS.map((colour) => ({
      name: t(`warnings.colours.${colour}`),
      type: 'bar',
      stack: 'lights',
      barMaxWidth: 22,
      itemStyle: { color: WARNING_HEX[colour] },
      cursor: 'pointer',
      data: rows.map((r) => ({ value: r[colour] ?? 0, key: r.key, figure: colour })),
    })),
  }
}

/**
 * The ECharts option of the monthly trend: cumulative planned, 序时 and completed investment as
 * lines, each month's completed investment as bars, and the year's plan as a flat line, in 亿元.
 * Where the plan's monthly targets are the 序时 (planned_cum equals schedule_cum every month) one
 * line shows both. A completed point drills into the completed investment up to that month
 * (figure completed_ytd at that month), a bar into that month's alone (completed_month).
 * @param {{month: number, planned_cum: number, schedule_cum: number, completed_cum: number, completed_month: number}[]} months
 * @param {{t: (key: string, values?: object) => string, dark?: boolean, annualPlanned?: number | null}} options
 */
export function trendOption(months, { t, dark = false, annualPlanned = null }) {
  const line = (key, name, colour, extra = {}) => ({
    name,
    type: 'line',
    symbolSize: 6,
    itemStyle: { color: colour },
    lineStyle: { color: colour, width: 2, ...extra },
    data: months.map((m) => ({ value: yiNumber(m[key]), month: m.month, figure: key === 'completed_cum' ? 'completed_ytd' : null })),
  })
  const same = months.every((m) => m.planned_cum === m.schedule_cum)
  const drillBars = canDrill('completed_month')
  const series = [
    {
      name: t('cockpit.trend.completed_month'),
      type: 'bar',
      barMaxWidth: 18,
      itemStyle: { color: dark ? 'rgba(91,143,249,0.55)' : '#a3c4fa' },
      cursor: drillBars ? 'pointer' : 'default',
      data: months.map((m) => ({ value: yiNumber(m.completed_month), month: m.month, figure: drillBars ? 'completed_month' : null })),
    },
  ]
  if (annualPlanned !== null && annualPlanned !== undefined) {
    series.push({
      name: t('cockpit.trend.annual'),
      type: 'line',
      symbol: 'none',
      cursor: 'default',
      itemStyle: { color: axisColour(dark) },
      lineStyle: { color: axisColour(dark), width: 1, type: 'dotted' },
      data: months.map(() => yiNumber(annualPlanned)),
    })
  }
  if (!same) series.push(line('planned_cum', t('cockpit.trend.planned_cum'), '#5b8ff9'))
  series.push(line('schedule_cum', t(same ? 'cockpit.trend.plannedSchedule' : 'cockpit.trend.schedule_cum'), '#f2a516', { type: 'dashed' }))
  series.push(line('completed_cum', t('cockpit.trend.completed_cum'), '#30a46c', { width: 3 }))
  return {
    animation: false,
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${v.toFixed(2)} ${t('cockpit.unitYi')}` },
    legend: legend(dark),
    grid: { left: 4, right: 8, top: 28, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: months.map((m) => t('cockpit.trend.month', { month: m.month })),
      axisLabel: { color: axisColour(dark) },
    },
    yAxis: { type: 'value', axisLabel: { color: axisColour(dark) }, splitLine: { lineStyle: { color: splitColour(dark) } } },
    series,
  }
}

/**
 * The ECharts option of the problems by type: open and overdue per type, most open first.
 * @param {{key: any, label: string, open: number, overdue: number}[]} rows
 * @param {{t: (key: string) => string, dark?: boolean}} options
 */
export function problemsOption(rows, { t, dark = false }) {
  const shown = [...rows].sort((a, b) => b.open - a.open).slice(0, 10).reverse()
  const series = [
    { key: 'open', figure: 'problems_open', colour: '#f2a516' },
    { key: 'overdue', figure: 'problems_overdue', colour: '#e5484d' },
  ]
  return {
    animation: false,
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: legend(dark),
    grid: { left: 4, right: 24, top: 24, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: axisColour(dark) }, splitLine: { lineStyle: { color: splitColour(dark) } } },
    yAxis: { type: 'category', data: shown.map((r) => r.label), axisLabel: { color: axisColour(dark), interval: 0, fontSize: 11 } },
    series: series.map((s) => ({
      name: t(`cockpit.problems.${s.key}`),
      type: 'bar',
      barMaxWidth: 12,
      itemStyle: { color: s.colour },
      cursor: 'pointer',
      data: shown.map((r) => ({ value: r[s.key] ?? 0, key: r.key, figure: s.figure })),
    })),
  }
}

/**
 * The points of the cockpit map as the district map draws them, grouped by light, worst first.
 * The server sends each point as an array in the order of its `columns` (id, name, lng, lat,
 * colour), the colour as an index into its `colours`: a province has 49,000 of them.
 * @param {{points?: Array<[number, string, number, number, number]>, colours?: string[]} | null} answer
 */
export function mapGroups(answer) {
  const groups = Object.fromEntries(WARNING_COLOURS.map((c) => [c, []]))
  const names = answer?.colours ?? []
  for (const [id, name, lng, lat, index] of answer?.points ?? []) {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) continue
    const light = names[index]
    const colour = WARNING_HEX[light] ? light : 'green'
    groups[colour].push({ id, name, longitude: lng, latitude: lat, colour })
  }
  return groups
}

/** Worst first: the order the leader's list and the lights use. */
const COLOUR_RANK = { red: 0, yellow: 1, green: 2 }

/**
 * A leader's projects reddest first, then by overdue and open problems, then by name, and the
 * count of each colour.
 * @param {{name: string, colour: string, open_problems?: number, overdue_problems?: number}[]} projects
 */
export function sortMine(projects) {
  const list = [...(projects ?? [])].sort(
    (a, b) =>
      (COLOUR_RANK[a.colour] ?? 3) - (COLOUR_RANK[b.colour] ?? 3) ||
      (b.overdue_problems ?? 0) - (a.overdue_problems ?? 0) ||
      (b.open_problems ?? 0) - (a.open_problems ?? 0) ||
      String(a.name).localeCompare(String(b.name), 'zh-CN'),
  )
  const counts = { red: 0, yellow: 0, green: 0 }
  for (const p of list) if (p.colour in counts) counts[p.colour] += 1
  return { list, counts }
}

/**
 * Whether the page should reload now: auto-refresh runs while the tab is visible and no reload
 * is already under way.
 * @param {{hidden: boolean, loading: boolean}} state
 */
export const shouldRefresh = ({ hidden, loading }) => !hidden && !loading
