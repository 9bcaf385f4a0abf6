// The project library's vocabulary (SPEC §2), as the API names it. Every value has a label in
// both languages under the i18n key given in ENUMS (a test checks it).

export const STAGES = ['planning', 'reserve', 'preparation', 'construction', 'completed', 'production', 'suspended', 'withdrawn']
/** Where the entry review stands inside the reserve pool ('none' elsewhere). */
export const REVIEWS = ['pending_initial', 'pending_final', 'approved']
export const ACTIONS = [
  'submit',
  'pass_initial_review',
  'pass_final_review',
  'reject_review',
  'start_preparation',
  'start_construction',
  'complete',
  'start_production',
  'suspend',
  'resume',
  'withdraw',
  'restore',
]
export const LEVELS = ['provincial', 'municipal', 'district', 'general']
export const CATEGORIES = ['industry', 'infrastructure', 'livelihood', 'ecology', 'social', 'platform']
export const NATURES = ['new', 'expansion', 'renovation', 'relocation', 'restoration']
export const REGIMES = ['approval', 'ratification', 'filing']
export const SUBJECTS = ['state', 'private', 'foreign', 'government']
export const FUND_SOURCES = ['government', 'special_bond', 'central_budget', 'bank_loan', 'social_capital', 'ppp', 'industry_fund']
export const CONSTRUCTION_KINDS = ['new_start', 'continuing']

/** Each enumerated field: its values and the i18n key above their labels. */
export const ENUMS = {
  stage: { values: STAGES, key: 'projects.stages' },
  review: { values: REVIEWS, key: 'projects.reviews' },
  action: { values: ACTIONS, key: 'projects.actions' },
  level: { values: LEVELS, key: 'projects.levels' },
  category: { values: CATEGORIES, key: 'projects.categories' },
  nature: { values: NATURES, key: 'projects.natures' },
  regime: { values: REGIMES, key: 'projects.regimes' },
  subject: { values: SUBJECTS, key: 'projects.subjects' },
  fund_source: { values: FUND_SOURCES, key: 'projects.fundSources' },
  construction_kind: { values: CONSTRUCTION_KINDS, key: 'projects.constructionKinds' },
  resume_stage: { values: STAGES, key: 'projects.stages' },
}

/** Actions that must give a reason (the server checks it too). */
export const REASON_ACTIONS = ['reject_review', 'suspend', 'withdraw', 'restore']
/** Actions that record a date, and the project field it becomes. */
export const DATE_ACTIONS = { start_construction: 'actual_start', complete: 'actual_completion' }
/** How an action's button looks: going back or out is a warning. */
export const ACTION_TYPES = {
  reject_review: 'warning',
  suspend: 'warning',
  withdraw: 'danger',
}

/** Tags the office uses most (SPEC §2); any other text is allowed. */
export const TAG_SUGGESTIONS = ['十四五', '十五五', '攻坚', '两重', '两新']

/** Roles that may enter projects (the server decides for each project). */
export const CREATE_ROLES = ['office', 'unit', 'owner']

/**
 * The project search form's filters as the URL and GET /projects (and GET /gantt) name them, with
 * their types for utils/listQuery.js.
 * @type {import('./listQuery').FilterSchema}
 */
export const PROJECT_FILTERS = {
  q: 'string',
  stage: 'list',
  category: 'string',
  level: 'string',
  town_org_id: 'int',
  responsible_org_id: 'int',
  leader_user_id: 'int',
  tag: 'string',
  year: 'int',
}

/** The sort keys GET /projects accepts, and its default. */
export const SORT_KEYS = ['id', 'name', 'total_investment', 'planned_start', 'planned_completion', 'updated_at', 'stage', 'level']
export const DEFAULT_SORT = '-id'

/** One colour per stage, shared by the tags, the map and its legend. */
export const STAGE_COLORS = {
  planning: '#909399',
  reserve: '#e6a23c',
  preparation: '#409eff',
  construction: '#67c23a',
  completed: '#1d5fc4',
  production: '#13a8a8',
  suspended: '#f56c6c',
  withdrawn: '#606266',
}

/**
 * The label of an enumerated value, or the value itself when it is unknown (a newer server).
 * @param {(key: string) => string} t
 * @param {(key: string) => boolean} te
 * @param {keyof typeof ENUMS} field
 * @param {string | null | undefined} value
 */
export function enumLabel(t, te, field, value) {
  if (value === null || value === undefined || value === '') return ''
  const key = `${ENUMS[field].key}.${value}`
  return te(key) ? t(key) : String(value)
}

/**
 * A project's stage as people say it: 储备 shows where its review stands, 储备（待初审）.
 * @param {(key: string) => string} t
 * @param {(key: string) => boolean} te
 * @param {string} stage
 * @param {string | null | undefined} [review]
 */
export function stageLabel(t, te, stage, review) {
  const name = enumLabel(t, te, 'stage', stage)
  if (stage !== 'reserve' || !review || review === 'none') return name
  return t('projects.stageWithReview', { stage: name, review: enumLabel(t, te, 'review', review) })
}
