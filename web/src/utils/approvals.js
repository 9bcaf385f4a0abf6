// 前期手续 (SPEC §6): the stages, statuses and codes the API uses, and the shaping the approvals tab
// and the analytics page share. Pure functions, tested in approvals.test.js.

/** The four stages of the national approval reform, in order. */
export const APPROVAL_STAGES = ['project_land', 'engineering', 'construction', 'completion']
export const APPROVAL_STATUSES = ['not_started', 'in_progress', 'obtained', 'not_applicable']
export const LIMIT_KINDS = ['working', 'calendar']

/** 审批事项办理's search, as the URL and GET /approvals/desk take it. */
export const DESK_FILTERS = { q: 'string', status: 'string', department_org_id: 'int' }
export const DESK_DEFAULTS = { size: 20, sizes: [20, 50, 100], sort: '', sortKeys: [] }

/**
 * Where an approval item opens: its project's 前期手续 tab when the user sees the project, else
 * the department's desk with the item's dialog (staff of the approving department).
 * @param {{id: number, project_id: number, project_visible?: boolean}} item
 */
export function approvalLink(item) {
  if (item.project_visible) return { name: 'project', params: { id: String(item.project_id) }, query: { tab: 'approvals' } }
  return { name: 'approval-desk', query: { item: String(item.id) } }
}

/** Element Plus tag types by status. */
const STATUS_TAGS = { not_started: 'info', in_progress: 'primary', obtained: 'success', not_applicable: '' }
export const statusTag = (status) => STATUS_TAGS[status] ?? 'info'

/** The colours of the codes (红黄码), as the warning lights use them. */
export const CODE_HEX = { none: '#67c23a', yellow: '#e6a23c', red: '#f56c6c' }

/**
 * The code an item shows: its live code while in progress, its duration code once obtained
 * (how it went), none otherwise.
 * @param {{status: string, code?: string, duration_code?: string}} item
 */
export function shownCode(item) {
  if (item.status === 'in_progress') return item.code ?? 'none'
  if (item.status === 'obtained') return item.duration_code ?? 'none'
  return 'none'
}

/**
 * The items grouped by stage in stage order, each group in position order; stages without items
 * are left out.
 * @param {any[]} items
 * @returns {{stage: string, items: any[], obtained: number}[]}
 */
export function groupByStage(items) {
  return APPROVAL_STAGES.map((stage) => {
    const list = items.filter((i) => i.stage === stage).sort((a, b) => a.position - b.position || a.id - b.id)
    return { stage, items: list, obtained: list.filter((i) => i.status === 'obtained' || i.status === 'not_applicable').length }
  }).filter((g) => g.items.length > 0)
}

/**
 * "20 个工作日" / "7 日" or "—" for an item's limit.
 * @param {(key: string, values?: object) => string} t
 */
export function limitText(t, item) {
  if (item.limit_days == null) return '—'
  return t(`approvals.limit.${item.limit_kind === 'calendar' ? 'calendar' : 'working'}`, { n: item.limit_days })
}

/**
 * The form of the edit dialog for `item` (null: a new item).
 * @returns {{stage: string, name: string, department_org_id: number|null, limit_days: number|null, limit_kind: string, status: string, applied_on: string|null, approved_on: string|null, doc_number: string, attachment_id: number|null, note: string}}
 */
export function approvalForm(item) {
  return {
    stage: item?.stage ?? 'project_land',
    name: item?.name ?? '',
    department_org_id: item?.department_org_id ?? null,
    limit_days: item?.limit_days ?? null,
    limit_kind: item?.limit_kind ?? 'working',
    status: item?.status ?? 'not_started',
    applied_on: item?.applied_on ?? null,
    approved_on: item?.approved_on ?? null,
    doc_number: item?.doc_number ?? '',
    attachment_id: item?.attachment_id ?? null,
    note: item?.note ?? '',
  }
}

/** The fields only the project's writers may change; the approving department fills in the rest. */
export const WRITER_FIELDS = ['stage', 'name', 'department_org_id', 'limit_days', 'limit_kind']

/**
 * What the form changes of `item`: only fields that differ (empty texts and dates as they are sent:
 * dates null when cleared). A status that has no dates clears them, as the server requires.
 */
export function changedApprovalFields(item, form) {
  const next = normalise(form)
  const out = {}
  for (const [key, value] of Object.entries(next)) {
    const before = item?.[key] ?? (typeof value === 'string' ? '' : null)
    if (before !== value) out[key] = value
  }
  return out
}

/** The form as the API takes it: dates cleared where the status has none, texts trimmed. */
export function normalise(form) {
  const out = { ...form, name: form.name.trim(), doc_number: form.doc_number.trim() }
  if (out.status === 'not_started' || out.status === 'not_applicable') {
    out.applied_on = null
    out.approved_on = null
  }
  if (out.status === 'in_progress') out.approved_on = null
  if (out.limit_days === '' || out.limit_days === undefined) out.limit_days = null
  return out
}

/**
 * The analytics rows slowest first as the chart draws them: top `n` departments by median, with
 * their p90; rows without finished items are left out.
 * @param {any[]} rows by_department of GET /approvals/analytics
 * @param {string} unnamed the label of items without a department
 */
export function chartRows(rows, unnamed, n = 12) {
  return rows
    .filter((r) => r.median_days != null)
    .slice(0, n)
    .map((r) => ({ name: r.name || unnamed, median: r.median_days, p90: r.p90_days, overdue: r.overdue }))
}

/**
 * The ECharts option of the per-department bar chart: median and p90 working days, slowest at the
 * top (horizontal bars, departments on the y axis).
 * @param {{name: string, median: number, p90: number}[]} rows slowest first
 * @param {(key: string) => string} t
 */
export function departmentChartOption(rows, t) {
  const ordered = [...rows].reverse()  // ECharts draws the first category at the bottom
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: [t('approvals.analytics.median'), t('approvals.analytics.p90')], top: 0 },
    grid: { left: 8, right: 32, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: t('approvals.analytics.workingDays'), nameLocation: 'end' },
    yAxis: { type: 'category', data: ordered.map((r) => r.name) },
    series: [
      { name: t('approvals.analytics.median'), type: 'bar', data: ordered.map((r) => r.median), itemStyle: { color: '#409eff' }, label: { show: true, position: 'right' } },
      { name: t('approvals.analytics.p90'), type: 'bar', data: ordered.map((r) => r.p90), itemStyle: { color: '#f56c6c' }, label: { show: true, position: 'right' } },
    ],
  }
}

/** Years the analytics page offers: the current one and the nine before it, newest first. */
export function yearOptions(current, count = 10) {
  return Array.from({ length: count }, (_, i) => current - i)
}
