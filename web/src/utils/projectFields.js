// A project's fields as the API names them, how the UI shows each value (also in the change
// history, which holds raw API values), and the body the form sends.
import { ENUMS, enumLabel } from './projects'
import { fenToWan, formatWan, wanToFen } from './money'

/** The fields POST /projects and PATCH /projects/{id} take, in the order the form shows them. */
export const WRITABLE_FIELDS = [
  'national_code',
  'name',
  'short_name',
  'level',
  'category',
  'industry',
  'nature',
  'regime',
  'subject',
  'tags',
  'town_org_id',
  'address',
  'longitude',
  'latitude',
  'content',
  'total_investment',
  'funds',
  'planned_start',
  'planned_completion',
  'actual_start',
  'actual_completion',
  'registered_on',
  'owner_org_id',
  'responsible_org_ids',
  'agency_org_id',
  'leader_user_id',
  'contacts',
  'remarks',
]

/** Fields holding one organisation id, and the one holding several. */
const ORG_FIELDS = ['town_org_id', 'owner_org_id', 'agency_org_id']
const MONEY_FIELDS = ['total_investment']
const TEXT_FIELDS = ['national_code', 'name', 'short_name', 'industry', 'address', 'content', 'contacts', 'remarks']

/**
 * @typedef {object} FormatContext
 * @property {(key: string, values?: object) => string} t
 * @property {(key: string) => boolean} te
 * @property {(id: number) => string} [orgName]
 * @property {(id: number) => string} [leaderName]
 */

const isEmpty = (value) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)

/**
 * A field's value as text for people: labels for enumerations, 万元 for money, names for
 * organisations and leaders. '—' when there is none.
 * @param {string} field the API's field name
 * @param {unknown} value the API's value
 * @param {FormatContext} ctx
 */
export function formatFieldValue(field, value, ctx) {
  const { t, te, orgName = (id) => `#${id}`, leaderName = (id) => `#${id}` } = ctx
  if (isEmpty(value)) return '—'
  if (field in ENUMS) return enumLabel(t, te, field, value)
  if (MONEY_FIELDS.includes(field)) return `${formatWan(value)} ${t('projects.wan')}`
  if (ORG_FIELDS.includes(field)) return orgName(value)
  if (field === 'responsible_org_ids') return value.map(orgName).join('、')
  if (field === 'leader_user_id') return leaderName(value)
  if (field === 'tags') return value.join('、')
  if (field === 'funds') {
    return value
      .map((f) => `${enumLabel(t, te, 'fund_source', f.source)} ${formatWan(f.amount)} ${t('projects.wan')}`)
      .join('；')
  }
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/**
 * The form's model for a project (money as 万元 text), or an empty one.
 * @param {any} [project]
 */
export function projectToForm(project) {
  const p = project ?? {}
  return {
    national_code: p.national_code ?? '',
    name: p.name ?? '',
    short_name: p.short_name ?? '',
    level: p.level ?? '',
    category: p.category ?? '',
    industry: p.industry ?? '',
    nature: p.nature ?? '',
    regime: p.regime ?? '',
    subject: p.subject ?? '',
    tags: [...(p.tags ?? [])],
    town_org_id: p.town_org_id ?? null,
    address: p.address ?? '',
    longitude: p.longitude ?? null,
    latitude: p.latitude ?? null,
    content: p.content ?? '',
    total_investment: fenToWan(p.total_investment ?? null),
    funds: (p.funds ?? []).map((f) => ({ source: f.source, amount: fenToWan(f.amount) })),
    planned_start: p.planned_start ?? null,
    planned_completion: p.planned_completion ?? null,
    actual_start: p.actual_start ?? null,
    actual_completion: p.actual_completion ?? null,
    registered_on: p.registered_on ?? null,
    owner_org_id: p.owner_org_id ?? null,
    responsible_org_ids: [...(p.responsible_org_ids ?? [])],
    agency_org_id: p.agency_org_id ?? null,
    leader_user_id: p.leader_user_id ?? null,
    contacts: p.contacts ?? '',
    remarks: p.remarks ?? '',
  }
}

/**
 * The API body for the form: text trimmed, money in 分, empty choices null. Throws RangeError
 * when an amount is not valid (the form's rules catch that first).
 * @param {ReturnType<typeof projectToForm>} form
 */
export function formToBody(form) {
  const body = {}
  for (const field of WRITABLE_FIELDS) {
    const value = form[field]
    if (TEXT_FIELDS.includes(field)) body[field] = String(value ?? '').trim()
    else if (field === 'total_investment') body[field] = wanToFen(value) ?? 0
    else if (field === 'funds')
      body[field] = value.filter((f) => f.source || f.amount !== '').map((f) => ({ source: f.source, amount: wanToFen(f.amount) ?? 0 }))
    else if (field === 'tags') body[field] = [...new Set(value.map((tag) => tag.trim()).filter(Boolean))]
    else if (field === 'responsible_org_ids') body[field] = [...value]
    else if (['level', 'category', 'nature', 'regime', 'subject'].includes(field)) body[field] = value || null
    else body[field] = value === '' || value === undefined ? null : value
  }
  return body
}

/**
 * The fields of `body` that differ from the project as loaded: what PATCH sends.
 * @param {Record<string, unknown>} body formToBody() of the edited form
 * @param {Record<string, unknown>} original formToBody(projectToForm(project)) of the loaded one
 */
export function changedFields(body, original) {
  const out = {}
  for (const [key, value] of Object.entries(body)) {
    if (JSON.stringify(value) !== JSON.stringify(original[key])) out[key] = value
  }
  return out
}

/**
 * The form field an error of the server belongs to: "funds[1].amount" and "funds.1" → "funds".
 * @param {string | undefined} field
 */
export const formFieldOf = (field) => (field ? field.replace(/[.[].*$/, '') : field)
