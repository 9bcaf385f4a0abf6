import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zhCN from '../i18n/zh-CN.json'
import en from '../i18n/en.json'
import { WRITABLE_FIELDS, changedFields, formFieldOf, formToBody, formatFieldValue, projectToForm } from './projectFields'

const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': zhCN, en } })
const ctx = {
  t: i18n.global.t,
  te: i18n.global.te,
  orgName: (id) => ({ 3: '城关街道', 8: '区发改局', 9: '区住建局' })[id] ?? `#${id}`,
  leaderName: (id) => ({ 2: '王区长' })[id] ?? `#${id}`,
}

const project = {
  id: 7,
  national_code: '2025-330102-04-01-123456',
  name: '智能制造产业园一期',
  short_name: '智造园一期',
  level: 'municipal',
  category: 'industry',
  industry: '先进制造',
  nature: 'new',
  regime: 'filing',
  subject: 'private',
  tags: ['十四五', '攻坚'],
  town_org_id: 3,
  address: '城关街道工业路1号',
  longitude: 120.123456,
  latitude: 30.5,
  content: '厂房12万平方米',
  total_investment: 1_500_000_000,
  funds: [
    { source: 'social_capital', amount: 1_200_000_000 },
    { source: 'bank_loan', amount: 300_000_000 },
  ],
  planned_start: '2025-03-01',
  planned_completion: '2027-12-31',
  actual_start: null,
  actual_completion: null,
  registered_on: null,
  owner_org_id: 8,
  responsible_org_ids: [8, 9],
  agency_org_id: null,
  leader_user_id: 2,
  contacts: '张三 13800000000',
  remarks: '',
  version: 4,
}

describe('project fields', () => {
  it('shows values as people read them', () => {
    expect(formatFieldValue('level', 'municipal', ctx)).toBe('市重点')
    expect(formatFieldValue('total_investment', 1_500_000_000, ctx)).toBe('1,500.00 万元')
    expect(formatFieldValue('town_org_id', 3, ctx)).toBe('城关街道')
    expect(formatFieldValue('responsible_org_ids', [8, 9], ctx)).toBe('区发改局、区住建局')
    expect(formatFieldValue('leader_user_id', 2, ctx)).toBe('王区长')
    expect(formatFieldValue('tags', ['十四五', '攻坚'], ctx)).toBe('十四五、攻坚')
    expect(formatFieldValue('funds', project.funds, ctx)).toBe('社会资本 1,200.00 万元；银行贷款 300.00 万元')
    expect(formatFieldValue('name', '智能制造产业园一期', ctx)).toBe('智能制造产业园一期')
    expect(formatFieldValue('stage', 'construction', ctx)).toBe('在建')
    for (const empty of [null, undefined, '', []]) expect(formatFieldValue('tags', empty, ctx)).toBe('—')
    expect(formatFieldValue('planned_start', '2025-03-01', ctx)).toBe('2025-03-01')
  })

  it('fills the form with money in 万元 and sends it back in 分, unchanged', () => {
    const form = projectToForm(project)
    expect(form.total_investment).toBe('1500')
    expect(form.funds).toEqual([
      { source: 'social_capital', amount: '1200' },
      { source: 'bank_loan', amount: '300' },
    ])
    const body = formToBody(form)
    expect(Object.keys(body)).toEqual(WRITABLE_FIELDS)
    for (const field of WRITABLE_FIELDS) expect(body[field], field).toEqual(project[field] ?? null)
  })

  it('sends typed 万元 as exact 分, trims text and drops empty fund rows', () => {
    const form = projectToForm()
    Object.assign(form, {
      name: '  城东污水处理厂 ',
      level: 'district',
      total_investment: '1.5',
      funds: [
        { source: 'government', amount: '1.2' },
        { source: 'special_bond', amount: '0.3' },
        { source: '', amount: '' },
      ],
      tags: [' 两重 ', '两重', ''],
    })
    const body = formToBody(form)
    expect(body.name).toBe('城东污水处理厂')
    expect(body.total_investment).toBe(1_500_000)
    expect(body.funds).toEqual([
      { source: 'government', amount: 1_200_000 },
      { source: 'special_bond', amount: 300_000 },
    ])
    expect(body.tags).toEqual(['两重'])
    expect(body.category).toBeNull()
    expect(body.town_org_id).toBeNull()
    expect(body.national_code).toBe('')
  })

  it('sends only the changed fields on edit', () => {
    const original = formToBody(projectToForm(project))
    const form = projectToForm(project)
    form.name = '智能制造产业园一期（调整）'
    form.funds[1].amount = '300.000001'
    form.total_investment = '1500.000001'
    expect(changedFields(formToBody(form), original)).toEqual({
      name: '智能制造产业园一期（调整）',
      total_investment: 1_500_000_001,
      funds: [
        { source: 'social_capital', amount: 1_200_000_000 },
        { source: 'bank_loan', amount: 300_000_001 },
      ],
    })
    expect(changedFields(original, original)).toEqual({})
  })

  it('puts an error about a fund row on the funds item', () => {
    expect(formFieldOf('funds[1].amount')).toBe('funds')
    expect(formFieldOf('funds.0.source')).toBe('funds')
    expect(formFieldOf('national_code')).toBe('national_code')
    expect(formFieldOf(undefined)).toBeUndefined()
  })
})
