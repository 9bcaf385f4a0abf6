// Pure helpers of the project map.

/** China's extent, for a map with neither a boundary nor points. */
const CHINA = [
  [73, 54],
  [136, 18],
]

/**
 * The frame ECharts' geo.boundingCoords takes ([[west, north], [east, south]]) around the points,
 * with a margin, for a map without a district boundary.
 * @param {{longitude: number, latitude: number}[]} points
 */
export function mapExtent(points) {
  if (!points.length) return CHINA
  const lngs = points.map((p) => p.longitude)
  const lats = points.map((p) => p.latitude)
  const [west, east, south, north] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)]
  const margin = Math.max(east - west, north - south, 0.02) * 0.1
  return [
    [west - margin, north + margin],
    [east + margin, south - margin],
  ]
}

/**
 * The size of a project's point: its area grows with the investment, from 8 to 24 pixels across.
 * @param {number | null | undefined} fen the project's total investment
 * @param {number} max the largest investment on the map
 */
export function pointSize(fen, max) {
  if (!max || !fen || fen <= 0) return 8
  return Math.round(8 + 16 * Math.sqrt(Math.min(fen, max) / max))
}

/**
 * The geo component of a district map (the boundary registered as `map`), shared by 项目一张图 and
 * the cockpit: the towns labelled, drag and zoom on, the towns not selectable. Without a boundary
 * the frame is the points' extent.
 * @param {{map?: string, hasDistrict: boolean, points: {longitude: number, latitude: number}[], dark?: boolean, top?: number, bottom?: number, left?: number, right?: number, labels?: boolean}} options
 *   left and right: keep the map inside the box on both sides too (a narrow box)
 */
export function districtGeo({ map = 'district', hasDistrict, points, dark = false, top = 56, bottom = 16, left, right, labels = true }) {
  const geo = {
    map,
    roam: true,
    top,
    bottom,
    ...(left === undefined ? {} : { left }),
    ...(right === undefined ? {} : { right }),
    label: { show: labels, fontSize: 11, color: dark ? '#9fb3c8' : '#606266' },
    itemStyle: dark
      ? { areaColor: '#12304f', borderColor: '#3f7cc0', borderWidth: 1 }
      : { areaColor: '#eef4fb', borderColor: '#7aa6d9', borderWidth: 1 },
    emphasis: {
      label: { show: true, color: dark ? '#ffffff' : '#303133' },
      itemStyle: { areaColor: dark ? '#1b4775' : '#d8e8fa' },
    },
    select: { disabled: true },
    tooltip: { show: false },
  }
  if (!hasDistrict) geo.boundingCoords = mapExtent(points)
  return geo
}
