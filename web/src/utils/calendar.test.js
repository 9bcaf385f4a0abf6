import { describe, expect, it } from 'vitest'
import {
  additionsBody,
  checkAdditions,
  countWorkingDays,
  dayMap,
  dayRanges,
  daysInMonth,
  isDate,
  monthGrid,
  nextDate,
  parseAdditionField,
  rangesOfMonth,
  weekdayOf,
} from './calendar'

// 春节 2026 as the State Council notice has it: 2-15 … 2-23 off, Saturdays 2-14 and 2-28 worked.
const SPRING = [
  ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => ({ date: `2026-02-${d}`, kind: 'holiday', name: '春节', builtin: true })),
  { date: '2026-02-14', kind: 'workday', name: '春节', builtin: true },
  { date: '2026-02-28', kind: 'workday', name: '春节', builtin: true },
]

describe('dates', () => {
  it('knows weekdays, month lengths and real dates', () => {
    expect(weekdayOf(2026, 1, 1)).toBe(3) // Thursday
    expect(weekdayOf(2026, 2, 1)).toBe(6) // Sunday
    expect(weekdayOf(2026, 6, 1)).toBe(0) // Monday
    expect(daysInMonth(2026, 2)).toBe(28)
    expect(daysInMonth(2024, 2)).toBe(29)
    expect(daysInMonth(2026, 12)).toBe(31)
    expect(isDate('2026-02-28')).toBe(true)
    expect(isDate('2026-02-29')).toBe(false)
    expect(isDate('2026-2-1')).toBe(false)
    expect(isDate('')).toBe(false)
    expect(nextDate('2026-12-31')).toBe('2027-01-01')
    expect(nextDate('2024-02-28')).toBe('2024-02-29')
  })
})

describe('month grid', () => {
  it('lays a month out in Monday-first weeks with blanks around it', () => {
    const weeks = monthGrid(2026, 2, dayMap(SPRING))
    // February 2026 starts on a Sunday: six blanks, then 28 days, then blanks to the end of the week.
    expect(weeks).toHaveLength(5)
    expect(weeks.every((w) => w.length === 7)).toBe(true)
    expect(weeks[0].slice(0, 6)).toEqual([null, null, null, null, null, null])
    expect(weeks[0][6]).toMatchObject({ date: '2026-02-01', day: 1, weekend: true, kind: null, working: false })
    const cells = weeks.flat().filter(Boolean)
    expect(cells).toHaveLength(28)
    expect(cells.map((c) => c.day)).toEqual(Array.from({ length: 28 }, (_, i) => i + 1))
    expect(weeks[4].slice(6)).toEqual([null])
  })

  it('marks holidays and make-up working days with their names', () => {
    const byDate = new Map(monthGrid(2026, 2, dayMap(SPRING)).flat().filter(Boolean).map((c) => [c.date, c]))
    expect(byDate.get('2026-02-16')).toMatchObject({ kind: 'holiday', name: '春节', builtin: true, weekend: false, working: false })
    expect(byDate.get('2026-02-14')).toMatchObject({ kind: 'workday', name: '春节', weekend: true, working: true })
    expect(byDate.get('2026-02-24')).toMatchObject({ kind: null, name: '', builtin: false, working: true })
    expect(byDate.get('2026-02-08')).toMatchObject({ kind: null, weekend: true, working: false })
  })

  it('counts working days: Monday to Friday unless listed otherwise', () => {
    // 2026 has 261 weekdays; 春节 takes 6 of them (2-16 … 2-20 and 2-23; 2-15, 2-21 and 2-22 are
    // weekends) and gives back 2 Saturdays.
    expect(countWorkingDays(2026)).toBe(261)
    expect(countWorkingDays(2026, dayMap(SPRING))).toBe(261 - 6 + 2)
    expect(countWorkingDays(2024)).toBe(262)
  })
})

describe('ranges', () => {
  it('joins consecutive days of one kind, name and origin', () => {
    const extra = { date: '2026-02-24', kind: 'holiday', name: '春节', builtin: false }
    const ranges = dayRanges([...SPRING].reverse().concat(extra))
    expect(ranges).toEqual([
      { from: '2026-02-14', to: '2026-02-14', kind: 'workday', name: '春节', builtin: true, count: 1 },
      { from: '2026-02-15', to: '2026-02-23', kind: 'holiday', name: '春节', builtin: true, count: 9 },
      // An administrator's day next to them stays apart: it is not from the notice.
      { from: '2026-02-24', to: '2026-02-24', kind: 'holiday', name: '春节', builtin: false, count: 1 },
      { from: '2026-02-28', to: '2026-02-28', kind: 'workday', name: '春节', builtin: true, count: 1 },
    ])
  })

  it("picks a month's ranges, including those crossing into it", () => {
    const ranges = dayRanges([
      { date: '2025-12-31', kind: 'holiday', name: '元旦', builtin: false },
      { date: '2026-01-01', kind: 'holiday', name: '元旦', builtin: false },
      { date: '2026-01-02', kind: 'holiday', name: '元旦', builtin: false },
      ...SPRING,
    ])
    expect(rangesOfMonth(ranges, 2026, 1).map((r) => [r.from, r.to])).toEqual([['2025-12-31', '2026-01-02']])
    expect(rangesOfMonth(ranges, 2026, 2)).toHaveLength(3)
    expect(rangesOfMonth(ranges, 2026, 3)).toEqual([])
  })
})

describe('additions', () => {
  it('reads the field a server error names', () => {
    expect(parseAdditionField('additions[2].kind')).toEqual({ index: 2, key: 'kind' })
    expect(parseAdditionField('additions[10].date')).toEqual({ index: 10, key: 'date' })
    expect(parseAdditionField('additions[0]')).toEqual({ index: 0, key: '' })
    expect(parseAdditionField('additions')).toBeNull()
    expect(parseAdditionField(undefined)).toBeNull()
  })

  it('finds missing, repeated and over-long entries before sending', () => {
    expect(checkAdditions([{ date: '2026-06-03', kind: 'holiday', name: '区庆' }])).toEqual({})
    expect(
      checkAdditions([
        { date: '2026-06-03', kind: 'holiday', name: '区庆' },
        { date: '', kind: '', name: '  ' },
        { date: '2026-06-03', kind: 'workday', name: 'x'.repeat(31) },
        { date: '2026-06-04', kind: 'workday', name: '长'.repeat(30) },
      ]),
    ).toEqual({
      1: { date: 'required', kind: 'required', name: 'required' },
      2: { date: 'repeated', name: 'too_long' },
    })
  })

  it('sends every addition in the editor order, names trimmed', () => {
    expect(
      additionsBody([
        { date: '2026-06-03', kind: 'holiday', name: ' 区庆 ', builtin: false },
        { date: '2025-01-02', kind: 'workday', name: '调休' },
      ]),
    ).toEqual({
      additions: [
        { date: '2026-06-03', kind: 'holiday', name: '区庆' },
        { date: '2025-01-02', kind: 'workday', name: '调休' },
      ],
    })
  })
})
