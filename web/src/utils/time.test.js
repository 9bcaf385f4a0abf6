import { describe, expect, it } from 'vitest'
import { beijingToUtc, formatTime } from './time'

describe('time', () => {
  it('shows UTC instants in Beijing time', () => {
    expect(formatTime('2026-11-29T03:04:51.315Z')).toBe('2026-11-29 11:04:51')
    expect(formatTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30:00')
    expect(formatTime(null)).toBe('')
    expect(formatTime('garbage')).toBe('garbage')
  })

  it('turns Beijing wall-clock time into the UTC the API compares', () => {
    expect(beijingToUtc('2026-11-29 11:00:00')).toBe('2026-11-29T03:00:00.000Z')
    expect(beijingToUtc('2027-01-01 00:30:00')).toBe('2026-12-31T16:30:00.000Z')
    expect(beijingToUtc('')).toBeUndefined()
    expect(beijingToUtc(undefined)).toBeUndefined()
  })
})
