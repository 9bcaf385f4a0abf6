// Answers of GET /api/cockpit/* as the contract (issue 7) describes them, for the view tests.
const common = { year: 2026, month: 10, as_of: '2026-10-31', generated_at: '2026-11-29T10:00:00+08:00' }

export const SUMMARY = {
  ...common,
  projects: 86,
  total_investment: 123_456_000_000_00,
  annual_planned: 66_600_000_000_0,
  completed_ytd: 523_000_000_000,
  schedule_ytd: 515_000_000_000,
  completion_rate: 7850,
  schedule_rate: 7730,
  points_vs_schedule: 120,
  new_starts: 12,
  completions: 5,
  lights: { red: 3, yellow: 9, green: 74 },
  sentence: '1-10月，全区86个重大项目完成投资52.3亿元，完成年度计划的78.5%，高于序时进度1.2个百分点',
}

const row = (key, name, projects, planned, completed, rate) => ({ key, name, projects, total_investment: planned * 3, annual_planned: planned, completed_ytd: completed, completion_rate: rate })

export const breakdown = (dimension) => ({
  ...common,
  dimension,
  rows:
    dimension === 'stage'
      ? [row('construction', '在建', 60, 500_000_000_000, 420_000_000_000, 8400), row('preparation', '前期', 26, 166_000_000_000, 103_000_000_000, 6205)]
      : [row(3, '城关街道', 50, 400_000_000_000, 300_000_000_000, 7500), row(null, '未指定', 36, 266_000_000_000, 223_000_000_000, 8383)],
  total: row(null, '', 86, 666_000_000_000, 523_000_000_000, 7853),
})

export const LIGHTS = { ...common, counts: { red: 3, yellow: 9, green: 74 }, by_town: [{ key: 3, name: '城关街道', red: 2, yellow: 5, green: 43 }, { key: 4, name: '东城街道', red: 1, yellow: 4, green: 31 }] }
export const PROBLEMS = {
  ...common,
  open: 14,
  overdue: 4,
  closed_this_month: 6,
  raised_this_month: 5,
  by_type: [{ key: 'land', name: '用地', open: 5, overdue: 2, closed_this_month: 1 }],
  by_unit: [{ key: 11, name: '区住建局', open: 6, overdue: 1, closed_this_month: 2 }],
}
export const APPROVALS = { ...common, in_progress: 40, yellow: 6, red: 2, departments: [{ key: 21, name: '区自然资源和规划局', in_progress: 12, yellow: 3, red: 2, median_days: 18, p90_days: 35 }] }
export const TREND = {
  ...common,
  months: Array.from({ length: 10 }, (_, i) => ({ month: i + 1, planned_cum: (i + 1) * 55_500_000_000, schedule_cum: (i + 1) * 51_500_000_000, completed_cum: (i + 1) * 52_300_000_000, completed_month: 52_300_000_000 })),
}
export const RANKING = {
  ...common,
  rows: [
    { rank: 1, key: 11, name: '区住建局', projects: 20, annual_planned: 200_000_000_000, completed_ytd: 180_000_000_000, completion_rate: 9000, points_vs_schedule: 1270, red: 0, yellow: 1 },
    { rank: 2, key: 12, name: '区交通局', projects: 10, annual_planned: 100_000_000_000, completed_ytd: 50_000_000_000, completion_rate: 5000, points_vs_schedule: -2730, red: 2, yellow: 3 },
  ],
}
export const MAP = { ...common, columns: ['id', 'name', 'lng', 'lat', 'colour'], colours: ['green', 'yellow', 'red'], points: [[7, '纬三路', 120.1, 30.2, 2], [8, '经五路', 120.2, 30.25, 0]] }
export const DRILL = {
  figure: 'completed_ytd',
  total: 2,
  sum: 523_000_000_000,
  items: [
    { project_id: 7, name: '纬三路', town: '城关街道', unit: '区住建局', value: 500_000_000_000 },
    { project_id: 8, name: '经五路', town: '东城街道', unit: '区交通局', value: 23_000_000_000 },
  ],
  page: 1,
  page_size: 20,
}
export const MINE = {
  ...common,
  projects: [
    { id: 8, name: '经五路', stage: 'construction', colour: 'green', reason: '', open_problems: 0, overdue_problems: 0, completion_rate: 9100, town: '东城街道' },
    { id: 7, name: '纬三路', stage: 'construction', colour: 'red', reason: '完成投资落后序时进度25个百分点', open_problems: 3, overdue_problems: 1, completion_rate: 5000, town: '城关街道' },
  ],
}

/** Answers a cockpit request by its path. */
export function cockpitAnswer(url) {
  const path = url.split('?')[0]
  const query = new URLSearchParams(url.split('?')[1] ?? '')
  switch (path) {
    case '/api/cockpit/summary': return SUMMARY
    case '/api/cockpit/breakdown': return breakdown(query.get('dimension'))
    case '/api/cockpit/lights': return LIGHTS
    case '/api/cockpit/problems': return PROBLEMS
    case '/api/cockpit/approvals': return APPROVALS
    case '/api/cockpit/trend': return TREND
    case '/api/cockpit/ranking': return RANKING
    case '/api/cockpit/map': return MAP
    case '/api/cockpit/projects': return { ...DRILL, figure: query.get('figure') }
    case '/api/cockpit/mine': return MINE
    case '/api/map/district': return { type: 'FeatureCollection', features: [] }
    default: return null
  }
}
