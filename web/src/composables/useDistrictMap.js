import { ref } from 'vue'
import { registerMap } from 'echarts/core'
import { get } from '../api/client'

/**
 * Registers the district's boundary (GET /api/map/district, the GeoJSON the administrator set;
 * no online map service) with ECharts as map `name`. `ready` turns true once registered, with an
 * empty boundary when none is configured (`hasDistrict` false: the points are drawn alone).
 * @param {string} [name]
 */
export function useDistrictMap(name = 'district') {
  const ready = ref(false)
  const hasDistrict = ref(false)

  async function load() {
    let geojson
    try {
      geojson = await get('/map/district', { silent: true })
      hasDistrict.value = Array.isArray(geojson?.features) && geojson.features.length > 0
    } catch {
      hasDistrict.value = false
    }
    registerMap(name, hasDistrict.value ? geojson : { type: 'FeatureCollection', features: [] })
    ready.value = true
  }

  return { ready, hasDistrict, load }
}
