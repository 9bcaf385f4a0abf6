// The two Gantt charts of 关键节点 (SPEC §4): the portfolio (挂图作战, one row per project, up to
// 2,000 rows) and a project's own nodes. Both are one ECharts custom series over a time x axis and
// a category y axis of row numbers; the series data is one small [row, min, max] array per row (the
// axes and dataZoom read it), and renderItem draws a row from flat typed arrays built once here.
// Everything here is pure (no ECharts import): the option builders return plain objects and the
// renderers only call the `api.coord`/`api.size` they are given, so tests run without a canvas.
import { DAY_MS, MILESTONE_STATUSES, dateToTime, statusColor, timeExtent, warningHex } from './milestones'
import { PROJECT_FILTERS } from './projects'

/** The portfolio's filters: the project list's, plus the warning lights (any of, comma-separated). */
export const GANTT_FILTERS = { ...PROJECT_FILTERS, warning: 'list' }
export const GANTT_PAGE_SIZES = [200, 500, 1000, 2000]
/** useQueryList defaults: 1,000 rows a page; the API has no sort (rows by planned start). */
export const GANTT_DEFAULTS = { size: 1000, sizes: GANTT_PAGE_SIZES, sort: '', sortKeys: [] }

/** Height of a portfolio row on screen, in pixels: decides how many rows the window starts with. */
export const ROW_PX = 26
/** The portfolio's grid margins (pixels): labels on the left, time axis on top, sliders right and below. */
export const PORTFOLIO_GRID = { left: 230, right: 40, top: 36, bottom: 56 }

const PLANNED_FILL = '#d4e3f7'
const ACTUAL_FILL = '#5b8fd6'
const ARROW_COLOR = '#a8abb2'
const TODAY_COLOR = '#f56c6c'
const CRITICAL_STROKE = '#c45656'

const STATUS_INDEX = Object.fromEntries(MILESTONE_STATUSES.map((s, i) => [s, i]))
const statusAt = (code) => MILESTONE_STATUSES[code] ?? 'pending'
const timeOr = (date) => dateToTime(date) ?? NaN

/**
 * GET /gantt's answer with its nodes as objects: the API sends each node as [id, name index into
 * node_names, planned, actual, forecast, status, critical] (the names repeat from the templates).
 * @param {{items: any[], node_names?: string[], total: number}} data
 */
export function decodeGanttPage(data) {
  const names = data.node_names ?? []
  for (const row of data.items) {
    row.nodes = (row.nodes ?? []).map((n) =>
      Array.isArray(n) ? { id: n[0], name: names[n[1]] ?? '', planned: n[2], actual: n[3], forecast: n[4], status: n[5], critical: n[6] } : n,
    )
  }
  return data
}

/**
 * The portfolio's arrays from GET /gantt items.
 * @param {any[]} rows the API rows, in their order (by planned start)
 * @param {number} today time axis value of today (dateToTime of the Beijing date)
 * @returns {{
 *   rows: any[], ids: number[], data: number[][],
 *   bars: Float64Array, nodeStart: Uint32Array, nodeTime: Float64Array, nodeStatus: Uint8Array,
 *   nodeCritical: Uint8Array, nodeCount: number, extent: {min: number, max: number}, today: number
 * }}
 *   bars: 4 per row (planned start, planned end, actual start, actual end; NaN when missing; an
 *   actual bar still running ends today); nodes of row i are nodeStart[i] .. nodeStart[i+1]-1,
 *   drawn at the planned date (the forecast when there is none).
 */
export function portfolioData(rows, today) {
  const n = rows.length
  let nodeCount = 0
  for (const r of rows) nodeCount += r.nodes?.length ?? 0
  const bars = new Float64Array(n * 4)
  const nodeStart = new Uint32Array(n + 1)
  const nodeTime = new Float64Array(nodeCount)
  const nodeStatus = new Uint8Array(nodeCount)
  const nodeCritical = new Uint8Array(nodeCount)
  const data = new Array(n)
  const ids = new Array(n)
  let k = 0
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < n; i += 1) {
    const r = rows[i]
    ids[i] = r.project_id
    const ps = timeOr(r.planned_start)
    const pe = timeOr(r.planned_end ?? r.planned_completion)
    const as = timeOr(r.actual_start)
    let ae = timeOr(r.actual_end ?? r.actual_completion)
    if (!Number.isNaN(as) && Number.isNaN(ae) && as <= today) ae = today
    bars[i * 4] = ps
    bars[i * 4 + 1] = pe
    bars[i * 4 + 2] = as
    bars[i * 4 + 3] = ae
    let min = Infinity
    let max = -Infinity
    const widen = (t) => {
      if (Number.isNaN(t)) return
      if (t < min) min = t
      if (t > max) max = t
    }
    widen(ps)
    widen(pe)
    widen(as)
    widen(ae)
    nodeStart[i] = k
    for (const node of r.nodes ?? []) {
      const t = dateToTime(node.planned) ?? dateToTime(node.forecast) ?? NaN
      nodeTime[k] = t
      nodeStatus[k] = STATUS_INDEX[node.status] ?? STATUS_INDEX.pending
      nodeCritical[k] = node.critical ? 1 : 0
      widen(t)
      k += 1
    }
    // A row without any date still needs a place on the axis to keep its label.
    if (min === Infinity) min = max = today
    if (min < lo) lo = min
    if (max > hi) hi = max
    data[i] = [i, min, max]
  }
  nodeStart[n] = k
  const extent = timeExtent([lo === Infinity ? NaN : lo, hi === -Infinity ? NaN : hi, today], today, 30)
  return { rows, ids, data, bars, nodeStart, nodeTime, nodeStatus, nodeCritical, nodeCount: k, extent, today }
}

/** A diamond centred on (x, y) with half-diagonal r, as an ECharts polygon element. */
export function diamond(x, y, r, style) {
  return {
    type: 'polygon',
    shape: { points: [[x, y - r], [x + r, y], [x, y + r], [x - r, y]] },
    style,
  }
}

/**
 * renderItem of the portfolio: row i is its planned bar, the actual bar inside it, and its nodes
 * as diamonds coloured by status (a critical node with a dark border). Nodes left and right of the
 * visible time window are not drawn at all.
 * @param {ReturnType<typeof portfolioData>} pd
 */
export function portfolioRenderer(pd) {
  return (params, api) => {
    const i = params.dataIndex
    const cs = params.coordSys
    const y = api.coord([pd.extent.min, i])[1]
    const band = api.size([0, 1])[1]
    const h = Math.max(4, Math.min(14, band * 0.56))
    const children = []
    const xOf = (t) => api.coord([t, i])[0]
    const ps = pd.bars[i * 4]
    const pe = pd.bars[i * 4 + 1]
    if (!Number.isNaN(ps) && !Number.isNaN(pe)) {
      const x1 = xOf(ps)
      const x2 = xOf(pe + DAY_MS)
      children.push({ type: 'rect', shape: { x: x1, y: y - h / 2, width: Math.max(1, x2 - x1), height: h }, style: { fill: PLANNED_FILL } })
    }
    const as = pd.bars[i * 4 + 2]
    const ae = pd.bars[i * 4 + 3]
    if (!Number.isNaN(as) && !Number.isNaN(ae)) {
      const x1 = xOf(as)
      const x2 = xOf(ae + DAY_MS)
      children.push({ type: 'rect', shape: { x: x1, y: y - h * 0.2, width: Math.max(1, x2 - x1), height: h * 0.4 }, style: { fill: ACTUAL_FILL } })
    }
    const r = h * 0.55
    const left = cs.x - r
    const right = cs.x + cs.width + r
    for (let k = pd.nodeStart[i], end = pd.nodeStart[i + 1]; k < end; k += 1) {
      const t = pd.nodeTime[k]
      if (Number.isNaN(t)) continue
      const x = xOf(t)
      if (x < left || x > right) continue
      const critical = pd.nodeCritical[k] === 1
      children.push(
        diamond(x, y, r, {
          fill: statusColor(statusAt(pd.nodeStatus[k])),
          stroke: critical ? '#303133' : '#fff',
          lineWidth: critical ? 1.5 : 1,
        }),
      )
    }
    return { type: 'group', children }
  }
}

/**
 * How many rows the portfolio shows at first: as many as fit the chart at ROW_PX each.
 * @param {number} height the chart's height in pixels
 * @param {number} total rows loaded
 */
export function initialWindow(height, total) {
  const fit = Math.max(5, Math.floor((height - PORTFOLIO_GRID.top - PORTFOLIO_GRID.bottom) / ROW_PX))
  return Math.min(total, fit)
}

const escapeHtml = (text) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

const dash = (v) => v || '—'

/** The rich-text style names of the warning lights in the y axis labels. */
const LIGHT_STYLES = {
  red: { color: warningHex('red'), fontSize: 14 },
  yellow: { color: warningHex('yellow'), fontSize: 14 },
  green: { color: warningHex('green'), fontSize: 14 },
  none: { color: warningHex(null), fontSize: 14 },
}

/**
 * The whole ECharts option of the portfolio.
 * @param {ReturnType<typeof portfolioData>} pd
 * @param {{t: Function, statusLabel: (s: string) => string, warningLabel: (c: string) => string, height: number}} ctx
 */
export function portfolioOption(pd, { t, statusLabel, warningLabel, height }) {
  const n = pd.data.length
  const shown = initialWindow(height, n)
  return {
    animation: false,
    // The margins are fixed and the labels fit them (the names are truncated to the left one):
    // no 'outerBounds' pass, which lays the axes out once more only to find that they fit (a
    // quarter of setOption on 1,000 rows).
    grid: { ...PORTFOLIO_GRID, outerBoundsMode: 'none' },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => (p.componentType === 'series' ? portfolioTooltip(pd.rows[p.dataIndex], { t, statusLabel, warningLabel }) : ''),
    },
    xAxis: {
      type: 'time',
      position: 'top',
      min: pd.extent.min,
      max: pd.extent.max,
      splitLine: { show: true, lineStyle: { color: '#f0f2f5' } },
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: pd.data.map((_, i) => String(i)),
      triggerEvent: true,
      axisTick: { show: false },
      splitLine: { show: true, lineStyle: { color: '#f5f7fa' } },
      axisLabel: {
        interval: 0,
        width: PORTFOLIO_GRID.left - 16,
        overflow: 'truncate',
        formatter: (value) => {
          const row = pd.rows[Number(value)]
          if (!row) return ''
          const light = LIGHT_STYLES[row.warning_colour] ? row.warning_colour : 'none'
          return `{${light}|●} ${row.name}`
        },
        rich: LIGHT_STYLES,
      },
    },
    dataZoom: [
      { type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', bottom: 12, height: 18, labelFormatter: (v) => timeLabel(v) },
      { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter', zoomOnMouseWheel: 'ctrl', moveOnMouseWheel: false, moveOnMouseMove: true },
      {
        type: 'slider',
        yAxisIndex: 0,
        filterMode: 'filter',
        right: 10,
        width: 16,
        startValue: 0,
        endValue: Math.max(0, shown - 1),
        showDetail: false,
        brushSelect: false,
      },
      { type: 'inside', yAxisIndex: 0, filterMode: 'filter', zoomOnMouseWheel: false, moveOnMouseWheel: true, moveOnMouseMove: false },
    ],
    series: [
      {
        type: 'custom',
        name: 'portfolio',
        renderItem: portfolioRenderer(pd),
        encode: { x: [1, 2], y: 0 },
        data: pd.data,
        clip: true,
        progressive: 0,
        emphasis: { disabled: true },
        cursor: 'pointer',
        markLine: todayLine(pd.today, t('gantt.today')),
      },
    ],
  }
}

/** The today line: a dashed red vertical at today, labelled. */
export function todayLine(today, label) {
  return {
    silent: true,
    symbol: ['none', 'none'],
    animation: false,
    // The y axes are inverse: 'start' is the top of the line.
    label: { formatter: label, position: 'start', color: TODAY_COLOR },
    lineStyle: { color: TODAY_COLOR, type: 'dashed', width: 1 },
    data: [{ xAxis: today }],
  }
}

/** 'YYYY-MM-DD' of a time axis value, for slider labels. */
function timeLabel(v) {
  const d = new Date(v)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** The tooltip of a portfolio row (HTML; every text escaped). */
export function portfolioTooltip(row, { t, statusLabel, warningLabel }) {
  if (!row) return ''
  const field = (label, value) => t('gantt.field', { label: escapeHtml(label), value })
  const lines = [`<b>${escapeHtml(row.name)}</b>`]
  if (row.warning_colour) {
    lines.push(field(t('warnings.light'), `<span style="color:${warningHex(row.warning_colour)}">●</span> ${escapeHtml(warningLabel(row.warning_colour))}`))
  }
  lines.push(field(t('gantt.planned'), `${dash(row.planned_start)} ~ ${dash(row.planned_end ?? row.planned_completion)}`))
  if (row.actual_start) lines.push(field(t('gantt.actual'), `${row.actual_start} ~ ${dash(row.actual_end ?? row.actual_completion)}`))
  const nodes = row.nodes ?? []
  for (const node of nodes.slice(0, 12)) {
    const when = node.actual ? t('gantt.actualOn', { date: node.actual }) : t('gantt.forecastOn', { date: dash(node.forecast) })
    const text = t('gantt.node', { name: escapeHtml(node.name), planned: dash(node.planned), when: escapeHtml(when), status: escapeHtml(statusLabel(node.status)) })
    lines.push(`<span style="color:${statusColor(node.status)}">◆</span> ${text}`)
  }
  if (nodes.length > 12) lines.push(escapeHtml(t('gantt.moreNodes', { n: nodes.length - 12 })))
  return lines.join('<br/>')
}

/**
 * A project's node chart arrays from GET /projects/{id}/milestones items.
 * @param {any[]} items by position
 * @param {number} today
 * @returns {{
 *   items: any[], data: number[][], planned: Float64Array, mark: Float64Array, done: Uint8Array,
 *   preds: number[][], extent: {min: number, max: number}, today: number
 * }}
 *   mark: the actual date when met, else the forecast (NaN when neither); preds: per row, the rows
 *   of its predecessors in the same project (another project's are not drawn).
 */
export function projectGanttData(items, today) {
  const n = items.length
  const rowOf = new Map(items.map((m, i) => [m.id, i]))
  const planned = new Float64Array(n)
  const mark = new Float64Array(n)
  const done = new Uint8Array(n)
  const preds = new Array(n)
  const data = new Array(n)
  const all = [today]
  for (let i = 0; i < n; i += 1) {
    const m = items[i]
    planned[i] = timeOr(m.planned)
    done[i] = m.actual ? 1 : 0
    mark[i] = m.actual ? timeOr(m.actual) : timeOr(m.forecast)
    preds[i] = (m.deps ?? []).map((d) => rowOf.get(d.predecessor_id)).filter((r) => r !== undefined)
    const own = [planned[i], mark[i]].filter((t) => !Number.isNaN(t))
    const min = own.length ? Math.min(...own) : today
    const max = own.length ? Math.max(...own) : today
    all.push(min, max)
    data[i] = [i, min, max]
  }
  return { items, data, planned, mark, done, preds, extent: timeExtent(all, today, 20), today }
}

/**
 * renderItem of a project's nodes: row i has its dependency arrows (from each predecessor's
 * actual/forecast point), a dashed line from the planned date to the forecast (red when late),
 * the diamond at the planned date coloured by status (critical: a red border), and a circle at
 * the actual date (filled) or the forecast (hollow).
 * @param {ReturnType<typeof projectGanttData>} gd
 */
export function milestoneRenderer(gd) {
  return (params, api) => {
    const i = params.dataIndex
    const m = gd.items[i]
    const color = statusColor(m.status)
    const band = api.size([0, 1])[1]
    const h = Math.max(6, Math.min(16, band * 0.5))
    const r = h * 0.6
    const at = (t, row) => api.coord([t, row])
    const children = []
    const p = gd.planned[i]
    const q = gd.mark[i]
    const [, y] = at(gd.extent.min, i)
    const target = !Number.isNaN(q) ? q : p
    // Arrows first, so that the markers are drawn over them.
    if (!Number.isNaN(target)) {
      const [xs] = at(target, i)
      for (const pr of gd.preds[i]) {
        const from = !Number.isNaN(gd.mark[pr]) ? gd.mark[pr] : gd.planned[pr]
        if (Number.isNaN(from)) continue
        const [xp, yp] = at(from, pr)
        const dir = xs >= xp ? 1 : -1
        const endX = xs - dir * (r + 2)
        children.push({
          type: 'polyline',
          shape: { points: [[xp, yp], [xp, y], [endX, y]] },
          style: { stroke: ARROW_COLOR, lineWidth: 1, fill: null },
          silent: true,
        })
        children.push({
          type: 'polygon',
          shape: { points: [[endX, y], [endX - dir * 5, y - 3], [endX - dir * 5, y + 3]] },
          style: { fill: ARROW_COLOR },
          silent: true,
        })
      }
    }
    if (!Number.isNaN(p) && !Number.isNaN(q) && q !== p) {
      const late = q > p
      children.push({
        type: 'line',
        shape: { x1: at(p, i)[0], y1: y, x2: at(q, i)[0], y2: y },
        style: { stroke: late ? statusColor('overdue') : statusColor('done'), lineWidth: 1.5, lineDash: [4, 3] },
        silent: true,
      })
    }
    if (!Number.isNaN(p)) {
      const [x] = at(p, i)
      children.push(diamond(x, y, r, { fill: color, stroke: m.critical ? CRITICAL_STROKE : '#fff', lineWidth: m.critical ? 2 : 1 }))
    }
    if (!Number.isNaN(q) && (gd.done[i] === 1 || q !== p)) {
      const [x] = at(q, i)
      children.push({
        type: 'circle',
        shape: { cx: x, cy: y, r: r * 0.6 },
        style: gd.done[i] === 1 ? { fill: statusColor('done'), stroke: '#fff', lineWidth: 1 } : { fill: '#fff', stroke: color, lineWidth: 2 },
      })
    }
    return { type: 'group', children }
  }
}

/**
 * The option of a project's node chart.
 * @param {ReturnType<typeof projectGanttData>} gd
 * @param {{t: Function, statusLabel: (s: string) => string}} ctx
 */
export function milestoneOption(gd, { t, statusLabel }) {
  return {
    animation: false,
    grid: { left: 150, right: 24, top: 30, bottom: 40 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => (p.componentType === 'series' ? milestoneTooltip(gd.items[p.dataIndex], { t, statusLabel }) : ''),
    },
    xAxis: {
      type: 'time',
      position: 'top',
      min: gd.extent.min,
      max: gd.extent.max,
      splitLine: { show: true, lineStyle: { color: '#f0f2f5' } },
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: gd.data.map((_, i) => String(i)),
      axisTick: { show: false },
      splitLine: { show: true, lineStyle: { color: '#f5f7fa' } },
      axisLabel: {
        interval: 0,
        width: 136,
        overflow: 'truncate',
        formatter: (value) => {
          const m = gd.items[Number(value)]
          if (!m) return ''
          return m.critical ? `{critical|${m.name}}` : m.name
        },
        rich: { critical: { color: CRITICAL_STROKE, fontWeight: 'bold' } },
      },
    },
    dataZoom: [
      { type: 'slider', xAxisIndex: 0, filterMode: 'none', bottom: 8, height: 16, labelFormatter: (v) => timeLabel(v) },
      { type: 'inside', xAxisIndex: 0, filterMode: 'none', zoomOnMouseWheel: 'ctrl', moveOnMouseWheel: false },
    ],
    series: [
      {
        type: 'custom',
        name: 'milestones',
        renderItem: milestoneRenderer(gd),
        encode: { x: [1, 2], y: 0 },
        data: gd.data,
        clip: true,
        emphasis: { disabled: true },
        markLine: todayLine(gd.today, t('gantt.today')),
      },
    ],
  }
}

/** The tooltip of a node (HTML; every text escaped). */
export function milestoneTooltip(m, { t, statusLabel }) {
  if (!m) return ''
  const field = (key, value) => t('gantt.field', { label: escapeHtml(t(`milestones.fields.${key}`)), value })
  const critical = m.critical ? ` <span style="color:${CRITICAL_STROKE}">${escapeHtml(t('milestones.critical'))}</span>` : ''
  const lines = [`<b>${escapeHtml(m.name)}</b>${critical}`]
  lines.push(field('status', `<span style="color:${statusColor(m.status)}">${escapeHtml(statusLabel(m.status))}</span>`))
  lines.push(field('planned', dash(m.planned)))
  lines.push(field('forecast', dash(m.forecast)))
  if (m.actual) lines.push(field('actual', m.actual))
  if (m.delay_days) lines.push(field('delay_days', String(m.delay_days)))
  if (m.float_days !== undefined && m.float_days !== null && !m.actual) lines.push(field('float_days', String(m.float_days)))
  return lines.join('<br/>')
}

/** Height of a project's node chart for its number of nodes. */
export const milestoneChartHeight = (count) => Math.max(160, count * 32 + 80)
