// Milestone nodes (关键节点, SPEC §4): the vocabulary as the API names it, the colours shared by the
// table, the per-project Gantt and the portfolio Gantt, date ↔ chart-axis conversions, and the
// edit form ↔ request body. Dates travel as 'YYYY-MM-DD'; lags are working days.
import { WARNING_HEX } from './warnings'

export const MILESTONE_STATUSES = ['done', 'overdue', 'due_soon', 'late_forecast', 'pending']

/** el-tag type of each status: done green, overdue red, due soon / late forecast orange, pending grey. */
export const STATUS_TAGS = {
  done: 'success',
  overdue: 'danger',
  due_soon: 'warning',
  late_forecast: 'warning',
  pending: 'info',
}

/** The same colours for the charts (Element Plus's palette). */
export const STATUS_COLORS = {
  done: '#67c23a',
  overdue: '#f56c6c',
  due_soon: '#e6a23c',
  late_forecast: '#e6a23c',
  pending: '#909399',
}

/** The colour of a status; an unknown one (a newer server) is drawn as pending. */
export const statusColor = (status) => STATUS_COLORS[status] ?? STATUS_COLORS.pending
/** The el-tag type of a status. */
export const statusTag = (status) => STATUS_TAGS[status] ?? 'info'

/** Colour of a project's warning light (utils/warnings.js); none (not computed yet) is a pale grey. */
export const warningHex = (colour) => WARNING_HEX[colour] ?? '#dcdfe6'

/** Template anchors: the start or the end of the construction period. */
export const ANCHORS = ['start', 'end']

export const DAY_MS = 24 * 60 * 60 * 1000
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const pad = (n) => String(n).padStart(2, '0')

/**
 * A calendar date as the chart's time axis value: the browser's local midnight of that day (the
 * time axis labels in local time, so a day always shows as itself).
 * @param {string | null | undefined} date 'YYYY-MM-DD'
 * @returns {number | null} null when there is no valid date
 */
export function dateToTime(date) {
  const m = DATE_PATTERN.exec(date ?? '')
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const value = new Date(y, mo - 1, d)
  if (value.getFullYear() !== y || value.getMonth() !== mo - 1 || value.getDate() !== d) return null
  return value.getTime()
}

/**
 * A time axis value back to the calendar date it falls on (local time), 'YYYY-MM-DD'.
 * @param {number} time
 */
export function timeToDate(time) {
  const d = new Date(time)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/**
 * The span of a time axis that shows all times with a margin on each side.
 * @param {Iterable<number | null | undefined>} times NaN and null are skipped
 * @param {number} fallback used when there is no time at all (today)
 * @param {number} [marginDays]
 * @returns {{min: number, max: number}}
 */
export function timeExtent(times, fallback, marginDays = 15) {
  let min = Infinity
  let max = -Infinity
  for (const t of times) {
    if (t === null || t === undefined || Number.isNaN(t)) continue
    if (t < min) min = t
    if (t > max) max = t
  }
  if (min === Infinity) min = max = fallback
  return { min: min - marginDays * DAY_MS, max: max + marginDays * DAY_MS }
}

/**
 * The edit form of a milestone (new when m is null).
 * @param {any | null} m as the API answers it
 */
export function milestoneForm(m) {
  return {
    name: m?.name ?? '',
    planned: m?.planned ?? '',
    actual: m?.actual ?? '',
    responsible_org_id: m?.responsible_org_id ?? null,
    responsible_person: m?.responsible_person ?? '',
    note: m?.note ?? '',
    deps: (m?.deps ?? []).map((d) => ({ predecessor_id: d.predecessor_id, lag_days: d.lag_days ?? 0 })),
  }
}

/**
 * The request body of a form: text trimmed, empty dates as null, dependencies without the rows
 * that name no predecessor.
 * @param {ReturnType<typeof milestoneForm>} form
 */
export function milestoneBody(form) {
  return {
    name: form.name.trim(),
    planned: form.planned || null,
    actual: form.actual || null,
    responsible_org_id: form.responsible_org_id ?? null,
    responsible_person: form.responsible_person.trim(),
    note: form.note.trim(),
    deps: form.deps
      .filter((d) => d.predecessor_id !== null && d.predecessor_id !== undefined && d.predecessor_id !== '')
      .map((d) => ({ predecessor_id: d.predecessor_id, lag_days: Number(d.lag_days) || 0 })),
  }
}

/**
 * What an edit changed, for PATCH: the fields of the body that differ from the milestone as it
 * was loaded (deps as a whole when any predecessor or lag differs).
 * @param {any} original the milestone as the API answered it
 * @param {ReturnType<typeof milestoneForm>} form
 * @returns {Record<string, any>} empty when nothing changed
 */
export function changedFields(original, form) {
  const before = milestoneBody(milestoneForm(original))
  const after = milestoneBody(form)
  const out = {}
  for (const key of Object.keys(after)) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) out[key] = after[key]
  }
  return out
}

/**
 * Where a server error of the milestone form belongs: 'deps[2].lag_days' stays as it is, any
 * other error about the dependencies goes on the dependency list ('deps').
 * @param {string | undefined} field
 */
export function milestoneErrorField(field) {
  if (!field) return field
  if (/^deps\[\d+\]\.(predecessor_id|lag_days)$/.test(field)) return field
  if (field.startsWith('deps')) return 'deps'
  return field
}

/**
 * The choices of a predecessor select: the project's own nodes (not the edited one), then nodes
 * of other projects found by search, then the current predecessors (so that each shows its name),
 * each once. Another project's node is labelled with its project.
 * @param {{projectId: number, editedId: number | null, own: any[], found: any[], current: any[]}} p
 *   own: this project's milestones; found: GET /milestones/search items; current: the edited
 *   milestone's deps as the API answered them
 * @returns {{value: number, label: string, project: string}[]}
 */
export function predecessorOptions({ projectId, editedId, own = [], found = [], current = [] }) {
  const out = []
  const seen = new Set()
  const add = (id, name, pid, pname) => {
    if (id === editedId || seen.has(id)) return
    seen.add(id)
    const other = pid !== undefined && pid !== null && pid !== projectId
    out.push({ value: id, label: other && pname ? `${pname} · ${name}` : name, project: other ? (pname ?? '') : '' })
  }
  for (const m of own) add(m.id, m.name, projectId, '')
  for (const f of found) add(f.id, f.name, f.project_id, f.project_name)
  for (const d of current) add(d.predecessor_id, d.predecessor_name ?? `#${d.predecessor_id}`, d.predecessor_project_id, d.predecessor_project_name)
  return out
}

/**
 * A dependency as the table shows it: "规划许可 +5" (lag in working days), another project's node
 * with its project: "园区道路 · 竣工验收".
 * @param {any} dep as the API answers it
 * @param {number} projectId the project of the table
 */
export function depText(dep, projectId) {
  const other = dep.predecessor_project_id !== undefined && dep.predecessor_project_id !== null && dep.predecessor_project_id !== projectId
  const name = dep.predecessor_name ?? `#${dep.predecessor_id}`
  const base = other && dep.predecessor_project_name ? `${dep.predecessor_project_name} · ${name}` : name
  const lag = Number(dep.lag_days) || 0
  return lag === 0 ? base : `${base} ${lag > 0 ? '+' : ''}${lag}`
}

/** A blank template node. */
export const templateNode = () => ({ name: '', anchor: 'start', offset_days: 0 })

/**
 * A template as the editor's form (a deep copy, so cancelling leaves the list as it was).
 * @param {any | null} template
 */
export function templateForm(template) {
  return {
    name: template?.name ?? '',
    nodes: (template?.nodes ?? []).map((n) => ({ name: n.name ?? '', anchor: n.anchor === 'end' ? 'end' : 'start', offset_days: Number(n.offset_days) || 0 })),
  }
}

/** The body of POST/PUT /milestone-templates from the form. */
export function templateBody(form) {
  return {
    name: form.name.trim(),
    nodes: form.nodes.map((n) => ({ name: n.name.trim(), anchor: n.anchor, offset_days: Math.trunc(Number(n.offset_days) || 0) })),
  }
}

/**
 * Moves item i of a list by delta places (−1 up, +1 down) in place; nothing when it would leave the list.
 * @param {any[]} list
 * @param {number} i
 * @param {number} delta
 */
export function moveItem(list, i, delta) {
  const j = i + delta
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return list
  const [item] = list.splice(i, 1)
  list.splice(j, 0, item)
  return list
}

/**
 * Where a template node falls, as people say it: 开工前 30 天, 竣工当天, 开工后 90 天.
 * @param {(key: string, values?: object) => string} t
 * @param {'start' | 'end'} anchor
 * @param {number} offset days; negative is before the anchor
 */
export function anchorText(t, anchor, offset) {
  const n = Math.trunc(Number(offset) || 0)
  const a = anchor === 'end' ? 'end' : 'start'
  if (n === 0) return t(`milestones.anchorText.${a}On`)
  return t(`milestones.anchorText.${a}${n < 0 ? 'Before' : 'After'}`, { n: Math.abs(n) })
}
