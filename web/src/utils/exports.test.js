import { describe, expect, it } from 'vitest'
import {
  MAX_TABLE_ROWS,
  TooManyRowsError,
  cellValue,
  dispositionFilename,
  exportQuery,
  exportUrl,
  fetchAllRows,
  pagesOf,
  projectExportColumns,
  tablePayload,
} from './exports'
import { PROJECT_FILTERS } from './projects'

describe('server exports', () => {
  it('sends the list filters as the list sends them, leaving empty ones out', () => {
    const filters = { q: ' 产业园 ', stage: ['construction', 'preparation'], category: '', level: '', town_org_id: 12, responsible_org_id: null, leader_user_id: null, tag: '', year: null, warning: ['red'] }
    const query = exportQuery(filters, { ...PROJECT_FILTERS, warning: 'list' }, { sort: '-total_investment', columns: 'name,stage', view: '' })
    expect(query).toEqual({ q: '产业园', stage: 'construction,preparation', town_org_id: '12', warning: 'red', sort: '-total_investment', columns: 'name,stage' })
    expect(exportUrl('/projects/export', query)).toBe(
      '/api/projects/export?q=%E4%BA%A7%E4%B8%9A%E5%9B%AD&stage=construction%2Cpreparation&town_org_id=12&warning=red&sort=-total_investment&columns=name%2Cstage',
    )
    expect(exportUrl('/problems/export')).toBe('/api/problems/export')
  })

  it('names the project list columns the table shows, the name first, in the table order', () => {
    const columns = [{ key: 'warning' }, { key: 'stage' }, { key: 'total_investment' }, { key: 'planned' }, { key: 'tags' }]
    const shown = new Set(['planned', 'warning', 'total_investment', 'stage'])
    expect(projectExportColumns(columns, (k) => shown.has(k))).toBe('name,warning,stage,construction_kind,total_investment,planned')
    expect(projectExportColumns(columns, () => false)).toBe('name')
  })

  it('reads the file name from Content-Disposition, preferring the UTF-8 one', () => {
    expect(dispositionFilename(`attachment; filename="_20261129.xlsx"; filename*=UTF-8''%E9%A1%B9%E7%9B%AE%E6%B8%85%E5%8D%95_20261129.xlsx`)).toBe(
      '项目清单_20261129.xlsx',
    )
    expect(dispositionFilename('attachment; filename="audit-log.csv"')).toBe('audit-log.csv')
    expect(dispositionFilename("attachment; filename*=UTF-8''%E0%A4%A")).toBe('export.xlsx')
    expect(dispositionFilename(null, 'x.xlsx')).toBe('x.xlsx')
  })
})

describe('any list as a table', () => {
  it('turns each cell into what its column kind takes', () => {
    expect(cellValue('text', '城关')).toBe('城关')
    expect(cellValue('text', 12)).toBe('12')
    expect(cellValue('text', '')).toBeNull()
    expect(cellValue('integer', '7')).toBe(7)
    expect(cellValue('integer', 'x')).toBeNull()
    expect(cellValue('money', 123456789)).toBe(123456789)
    expect(cellValue('money', 1.4)).toBe(1)
    expect(cellValue('rate', 7857)).toBe(7857)
    expect(cellValue('date', '2026-03-01')).toBe('2026-03-01')
    expect(cellValue('date', '2026-03-01T02:00:00.000Z')).toBeNull()
    expect(cellValue('date', undefined)).toBeNull()
  })

  it('builds the body of POST /export/table from the columns and the rows', () => {
    const rows = [
      { id: 1, title: '城关片区督查', held_on: '2026-03-01', projects: [1, 2, 3], investment: 1234567891, rate: 7857 },
      { id: 2, title: '柳河走访', held_on: null, projects: [], investment: null, rate: null },
    ]
    const payload = tablePayload({
      title: '督查走访记录',
      fileName: '督查走访',
      columns: [
        { header: '日期', kind: 'date', value: (r) => r.held_on },
        { header: '标题', kind: 'text', value: (r) => r.title, width: 30 },
        { header: '项目数', kind: 'integer', value: (r) => r.projects.length },
        { header: '投资（万元）', kind: 'money', value: (r) => r.investment },
        { header: '完成率', kind: 'rate', value: (r) => r.rate },
      ],
      rows,
    })
    expect(payload).toEqual({
      title: '督查走访记录',
      file_name: '督查走访',
      columns: [
        { header: '日期', kind: 'date' },
        { header: '标题', kind: 'text', width: 30 },
        { header: '项目数', kind: 'integer' },
        { header: '投资（万元）', kind: 'money' },
        { header: '完成率', kind: 'rate' },
      ],
      rows: [
        ['2026-03-01', '城关片区督查', 3, 1234567891, 7857],
        [null, '柳河走访', 0, null, null],
      ],
    })
    expect(tablePayload({ title: 'x', columns: [], rows: [] })).not.toHaveProperty('file_name')
  })

  it('fetches every page of a list and refuses one past the limit', async () => {
    const all = Array.from({ length: 450 }, (_, i) => ({ id: i + 1 }))
    const asked = []
    const fetchPage = async (page, size) => {
      asked.push([page, size])
      return { items: all.slice((page - 1) * size, page * size), total: all.length }
    }
    expect(await fetchAllRows(fetchPage)).toEqual(all)
    expect(asked).toEqual([
      [1, 200],
      [2, 200],
      [3, 200],
    ])
    const big = async () => ({ items: [{ id: 1 }], total: MAX_TABLE_ROWS + 1 })
    await expect(fetchAllRows(big)).rejects.toBeInstanceOf(TooManyRowsError)
    // The pages of a list route, its filters kept.
    const calls = []
    const get = async (path, options) => {
      calls.push([path, options.query])
      return { items: [{ id: options.query.page }], total: 2 }
    }
    expect(await fetchAllRows(pagesOf(get, '/inspections', { kind: 'visit' }), { pageSize: 1 })).toEqual([{ id: 1 }, { id: 2 }])
    expect(calls).toEqual([
      ['/inspections', { kind: 'visit', page: 1, page_size: 1 }],
      ['/inspections', { kind: 'visit', page: 2, page_size: 1 }],
    ])
    // A list that shrinks while it is read ends at its last page.
    const shrinking = async (page) => ({ items: page === 1 ? [{ id: 1 }] : [], total: 5 })
    expect(await fetchAllRows(shrinking, { pageSize: 1 })).toEqual([{ id: 1 }])
  })
})
