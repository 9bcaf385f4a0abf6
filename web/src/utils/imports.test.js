import { describe, expect, it } from 'vitest'
import {
  MAX_IMPORT_BYTES,
  actionCounts,
  buildMapping,
  cellRef,
  changeList,
  countRows,
  defaultImportPeriod,
  duplicateFields,
  errorLines,
  filterRows,
  formatErrorList,
  importFileProblem,
  mappingChanged,
  missingLabels,
  pageOf,
  parsePeriod,
  previewBody,
  selectionOf,
} from './imports'

const COLUMNS = [
  { index: 0, letter: 'A', header: '序号', field: null },
  { index: 1, letter: 'B', header: '项目名称', field: 'name' },
  { index: 2, letter: 'C', header: '总投资（亿元）', field: 'total_investment' },
]
const FIELDS = [
  { key: 'national_code', label: '项目代码', required: false },
  { key: 'name', label: '项目名称', required: true },
  { key: 'total_investment', label: '总投资（万元）', required: true },
  { key: 'remarks', label: '备注', required: false },
]
const rowLabel = (row) => `第${row}行`

describe('import files', () => {
  it('takes .xlsx and .csv files up to 20 MiB, whatever the case of the extension', () => {
    expect(importFileProblem({ name: '项目清单.xlsx', size: 1000 })).toBeNull()
    expect(importFileProblem({ name: 'LIST.CSV', size: MAX_IMPORT_BYTES })).toBeNull()
    expect(importFileProblem({ name: '项目清单.xls', size: 1000 })).toBe('type')
    expect(importFileProblem({ name: 'xlsx', size: 1000 })).toBe('type')
    expect(importFileProblem({ name: 'a.xlsx', size: 0 })).toBe('empty')
    expect(importFileProblem({ name: 'a.xlsx', size: MAX_IMPORT_BYTES + 1 })).toBe('size')
  })

  it('defaults the report month to the month before, and reads a month from the URL', () => {
    expect(defaultImportPeriod({ year: 2026, month: 11 })).toBe('2026-10')
    expect(defaultImportPeriod({ year: 2026, month: 1 })).toBe('2025-12')
    expect(parsePeriod('2026-09')).toBe('2026-09')
    expect(parsePeriod('2026-13')).toBeNull()
    expect(parsePeriod('2026-9')).toBeNull()
    expect(parsePeriod(['2026-09'])).toBeNull()
    expect(parsePeriod(undefined)).toBeNull()
  })
})

describe('column mapping', () => {
  it('starts from the automatic mapping', () => {
    expect(selectionOf(COLUMNS)).toEqual({ 0: null, 1: 'name', 2: 'total_investment' })
    expect(selectionOf(undefined)).toEqual({})
  })

  it('sends every column, the chosen field or null for 不导入', () => {
    const selection = { ...selectionOf(COLUMNS), 0: 'national_code', 2: '' }
    expect(buildMapping(COLUMNS, selection)).toEqual({ 0: 'national_code', 1: 'name', 2: null })
    // Keys are strings, as the contract has them.
    expect(Object.keys(buildMapping(COLUMNS, selection))).toEqual(['0', '1', '2'])
    // A column the user has not touched keeps its automatic field.
    expect(buildMapping(COLUMNS, { 0: 'remarks' })).toEqual({ 0: 'remarks', 1: 'name', 2: 'total_investment' })
  })

  it('knows when the choices differ from the preview', () => {
    expect(mappingChanged(COLUMNS, selectionOf(COLUMNS))).toBe(false)
    expect(mappingChanged(COLUMNS, { ...selectionOf(COLUMNS), 1: null })).toBe(true)
    expect(mappingChanged(COLUMNS, { ...selectionOf(COLUMNS), 0: '' })).toBe(false)
    expect(mappingChanged(COLUMNS, { ...selectionOf(COLUMNS), 0: 'remarks' })).toBe(true)
  })

  it('builds the preview body from what is known', () => {
    expect(previewBody({})).toEqual({})
    expect(previewBody({ sheet: 0 })).toEqual({ sheet: 0 })
    expect(previewBody({ sheet: 1, header_row: 3, mapping: { 0: null } })).toEqual({ sheet: 1, header_row: 3, mapping: { 0: null } })
    expect(previewBody({ sheet: null, header_row: 0, mapping: null })).toEqual({})
  })

  it('names the required fields missing and the fields taken twice', () => {
    expect(missingLabels({ fields: FIELDS, missing_required: ['total_investment', 'name'] })).toEqual(['总投资（万元）', '项目名称'])
    expect(missingLabels({ fields: FIELDS, missing_required: [] })).toEqual([])
    expect(missingLabels({ fields: FIELDS, missing_required: ['odd'] })).toEqual(['odd'])
    expect(duplicateFields({ 0: 'total_investment', 1: 'name', 2: 'total_investment', 3: null, 4: null }, FIELDS)).toEqual(['总投资（万元）'])
    expect(duplicateFields(selectionOf(COLUMNS), FIELDS)).toEqual([])
  })
})

const ROWS = [
  { row: 9, action: 'error', project_name: '丙', errors: [{ column: 'C', field: 'total_investment', message: '总投资（万元）：“一百万”不是数字' }, { column: null, message: '项目名称与项目代码不一致' }] },
  { row: 5, action: 'create', project_name: '甲' },
  { row: 6, action: 'update', project_id: 7, project_name: '乙', changes: { remarks: ['', '重点'], total_investment: ['12,000.00', '12,500.00'] } },
  { row: 7, action: 'skipped', project_name: '', reason: '合计行' },
  { row: 8, action: 'error', project_name: '丁', errors: [{ column: 'B', field: 'name', message: '项目名称不能为空' }] },
]

describe('preview rows', () => {
  it('counts the rows by action, from the counts when the preview has them', () => {
    expect(countRows(ROWS)).toEqual({ create: 1, update: 1, unchanged: 0, skipped: 1, error: 2 })
    expect(actionCounts({ rows: ROWS }).map((c) => `${c.action}:${c.count}`)).toEqual(['create:1', 'update:1', 'unchanged:0', 'skipped:1', 'error:2'])
    expect(actionCounts({ rows: [], counts: { create: 10, update: 2, unchanged: 30, skipped: 3, error: 0 } }).map((c) => c.count)).toEqual([10, 2, 30, 3, 0])
  })

  it('filters by action', () => {
    expect(filterRows(ROWS, '')).toBe(ROWS)
    expect(filterRows(ROWS, 'all')).toBe(ROWS)
    expect(filterRows(ROWS, 'error').map((r) => r.row)).toEqual([9, 8])
    expect(filterRows(ROWS, 'unchanged')).toEqual([])
  })

  it('pages 10,000 rows 50 at a time', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ row: i + 2, action: 'create' }))
    expect(pageOf(many, 1).map((r) => r.row)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2))
    expect(pageOf(many, 2)[0].row).toBe(52)
    expect(pageOf(many, 201).map((r) => r.row)).toEqual([10_002])
    // Past the end (the filter shrank the list): the last page.
    expect(pageOf(many.slice(0, 60), 5).map((r) => r.row)).toEqual(Array.from({ length: 10 }, (_, i) => i + 52))
    expect(pageOf([], 3)).toEqual([])
  })

  it('writes errors with their cell, or the row when they name no column', () => {
    expect(cellRef('C', 9)).toBe('C9')
    expect(cellRef(null, 9)).toBeNull()
    expect(errorLines(ROWS[0], rowLabel)).toEqual(['C9 总投资（万元）：“一百万”不是数字', '第9行 项目名称与项目代码不一致'])
    expect(errorLines(ROWS[1], rowLabel)).toEqual([])
    expect(formatErrorList(ROWS, rowLabel)).toBe(['B8 项目名称不能为空', 'C9 总投资（万元）：“一百万”不是数字', '第9行 项目名称与项目代码不一致'].join('\n'))
    // The rows are not reordered in place.
    expect(ROWS[0].row).toBe(9)
  })

  it('lists an update row’s changes in the fields’ order with their labels', () => {
    expect(changeList(ROWS[2].changes, FIELDS)).toEqual([
      { field: 'total_investment', label: '总投资（万元）', before: '12,000.00', after: '12,500.00' },
      { field: 'remarks', label: '备注', before: '', after: '重点' },
    ])
    expect(changeList({ odd: ['1', '2'], name: ['a', 'b'] }, FIELDS).map((c) => c.label)).toEqual(['项目名称', 'odd'])
    expect(changeList(undefined, FIELDS)).toEqual([])
  })
})
