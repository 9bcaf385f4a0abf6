import { describe, expect, it } from 'vitest'
import { buildOrgTree, filterTree, subtreeIds } from './orgs'

const orgs = [
  { id: 1, parent_id: null, name: '示范区', kind: 'district' },
  { id: 2, parent_id: 1, name: '区发展和改革局', kind: 'department' },
  { id: 3, parent_id: 1, name: '城关街道', kind: 'town' },
  { id: 4, parent_id: 3, name: '城关社区', kind: 'town' },
  { id: 9, parent_id: 77, name: '孤立单位', kind: 'owner' },
]

describe('organisation tree', () => {
  it('nests children under their parents in list order', () => {
    const tree = buildOrgTree(orgs)
    expect(tree.map((o) => o.id)).toEqual([1, 9])
    expect(tree[0].children.map((o) => o.id)).toEqual([2, 3])
    expect(tree[0].children[1].children.map((o) => o.id)).toEqual([4])
    expect(tree[0].children[0].children).toBeUndefined()
    expect(orgs[0]).not.toHaveProperty('children')
  })

  it('filters keeping the path to each match', () => {
    const found = filterTree(buildOrgTree(orgs), (o) => o.name.includes('社区'))
    expect(found.map((o) => o.id)).toEqual([1])
    expect(found[0].children.map((o) => o.id)).toEqual([3])
    expect(found[0].children[0].children.map((o) => o.id)).toEqual([4])
  })

  it('knows an organisation and everything below it', () => {
    expect([...subtreeIds(orgs, 3)].sort()).toEqual([3, 4])
    expect([...subtreeIds(orgs, 1)].sort()).toEqual([1, 2, 3, 4])
  })
})
