import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zhCN from '../i18n/zh-CN.json'
import en from '../i18n/en.json'
import { ACTIONS, DATE_ACTIONS, ENUMS, REASON_ACTIONS, STAGES, STAGE_COLORS, enumLabel, stageLabel } from './projects'

const lookup = (messages, key) => key.split('.').reduce((o, part) => o?.[part], messages)

function i18nFor(locale) {
  const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } })
  return { t: i18n.global.t, te: i18n.global.te }
}

describe('project vocabulary', () => {
  it('has a label for every value in both languages', () => {
    for (const messages of [zhCN, en]) {
      for (const [field, { values, key }] of Object.entries(ENUMS)) {
        const missing = values.filter((value) => typeof lookup(messages, `${key}.${value}`) !== 'string')
        expect(missing, `${field} in ${messages === zhCN ? 'zh-CN' : 'en'}`).toEqual([])
      }
    }
  })

  it('labels no value that does not exist', () => {
    for (const messages of [zhCN, en]) {
      for (const { values, key } of Object.values(ENUMS)) {
        expect(Object.keys(lookup(messages, key)).filter((v) => !values.includes(v))).toEqual([])
      }
    }
  })

  it('uses the office words', () => {
    const { t, te } = i18nFor('zh-CN')
    expect(STAGES.map((s) => enumLabel(t, te, 'stage', s))).toEqual(['谋划', '储备', '前期', '在建', '竣工', '投产', '停缓建', '退库'])
    expect(ACTIONS.map((a) => enumLabel(t, te, 'action', a))).toEqual([
      '提交入库申请',
      '初审通过',
      '终审通过',
      '退回',
      '转入前期',
      '开工',
      '竣工',
      '投产',
      '停缓建',
      '复工',
      '退库',
      '恢复',
    ])
    expect(enumLabel(t, te, 'fund_source', 'special_bond')).toBe('专项债')
    expect(enumLabel(t, te, 'construction_kind', 'new_start')).toBe('新开工')
    expect(enumLabel(t, te, 'level', 'provincial')).toBe('省重点')
  })

  it('shows the review inside the reserve pool only', () => {
    const zh = i18nFor('zh-CN')
    expect(stageLabel(zh.t, zh.te, 'reserve', 'pending_initial')).toBe('储备（待初审）')
    expect(stageLabel(zh.t, zh.te, 'reserve', 'approved')).toBe('储备（已入库）')
    expect(stageLabel(zh.t, zh.te, 'reserve', 'none')).toBe('储备')
    expect(stageLabel(zh.t, zh.te, 'construction', 'none')).toBe('在建')
    const english = i18nFor('en')
    expect(stageLabel(english.t, english.te, 'reserve', 'pending_final')).toBe('Reserve (awaiting final review)')
  })

  it('shows an unknown value as it is', () => {
    const { t, te } = i18nFor('zh-CN')
    expect(enumLabel(t, te, 'stage', 'orbit')).toBe('orbit')
    expect(enumLabel(t, te, 'stage', null)).toBe('')
  })

  it('knows the actions that need a reason or a date, and colours every stage', () => {
    expect(REASON_ACTIONS.every((a) => ACTIONS.includes(a))).toBe(true)
    expect(Object.keys(DATE_ACTIONS).every((a) => ACTIONS.includes(a))).toBe(true)
    expect(Object.keys(STAGE_COLORS)).toEqual(STAGES)
  })
})
