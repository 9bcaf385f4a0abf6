import { describe, expect, it } from 'vitest'
import { fenToWan, formatWan, isWanText, sumFen, wanToFen } from './money'

describe('money', () => {
  it('turns 万元 text into integer 分 exactly', () => {
    expect(wanToFen('1.5')).toBe(1_500_000)
    expect(wanToFen('1')).toBe(1_000_000)
    expect(wanToFen('0')).toBe(0)
    expect(wanToFen('0.000001')).toBe(1)
    expect(wanToFen('.5')).toBe(500_000)
    expect(wanToFen('5.')).toBe(5_000_000)
    expect(wanToFen('12345.678901')).toBe(12_345_678_901)
    expect(wanToFen(' 1,234.5 ')).toBe(1_234_500_000)
    expect(wanToFen('007.10')).toBe(7_100_000)
    expect(wanToFen(2.5)).toBe(2_500_000)
  })

  it('is exact where floating point is not', () => {
    // 1.005 * 1e6 and 4.1 * 1e6 are not whole numbers in binary floating point.
    expect(wanToFen('0.3')).toBe(300_000)
    expect(wanToFen('1.005')).toBe(1_005_000)
    expect(wanToFen('4.35')).toBe(4_350_000)
    expect(1.005 * 1_000_000).not.toBe(1_005_000)
    expect(wanToFen('4.1')).toBe(4_100_000)
    expect(wanToFen('8999999999.999999')).toBe(8_999_999_999_999_999)
  })

  it('treats empty text as no amount', () => {
    expect(wanToFen('')).toBeNull()
    expect(wanToFen('  ')).toBeNull()
    expect(wanToFen(null)).toBeNull()
    expect(wanToFen(undefined)).toBeNull()
  })

  it('rejects what is not an amount', () => {
    for (const bad of ['-1', '1.2345678', 'abc', '1e6', '.', '1.2.3', '+1', '１２']) {
      expect(() => wanToFen(bad), bad).toThrow(RangeError)
      expect(isWanText(bad), bad).toBe(false)
    }
    expect(() => wanToFen('99999999999')).toThrow(RangeError)
    expect(isWanText('9007199254.740991')).toBe(true)
    expect(isWanText('9007199254.740992')).toBe(false)
    expect(isWanText('')).toBe(true)
    expect(isWanText('1.000001')).toBe(true)
  })

  it('turns 分 back into the exact 万元 text', () => {
    expect(fenToWan(1_500_000)).toBe('1.5')
    expect(fenToWan(1)).toBe('0.000001')
    expect(fenToWan(0)).toBe('0')
    expect(fenToWan(12_345_678_901)).toBe('12345.678901')
    expect(fenToWan(100_000_000)).toBe('100')
    expect(fenToWan(-2_500_000)).toBe('-2.5')
    expect(fenToWan(null)).toBe('')
    for (const text of ['1.5', '0.000001', '12345.678901', '7', '9007199254.740991']) expect(fenToWan(wanToFen(text))).toBe(text)
  })

  it('shows 分 in 万元 with two decimals, rounded half away from zero', () => {
    expect(formatWan(123_456_789)).toBe('123.46')
    expect(formatWan(123_454_999)).toBe('123.45')
    expect(formatWan(5_000)).toBe('0.01')
    expect(formatWan(4_999)).toBe('0.00')
    expect(formatWan(0)).toBe('0.00')
    expect(formatWan(1_234_500_000_000)).toBe('1,234,500.00')
    expect(formatWan(-15_000)).toBe('-0.02')
    expect(formatWan(-4_000)).toBe('0.00')
    expect(formatWan(1_500_000, 0)).toBe('2')
    expect(formatWan(1_234_567, 6)).toBe('1.234567')
    expect(formatWan(null)).toBe('')
    expect(formatWan(undefined)).toBe('')
  })

  it('adds amounts in 分', () => {
    expect(sumFen([1_500_000, 2_500_000, null, undefined])).toBe(4_000_000)
    expect(sumFen([])).toBe(0)
  })
})
