import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN.json'
import en from './en.json'

function keys(messages, prefix = '') {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  )
}

describe('messages', () => {
  it('zh-CN and en have the same keys', () => {
    const zh = keys(zhCN)
    const english = keys(en)
    expect(zh.filter((k) => !english.includes(k)), 'missing in en').toEqual([])
    expect(english.filter((k) => !zh.includes(k)), 'missing in zh-CN').toEqual([])
  })

  it('has no empty text', () => {
    for (const messages of [zhCN, en]) {
      const empty = keys(messages).filter((k) => k.split('.').reduce((o, p) => o[p], messages) === '')
      expect(empty).toEqual([])
    }
  })
})
