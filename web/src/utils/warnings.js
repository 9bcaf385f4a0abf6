// Pure helpers of the warnings (红黄绿灯, SPEC §5): the colours, the month-by-month history strip
// and the rule-set form, which edits a rule set as GET/PUT /api/warning-rules write it (threshold
// values in the user's unit: percent for the percent metrics, whole months or days otherwise;
// min_annual_plan in 分, shown in 万元).
import { fenToWan, wanToFen } from './money'

/** Worst first, as filters and legends list them. */
export const WARNING_COLOURS = ['red', 'yellow', 'green']

/** One colour per light, shared by the dots, the map points and its legend. */
export const WARNING_HEX = { red: '#e5484d', yellow: '#f2a516', green: '#30a46c' }

export const MEASURES = ['progress', 'start', 'registration', 'milestone', 'problem']

/** The metrics each measure can use; all but progress have exactly one. */
export const METRICS = {
  progress: ['points_behind', 'percent_of_schedule', 'shortfall'],
  start: ['months_late'],
  registration: ['months_unregistered'],
  milestone: ['days_overdue'],
  problem: ['days_overdue'],
}

export const SCHEDULE_BASES = ['monthly_targets', 'proportional']

/**
 * The unit a metric's thresholds are written in.
 * @param {string} metric
 * @returns {'percent' | 'months' | 'days'}
 */
export function metricUnit(metric) {
  if (metric === 'months_late' || metric === 'months_unregistered') return 'months'
  if (metric === 'days_overdue') return 'days'
  return 'percent'
}

/**
 * The unit a form shows beside a metric's thresholds: percentage points for points_behind, else
 * its unit.
 * @param {string} metric
 * @returns {'points' | 'percent' | 'months' | 'days'}
 */
export function unitLabel(metric) {
  return metric === 'points_behind' ? 'points' : metricUnit(metric)
}

/** The largest threshold the server accepts in the metric's unit. */
export function metricMax(metric) {
  return { percent: 100, months: 120, days: 3650 }[metricUnit(metric)]
}

/**
 * The comparisons that point the metric's bad way: a lower share of 序时 is worse, every other
 * metric is worse when higher.
 * @param {string} metric
 */
export function opsFor(metric) {
  return metric === 'percent_of_schedule' ? ['less_than', 'at_most'] : ['at_least', 'more_than']
}

/**
 * The month `months` before a "YYYY-MM" period.
 * @param {string} period
 * @param {number} months
 */
export function monthsBefore(period, months) {
  const [year, month] = period.split('-').map(Number)
  const index = year * 12 + (month - 1) - months
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/**
 * The twelve months up to and including `period`, oldest first, each with the colour the history
 * recorded (null for a month without one).
 * @param {{period: string, colour: string}[]} history as GET /projects/{id}/warnings answers
 * @param {string} period "YYYY-MM"
 * @param {number} [months]
 * @returns {{period: string, month: number, colour: string | null}[]}
 */
export function historyStrip(history, period, months = 12) {
  const byPeriod = new Map((history ?? []).map((h) => [h.period, h.colour]))
  const out = []
  for (let back = months - 1; back >= 0; back -= 1) {
    const p = monthsBefore(period, back)
    out.push({ period: p, month: Number(p.slice(5)), colour: byPeriod.get(p) ?? null })
  }
  return out
}

/**
 * How many months up to the newest recorded one in a row were red: "red three months running" is
 * a fact a leader asks about.
 * @param {{colour: string | null}[]} strip oldest first, as historyStrip returns it
 */
export function redRun(strip) {
  let n = 0
  for (let i = strip.length - 1; i >= 0; i -= 1) {
    if (strip[i].colour === null && n === 0) continue
    if (strip[i].colour !== 'red') break
    n += 1
  }
  return n
}

/**
 * The tab of the project page where a warning's evidence is.
 * @param {string} measure
 * @returns {string} a tab name of PROJECT_TABS
 */
export function evidenceTab(measure) {
  return { progress: 'reports', start: 'info', registration: 'info', milestone: 'milestones' }[measure] ?? 'info'
}

const threshold = (t) => ({ on: Boolean(t), op: t?.op ?? '', value: t?.value ?? null })

/**
 * A rule as the form edits it: both thresholds always present with an on switch, the minimum
 * plan in 万元 text.
 * @param {any} rule
 */
export function ruleToForm(rule) {
  const metric = rule.metric ?? METRICS[rule.measure]?.[0] ?? ''
  return {
    id: rule.id,
    measure: rule.measure,
    metric,
    yellow: threshold(rule.yellow),
    red: threshold(rule.red),
    schedule: rule.schedule ?? 'monthly_targets',
    min_annual_plan: fenToWan(rule.min_annual_plan ?? 0),
    due_soon_days: rule.due_soon_days ?? 0,
  }
}

/**
 * A rule set as the form edits it.
 * @param {any} set
 */
export function ruleSetToForm(set) {
  return { id: set.id, name: set.name, description: set.description ?? '', rules: (set.rules ?? []).map(ruleToForm) }
}

/**
 * The rule set the form describes, as PUT /api/warning-rules takes it: thresholds that are off are
 * left out, as are the parameters that do not belong to the rule's measure. Values the server
 * must judge (a number out of range, three decimals) are passed on as typed.
 * @param {ReturnType<typeof ruleSetToForm>} form
 */
export function formToRuleSet(form) {
  const rules = form.rules.map((r) => {
    const out = { id: r.id, measure: r.measure, metric: r.metric }
    for (const colour of ['yellow', 'red']) {
      const t = r[colour]
      if (t.on) out[colour] = { op: t.op, value: t.value === '' || t.value === null ? null : Number(t.value) }
    }
    if (r.measure === 'progress') {
      out.schedule = r.schedule
      let fen
      try {
        fen = wanToFen(r.min_annual_plan) ?? 0
      } catch {
        fen = -1  // the server names the field
      }
      out.min_annual_plan = fen
    }
    if (r.measure === 'milestone' || r.measure === 'problem') out.due_soon_days = Number(r.due_soon_days) || 0
    return out
  })
  const set = { id: form.id, name: form.name, rules }
  if (form.description) set.description = form.description
  return set
}

/**
 * Where the form shows a server error naming `field`: the form item of that field ("name",
 * "rules[2].due_soon_days"), a threshold's item for its op or value ("rules[0].yellow"), the rule's
 * card for anything else of a rule ("rules[1]"); null when the form has no place for it.
 * @param {string | undefined} field
 */
export function errorSlot(field) {
  if (!field) return null
  if (['id', 'name', 'description', 'rules'].includes(field)) return field
  const threshold = /^(rules\[\d+\])\.(yellow|red)(\.(op|value))?$/.exec(field)
  if (threshold) return `${threshold[1]}.${threshold[2]}`
  const param = /^(rules\[\d+\])\.(id|measure|metric|schedule|min_annual_plan|due_soon_days)$/.exec(field)
  if (param) return field
  const rule = /^(rules\[\d+\])/.exec(field)
  return rule ? rule[1] : null
}
