import { describe, expect, it } from 'vitest'
import {
  addDays,
  beijingToday,
  countTags,
  bpToPercent,
  formatRate,
  isPercentText,
  monthRows,
  percentToBp,
  periodOf,
  reportActions,
} from './reports'

describe('percent ↔ basis points', () => {
  it('converts typed percentages exactly', () => {
    expect(percentToBp('45.5')).toBe(4550)
    expect(percentToBp('45.55')).toBe(4555)
    expect(percentToBp('0.01')).toBe(1)
    expect(percentToBp('.5')).toBe(50)
    expect(percentToBp('7.')).toBe(700)
    expect(percentToBp('100')).toBe(10000)
    expect(percentToBp('100.00')).toBe(10000)
    expect(percentToBp('0')).toBe(0)
    expect(percentToBp('007.10')).toBe(710)
    expect(percentToBp(' 33.3 % ')).toBe(3330)
    // 0.29 * 100 is 28.999999999999996 in floating point; the digits give 29.
    expect(percentToBp('0.29')).toBe(29)
    expect(percentToBp(12.5)).toBe(1250)
  })

  it('is null for nothing typed', () => {
    expect(percentToBp('')).toBeNull()
    expect(percentToBp(null)).toBeNull()
    expect(percentToBp(undefined)).toBeNull()
  })

  it('refuses what is not a percentage from 0 to 100 with 2 decimals', () => {
    for (const bad of ['45.555', '100.01', '101', '-1', 'abc', '.', '1e2', '1,5', '1.2.3', '99999999']) {
      expect(() => percentToBp(bad), bad).toThrow(RangeError)
      expect(isPercentText(bad)).toBe(false)
    }
    expect(isPercentText('')).toBe(true)
    expect(isPercentText('12.34')).toBe(true)
  })

  it('shows basis points for editing', () => {
    expect(bpToPercent(4550)).toBe('45.5')
    expect(bpToPercent(4555)).toBe('45.55')
    expect(bpToPercent(10000)).toBe('100')
    expect(bpToPercent(1)).toBe('0.01')
    expect(bpToPercent(0)).toBe('0')
    expect(bpToPercent(null)).toBe('')
    for (let bp = 0; bp <= 10000; bp += 7) expect(percentToBp(bpToPercent(bp))).toBe(bp)
  })

  it('formats rates with 2 decimals, past 100% too', () => {
    expect(formatRate(4550)).toBe('45.50%')
    expect(formatRate(5)).toBe('0.05%')
    expect(formatRate(12345)).toBe('123.45%')
    expect(formatRate(0)).toBe('0.00%')
    expect(formatRate(null)).toBe('—')
    expect(formatRate(undefined)).toBe('—')
  })
})

describe('report helpers', () => {
  it('names periods', () => {
    expect(periodOf(2026, 3)).toBe('2026-03')
    expect(periodOf(2026, 12)).toBe('2026-12')
  })

  it('takes today from the Beijing calendar', () => {
    expect(beijingToday(new Date('2026-12-31T16:30:00Z'))).toEqual({ year: 2027, month: 1, date: '2027-01-01' })
    expect(beijingToday(new Date('2026-03-05T01:00:00Z'))).toEqual({ year: 2026, month: 3, date: '2026-03-05' })
  })

  it('lays a year out in 12 months', () => {
    const rows = monthRows(2026, [{ period: '2026-03', status: 'accepted' }])
    expect(rows).toHaveLength(12)
    expect(rows[0]).toEqual({ month: 1, period: '2026-01', report: null })
    expect(rows[2].report.status).toBe('accepted')
  })

  it('offers only the actions a status allows', () => {
    const owner = { office: false, write: true }
    const office = { office: true, write: true }
    const viewer = { office: false, write: false }
    expect(reportActions(null, owner)).toMatchObject({ save: true, submit: false, correct: false })
    expect(reportActions({ status: 'draft' }, owner)).toMatchObject({ save: true, submit: true, accept: false })
    expect(reportActions({ status: 'returned' }, owner)).toMatchObject({ save: true, submit: true })
    expect(reportActions({ status: 'submitted' }, owner)).toMatchObject({ save: false, submit: false, return: false })
    expect(reportActions({ status: 'submitted' }, office)).toMatchObject({ return: true, accept: true })
    expect(reportActions({ status: 'accepted' }, owner)).toMatchObject({ save: false, correct: true })
    expect(reportActions({ status: 'superseded' }, office)).toEqual({ save: false, submit: false, return: false, accept: false, correct: false })
    expect(Object.values(reportActions({ status: 'draft' }, viewer)).some(Boolean)).toBe(false)
  })
})

describe('round helpers', () => {
  it('moves dates by days across months and years', () => {
    expect(addDays('2026-12-28', 10)).toBe('2027-01-07')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
  })

  it('lists the non-empty counts in status order', () => {
    expect(countTags({ accepted: 2, not_reported: 5, draft: 0, submitted: 1 })).toEqual([
      { status: 'not_reported', count: 5 },
      { status: 'submitted', count: 1 },
      { status: 'accepted', count: 2 },
    ])
    expect(countTags()).toEqual([])
  })
})
