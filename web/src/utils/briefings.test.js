import { describe, expect, it } from 'vitest'
import {
  briefingPdfUrl,
  briefingPreviewUrl,
  briefingXlsxUrl,
  filterYears,
  formatSize,
  lastCompleteMonth,
  publishMonths,
  publishYears,
} from './briefings'

describe('月度通报 periods', () => {
  it('starts from the month before, December of last year in January', () => {
    expect(lastCompleteMonth({ year: 2026, month: 11 })).toEqual({ year: 2026, month: 10 })
    expect(lastCompleteMonth({ year: 2026, month: 1 })).toEqual({ year: 2025, month: 12 })
  })

  it('offers the months the server takes: none after the current one', () => {
    const today = { year: 2026, month: 11 }
    expect(publishMonths(2026, today)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(publishMonths(2025, today)).toHaveLength(12)
    expect(publishMonths(2027, today)).toEqual([])
    expect(publishMonths(2026, { year: 2026, month: 1 })).toEqual([1])
  })

  it('offers this year and the ones before, newest first', () => {
    expect(publishYears({ year: 2026, month: 11 })).toEqual([2026, 2025, 2024, 2023, 2022])
    expect(publishYears({ year: 2026, month: 1 }, 2)).toEqual([2026, 2025])
  })

  it('filters by recent years and any year already published', () => {
    expect(filterYears({ year: 2026 }, [{ year: 2026 }, { year: 2019 }])).toEqual([2026, 2025, 2024, 2023, 2022, 2019])
  })
})

describe('月度通报 files', () => {
  it('links the archived files and the preview', () => {
    expect(briefingPdfUrl(3)).toBe('/api/briefings/3/pdf')
    expect(briefingXlsxUrl(3)).toBe('/api/briefings/3/xlsx')
    expect(briefingPreviewUrl({ year: 2026, month: 10 })).toBe('/api/briefings/preview?year=2026&month=10')
  })

  it('reads sizes in B, KB and MB', () => {
    expect(formatSize(512)).toBe('512 B')
    expect(formatSize(1536)).toBe('1.5 KB')
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB')
    expect(formatSize(undefined)).toBe('')
  })
})
