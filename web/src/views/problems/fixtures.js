// Problems as the API answers them, for the unit tests of the problem views.

/** An overdue problem in the hands of a unit, as GET /problems lists it. */
export const OVERDUE = {
  id: 41,
  project_id: 7,
  project_name: '智能制造产业园一期',
  type: 'utilities',
  title: '施工用电未接入',
  description: '临时用电申请已提交两个月，供电局未答复。',
  state: 'in_progress',
  level: 'weekly',
  raised_by: 12,
  raised_by_name: '孙业主',
  raised_role: 'owner',
  raised_org_name: '示范区产业投资集团',
  raised_on: '2026-10-08',
  inspection_id: null,
  responsible_org_id: 30,
  responsible_org_name: '区供电公司',
  cooperating: [{ id: 31, name: '区发展和改革局' }],
  deadline: '2026-11-10',
  overdue: true,
  overdue_working_days: 13,
  result: '',
  confirmed: false,
  closed_on: null,
  photos: [{ id: 5, filename: '现场.jpg', thumbnail_url: '/api/attachments/5/thumbnail', url: '/api/attachments/5' }],
  version: 6,
  can: { assign: false, step: false, submit: false, confirm: false, close: false, reopen: false, escalate: false, letter: false },
}

/** A problem just raised, waiting for the office. */
export const PENDING = {
  ...OVERDUE,
  id: 42,
  type: 'land',
  title: '用地指标缺口',
  state: 'pending',
  level: 'unit',
  responsible_org_id: null,
  responsible_org_name: null,
  cooperating: [],
  deadline: null,
  overdue: false,
  overdue_working_days: 0,
  photos: [],
  version: 1,
}

export const COUNTS = { pending: 3, in_progress: 5, awaiting_confirmation: 1, closed: 10, returned: 0, reopened: 1, overdue: 2 }

export const json = (body, status = 200, headers = {}) => Promise.resolve(new Response(JSON.stringify(body), { status, headers }))
