import { describe, expect, it } from 'vitest'
import { districtGeo, mapExtent, pointSize } from './projectMap'

describe('project map', () => {
  it('frames the points with a margin', () => {
    const [[west, north], [east, south]] = mapExtent([
      { longitude: 120.1, latitude: 30.2 },
      { longitude: 120.3, latitude: 30.3 },
    ])
    expect(west).toBeCloseTo(120.08)
    expect(east).toBeCloseTo(120.32)
    expect(north).toBeCloseTo(30.32)
    expect(south).toBeCloseTo(30.18)
  })

  it('frames one point and no point', () => {
    const [[west, north], [east, south]] = mapExtent([{ longitude: 120, latitude: 30 }])
    expect(east - west).toBeCloseTo(0.004)
    expect(north - south).toBeCloseTo(0.004)
    expect(mapExtent([])).toEqual([
      [73, 54],
      [136, 18],
    ])
  })

  it('sizes points by investment', () => {
    expect(pointSize(0, 100)).toBe(8)
    expect(pointSize(null, 100)).toBe(8)
    expect(pointSize(100, 100)).toBe(24)
    expect(pointSize(25, 100)).toBe(16)
    expect(pointSize(100, 0)).toBe(8)
  })

  it('frames the district map: the boundary when there is one, else the points', () => {
    const points = [{ longitude: 120, latitude: 30 }]
    const withBoundary = districtGeo({ hasDistrict: true, points })
    expect(withBoundary.map).toBe('district')
    expect(withBoundary.boundingCoords).toBeUndefined()
    expect(withBoundary).not.toHaveProperty('left')
    const bare = districtGeo({ hasDistrict: false, points, dark: true, left: 8, right: 8 })
    expect(bare.boundingCoords).toEqual(mapExtent(points))
    expect([bare.left, bare.right]).toEqual([8, 8])
    expect(bare.itemStyle.areaColor).toBe('#12304f')
  })
})
