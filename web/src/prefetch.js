// The first script of index.html, before the application's bundle: a page whose first request
// is heavy starts it here, while the browser still loads, parses and mounts the app, and the
// page takes the answer (api/prefetch.js): 挂图作战 (1,000 rows and their nodes) and 驾驶舱 (a
// dozen panels).
// Nothing here may import the app: this chunk must stay a few kilobytes.
import { prefetch } from './api/prefetch'
import { queryString } from './api/query'
import { GANTT_DEFAULTS, GANTT_FILTERS } from './utils/gantt'
import { listRequestQuery } from './utils/listQuery'
import { PANELS, cockpitPeriod, panelQuery } from './utils/cockpit'
import { beijingToday } from './utils/reports'

/**
 * Starts the first request of the page at `pathname` with `search`, when it has one worth
 * starting early; returns the path and query asked for (undefined when none).
 * @param {string} pathname e.g. '/gantt'
 * @param {string} search e.g. '?warning=red'
 */
export function prefetchRoute(pathname, search) {
  if (pathname !== '/gantt') return undefined
  const query = Object.fromEntries(new URLSearchParams(search))
  const key = '/gantt' + queryString(listRequestQuery(query, GANTT_FILTERS, GANTT_DEFAULTS))
  prefetch(key)
  return key
}

/**
 * 驾驶舱 (the page and the large screen): starts every panel's request for the period of the URL
 * and the district's boundary, as the page will ask for them; returns the paths and queries
 * asked for (undefined on other pages).
 * @param {string} pathname
 * @param {string} search
 */
export function prefetchCockpit(pathname, search) {
  if (pathname !== '/cockpit' && pathname !== '/screen') return undefined
  const period = cockpitPeriod(Object.fromEntries(new URLSearchParams(search)), beijingToday())
  const keys = [...PANELS.map((p) => p.path + queryString(panelQuery(p, period))), '/map/district']
  for (const key of keys) prefetch(key)
  return keys
}

if (typeof window !== 'undefined') {
  prefetchRoute(window.location.pathname, window.location.search)
  prefetchCockpit(window.location.pathname, window.location.search)
}
