import { describe, expect, it } from 'vitest'
import {
  errorSlot,
  evidenceTab,
  formToRuleSet,
  historyStrip,
  metricMax,
  metricUnit,
  monthsBefore,
  opsFor,
  redRun,
  ruleSetToForm,
  unitLabel,
} from './warnings'

// As GET /api/warning-rules answers for the Sanya preset (abridged).
const SANYA = {
  id: 'sanya',
  name: '三亚市（2022）',
  description: '',
  rules: [
    {
      id: 'progress',
      measure: 'progress',
      metric: 'shortfall',
      yellow: { op: 'more_than', value: 0 },
      red: { op: 'more_than', value: 50 },
      schedule: 'monthly_targets',
      min_annual_plan: 1_000_000_000,
    },
    { id: 'milestone', measure: 'milestone', metric: 'days_overdue', red: { op: 'at_least', value: 1 }, due_soon_days: 7 },
    { id: 'problem', measure: 'problem', metric: 'days_overdue', red: { op: 'at_least', value: 1 } },
  ],
}

describe('warnings', () => {
  it('counts months back across a year', () => {
    expect(monthsBefore('2026-03', 0)).toBe('2026-03')
    expect(monthsBefore('2026-03', 3)).toBe('2025-12')
    expect(monthsBefore('2026-01', 13)).toBe('2024-12')
  })

  it('draws twelve months up to the period with holes for months without a record', () => {
    const strip = historyStrip(
      [
        { period: '2025-11', colour: 'green' },
        { period: '2026-09', colour: 'red' },
        { period: '2026-10', colour: 'red' },
        { period: '2025-10', colour: 'red' },
      ],
      '2026-10',
    )
    expect(strip).toHaveLength(12)
    expect(strip[0]).toEqual({ period: '2025-11', month: 11, colour: 'green' })
    expect(strip[1]).toEqual({ period: '2025-12', month: 12, colour: null })
    expect(strip.at(-1)).toEqual({ period: '2026-10', month: 10, colour: 'red' })
    expect(redRun(strip)).toBe(2)
    expect(historyStrip(undefined, '2026-01', 2).map((m) => m.period)).toEqual(['2025-12', '2026-01'])
  })

  it('counts a red run from the newest recorded month', () => {
    const strip = (colours) => colours.map((colour, i) => ({ period: `p${i}`, month: i + 1, colour }))
    expect(redRun(strip(['red', 'red', 'red', null]))).toBe(3)
    expect(redRun(strip(['red', 'yellow', 'red']))).toBe(1)
    expect(redRun(strip(['red', 'green']))).toBe(0)
    expect(redRun(strip([null, null]))).toBe(0)
  })

  it('speaks each metric in its unit and points comparisons the bad way', () => {
    expect(metricUnit('points_behind')).toBe('percent')
    expect(metricUnit('months_late')).toBe('months')
    expect(metricUnit('days_overdue')).toBe('days')
    expect(unitLabel('points_behind')).toBe('points')
    expect(unitLabel('shortfall')).toBe('percent')
    expect(metricMax('shortfall')).toBe(100)
    expect(metricMax('months_unregistered')).toBe(120)
    expect(opsFor('percent_of_schedule')).toEqual(['less_than', 'at_most'])
    expect(opsFor('points_behind')).toEqual(['at_least', 'more_than'])
  })

  it('edits a rule set and gives back what the server takes', () => {
    const form = ruleSetToForm(SANYA)
    expect(form.rules[0].min_annual_plan).toBe('1000')
    expect(form.rules[0].yellow).toEqual({ on: true, op: 'more_than', value: 0 })
    expect(form.rules[1].yellow).toEqual({ on: false, op: '', value: null })
    expect(form.rules[2].due_soon_days).toBe(0)
    // Unchanged, it is the same document (defaults written out).
    const back = formToRuleSet(form)
    expect(back.rules[0]).toEqual(SANYA.rules[0])
    expect(back.rules[1]).toEqual(SANYA.rules[1])
    expect(back.rules[2]).toEqual({ ...SANYA.rules[2], due_soon_days: 0 })
    expect(back).not.toHaveProperty('description')
    // Switched off, a threshold is left out; parameters stay with their measure.
    form.rules[0].yellow.on = false
    form.rules[0].red.value = '45.5'
    form.rules[0].min_annual_plan = '0.5'
    form.rules[1].yellow = { on: true, op: 'at_least', value: -3 }
    const edited = formToRuleSet(form)
    expect(edited.rules[0]).toEqual({
      id: 'progress',
      measure: 'progress',
      metric: 'shortfall',
      red: { op: 'more_than', value: 45.5 },
      schedule: 'monthly_targets',
      min_annual_plan: 500_000,
    })
    expect(edited.rules[1].yellow).toEqual({ op: 'at_least', value: -3 })
    expect(edited.rules[1]).not.toHaveProperty('schedule')
  })

  it('puts a server error on the form item it names', () => {
    expect(errorSlot('name')).toBe('name')
    expect(errorSlot('rules[0].red.value')).toBe('rules[0].red')
    expect(errorSlot('rules[2].yellow.op')).toBe('rules[2].yellow')
    expect(errorSlot('rules[1].yellow')).toBe('rules[1].yellow')
    expect(errorSlot('rules[1].due_soon_days')).toBe('rules[1].due_soon_days')
    expect(errorSlot('rules[3].colour')).toBe('rules[3]')
    expect(errorSlot('body')).toBeNull()
    expect(errorSlot(undefined)).toBeNull()
  })

  it('links each kind of warning to its evidence', () => {
    expect(evidenceTab('progress')).toBe('reports')
    expect(evidenceTab('registration')).toBe('info')
    expect(evidenceTab('milestone')).toBe('milestones')
  })
})
