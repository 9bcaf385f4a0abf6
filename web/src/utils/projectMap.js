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
