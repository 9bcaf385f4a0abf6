import { describe, expect, it } from 'vitest'
import { emptyFilters, filterParams, readListQuery, sameQuery, sortFromTable, tableSort, writeListQuery } from './listQuery'

const schema = { q: 'string', stage: 'list', town_org_id: 'int', year: 'int', tag: 'string' }
const defaults = { size: 20, sort: '-id', sortKeys: ['id', 'name', 'total_investment'], sizes: [20, 50, 100] }

describe('list query', () => {
  it('has an empty value for each filter type', () => {
    expect(emptyFilters(schema)).toEqual({ q: '', stage: [], town_org_id: null, year: null, tag: '' })
  })

  it('reads the page state from the URL', () => {
    const state = readListQuery(
      { q: '产业园', stage: 'construction,preparation', town_org_id: '12', year: '2026', page: '3', page_size: '50', sort: '-total_investment' },
      schema,
      defaults,
    )
    expect(state).toEqual({
      filters: { q: '产业园', stage: ['construction', 'preparation'], town_org_id: 12, year: 2026, tag: '' },
      page: 3,
      size: 50,
      sort: '-total_investment',
    })
  })

  it('gives the defaults for a plain URL', () => {
    expect(readListQuery({}, schema, defaults)).toEqual({ filters: emptyFilters(schema), page: 1, size: 20, sort: '-id' })
  })

  it('drops malformed values instead of sending them on', () => {
    const state = readListQuery(
      { town_org_id: 'abc', year: '-1', page: '0', page_size: '7', sort: 'password', stage: ',construction,,construction' },
      schema,
      defaults,
    )
    expect(state.filters.town_org_id).toBeNull()
    expect(state.filters.year).toBeNull()
    expect(state.filters.stage).toEqual(['construction'])
    expect(state.page).toBe(1)
    expect(state.size).toBe(20)
    expect(state.sort).toBe('-id')
    // vue-router gives an array for a repeated parameter: the first one counts.
    expect(readListQuery({ q: ['a', 'b'] }, schema, defaults).filters.q).toBe('a')
  })

  it('writes only what differs from the defaults', () => {
    const state = { filters: { ...emptyFilters(schema), q: ' 产业园 ', stage: ['construction'] }, page: 1, size: 20, sort: '-id' }
    expect(writeListQuery(state, schema, defaults)).toEqual({ q: '产业园', stage: 'construction' })
    expect(writeListQuery({ ...state, page: 2, size: 50, sort: 'name' }, schema, defaults)).toEqual({
      q: '产业园',
      stage: 'construction',
      page: '2',
      page_size: '50',
      sort: 'name',
    })
    expect(writeListQuery({ filters: emptyFilters(schema), page: 1, size: 20, sort: '-id' }, schema, defaults)).toEqual({})
  })

  it('round-trips through the URL', () => {
    const query = { q: '产业园', stage: 'construction,preparation', town_org_id: '12', year: '2026', tag: '十四五', page: '2', sort: 'name' }
    expect(writeListQuery(readListQuery(query, schema, defaults), schema, defaults)).toEqual(query)
  })

  it('gives the API the same parameters, lists comma-separated', () => {
    expect(filterParams({ q: '', stage: ['construction', 'preparation'], town_org_id: 12, year: null, tag: '攻坚' }, schema)).toEqual({
      stage: 'construction,preparation',
      town_org_id: '12',
      tag: '攻坚',
    })
  })

  it('compares queries regardless of key order', () => {
    expect(sameQuery({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true)
    expect(sameQuery({ a: '1' }, { a: '1', page: '2' })).toBe(false)
    expect(sameQuery({}, {})).toBe(true)
  })

  it('translates between el-table sorting and the API sort', () => {
    expect(sortFromTable({ prop: 'total_investment', order: 'descending' }, '-id')).toBe('-total_investment')
    expect(sortFromTable({ prop: 'name', order: 'ascending' }, '-id')).toBe('name')
    expect(sortFromTable({ prop: 'name', order: null }, '-id')).toBe('-id')
    expect(tableSort('-total_investment')).toEqual({ prop: 'total_investment', order: 'descending' })
    expect(tableSort('name')).toEqual({ prop: 'name', order: 'ascending' })
    expect(tableSort('')).toBeUndefined()
  })
})
